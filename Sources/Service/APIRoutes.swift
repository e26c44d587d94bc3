import Attestation
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Phylogeny

/// The body of `POST /v1/attributions`.
struct AttributionRequest: Decodable {
    var suspect: String
    var candidates: [String]?
    var reference: [String]?
    var bootstrap: Int?
    var seed: UInt64?
}

/// The body of `POST /v1/certificates`.
struct CertificateRequest: Decodable {
    /// The certificate file (a DSSE envelope), base64.
    var certificate: String
    /// The signer's Ed25519 public key: the PEM of `lineage attest keygen`'s `.pub` file, or the 32 raw bytes in base64.
    var publicKey: String

    enum CodingKeys: String, CodingKey {
        case certificate
        case publicKey = "public_key"
    }
}

/// The body of `POST /v1/reports`.
struct ReportRequest: Decodable {
    var suspect: String
    var claimedOrigin: String
    var evidenceLinks: [String]?
    var text: String?

    enum CodingKeys: String, CodingKey {
        case suspect, text
        case claimedOrigin = "claimed_origin"
        case evidenceLinks = "evidence_links"
    }
}

extension Registry {
    /// Adds the `/v1` API and `/openapi.json` to `router`.
    func addAPIRoutes(to router: Router<BasicRequestContext>) {
        router.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: self.openAPI))
        }
        let v1 = router.group("v1")
        v1.get("models") { _, _ in jsonResponse(ServiceJSON.models(try await self.store.models())) }
        v1.post("models") { request, _ in try await self.upload(request) }
        v1.get("models/:name") { _, context in
            let name = try Self.parameter(context, "name")
            guard let model = try await self.store.model(named: name) else {
                throw ServiceError.notFound("no model named \"\(name)\" is registered")
            }
            return jsonResponse(ServiceJSON.model(model))
        }
        v1.get("models/:name/profile") { _, context in
            let name = try Self.parameter(context, "name")
            guard let profile = try await self.profile(model: name) else {
                throw ServiceError.notFound("no model named \"\(name)\" is registered")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: profile))
        }
        v1.post("attributions") { request, _ in try await self.startAttribution(request) }
        v1.get("attributions/:id") { _, context in
            let id = try Self.parameter(context, "id")
            guard let job = try await self.store.job(id: id) else {
                throw ServiceError.notFound("no attribution job \(id)")
            }
            return jsonResponse(ServiceJSON.job(job))
        }
        v1.get("tree") { request, _ in
            let methodName = request.uri.queryParameters["method"].map(String.init) ?? "nj"
            guard let method = TreeMethod(rawValue: methodName) else {
                throw ServiceError.badRequest(
                    "invalid_parameter",
                    "method must be one of \(TreeMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let bootstrap = try Self.integer(request, "bootstrap", in: 0...100, default: 0)
            return jsonResponse(ServiceJSON.tree(try await self.trees.tree(method: method, bootstrap: bootstrap)))
        }
        v1.post("certificates") { request, _ in try await self.submitCertificate(request) }
        v1.get("log/head") { _, _ in jsonResponse(try await self.certificates.head().serialized()) }
        v1.get("log/proof/:index") { _, context in
            let text = try Self.parameter(context, "index")
            guard let index = Int(text), index >= 0 else {
                throw ServiceError.badRequest("invalid_parameter", "the index must be an integer of 0 or more")
            }
            return jsonResponse(try await self.certificates.proof(index: index).serialized())
        }
        v1.post("reports") { request, _ in try await self.fileReport(request) }
        v1.get("reports") { request, _ in
            let limit = try Self.integer(request, "limit", in: 1...1000, default: 100)
            let suspect = request.uri.queryParameters["suspect"].map(String.init)
            return jsonResponse(ServiceJSON.reports(try await self.store.reports(suspect: suspect, limit: limit)))
        }
    }

    func upload(_ request: Request) async throws -> Response {
        let uploader = try await writer(request)
        let name = request.uri.queryParameters["name"].map(String.init)
        let buffer = try await body(request, limit: settings.maximumUploadBytes)
        let bytes = [UInt8](buffer: buffer)
        let profileSettings = settings.profile
        let inflatedLimit = settings.maximumInflatedBytes
        let upload = try await offload {
            try ModelIntake.prepare(
                bytes: bytes, name: name, uploader: uploader, settings: profileSettings, inflatedLimit: inflatedLimit)
        }
        if try await store.model(named: upload.record.name) != nil {
            throw ServiceError(.conflict, "model_exists", "a model named \"\(upload.record.name)\" is registered")
        }
        try await store.insertModel(upload)
        let location = "/v1/models/\(PathComponent.encode(upload.record.name))"
        return jsonResponse(ServiceJSON.model(upload.record), status: .created, headers: [.location: location])
    }

    func startAttribution(_ request: Request) async throws -> Response {
        let requester = try await writer(request)
        let body = try await json(AttributionRequest.self, from: request)
        let bootstrap = body.bootstrap ?? settings.attributionBootstrap
        guard (0...settings.maximumBootstrap).contains(bootstrap) else {
            throw ServiceError.badRequest(
                "invalid_parameter", "bootstrap must be from 0 to \(settings.maximumBootstrap)")
        }
        let job = try await jobs.submit(
            suspect: body.suspect, candidates: body.candidates ?? [], reference: body.reference, bootstrap: bootstrap,
            seed: body.seed ?? 1, requestedBy: requester)
        return jsonResponse(
            ServiceJSON.job(job), status: .accepted, headers: [.location: "/v1/attributions/\(job.id)"])
    }

    func submitCertificate(_ request: Request) async throws -> Response {
        _ = try await writer(request)
        let body = try await json(CertificateRequest.self, from: request)
        guard let envelope = Data(base64Encoded: body.certificate, options: .ignoreUnknownCharacters),
            !envelope.isEmpty
        else {
            throw ServiceError.badRequest("malformed_certificate", "certificate must be the certificate file in base64")
        }
        let key: VerifyingKey
        do {
            key = try Self.verifyingKey(body.publicKey)
        } catch let error as AttestationError {
            throw ServiceError.badRequest("malformed_key", error.description)
        }
        let (checks, receipt) = try await certificates.submit(envelope: envelope, publicKey: key)
        return jsonResponse(
            ServiceJSON.certificate(checks: checks, receipt: receipt), status: .created,
            headers: [.location: "/v1/log/proof/\(receipt.index ?? 0)"])
    }

    /// A public key from PEM text or base64 of its 32 raw bytes.
    static func verifyingKey(_ text: String) throws -> VerifyingKey {
        if text.contains("-----BEGIN") {
            return try Workspace.with { directory in
                let path = (directory as NSString).appendingPathComponent("key.pub")
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
                return try VerifyingKey.load(path: path)
            }
        }
        guard let raw = Data(base64Encoded: text) else {
            throw AttestationError(.malformedKey, "public_key must be a PEM public key or 32 bytes in base64")
        }
        return try VerifyingKey(raw: raw)
    }

    func fileReport(_ request: Request) async throws -> Response {
        let filer = try await writer(request)
        let body = try await json(ReportRequest.self, from: request)
        for (field, value, limit) in [
            ("suspect", body.suspect, 200), ("claimed_origin", body.claimedOrigin, 200),
            ("text", body.text ?? "", 20_000),
        ] where value.count > limit || (field != "text" && value.trimmingCharacters(in: .whitespaces).isEmpty) {
            throw ServiceError.badRequest("invalid_field", "\(field) must have 1 to \(limit) characters")
        }
        let links = body.evidenceLinks ?? []
        guard links.count <= 50 else {
            throw ServiceError.badRequest("invalid_field", "evidence_links holds at most 50 links")
        }
        for link in links {
            guard link.count <= 2000, let url = URL(string: link),
                ["http", "https"].contains(url.scheme?.lowercased()),
                url.host?.isEmpty == false
            else {
                throw ServiceError.badRequest(
                    "invalid_field", "evidence link \"\(link.prefix(100))\" is not an http(s) URL")
            }
        }
        let report = try await store.insertReport(
            ReportSubmission(
                suspect: body.suspect, claimedOrigin: body.claimedOrigin, evidenceLinks: links, text: body.text ?? "",
                filedBy: filer, filedAt: Timestamp.now()))
        return jsonResponse(
            ServiceJSON.text { ServiceJSON.write(report, to: &$0) }, status: .created,
            headers: [.location: "/v1/reports"])
    }
}
