import Attribution
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Phylogeny
import Statistics

/// `lineage attribute --format json` as the page reads it.
struct AttributionDocument: Decodable {
    struct Candidate: Decodable {
        var model: String
        var score: Double
        var interval: [Double]?  // null when the job ran without bootstrap
        var support: Double?
    }
    struct Verdict: Decodable {
        var kind: String
        var teacher: String?
        var confidence: Double
        var pValue: Double

        enum CodingKeys: String, CodingKey {
            case kind, teacher, confidence
            case pValue = "p_value"
        }
    }
    var suspect: String
    var promptsUsed: Int
    var candidates: [Candidate]
    var verdict: Verdict
    /// Evidence items decode as the attribution module wrote them.
    var evidence: [Attribution.Evidence]

    enum CodingKeys: String, CodingKey {
        case suspect, candidates, verdict, evidence
        case promptsUsed = "prompts_used"
    }
}

/// The page's form fields.
struct AttributionForm: Decodable {
    var token: String?
    var suspect: String?
    var candidates: String?
    var reference: String?
}

extension Registry {
    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'",
    ]

    /// Adds the web page: `/` and the attribution form and results.
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try await self.homePage() }
        router.post("/attributions") { request, _ in try await self.pageAttribution(request) }
        router.get("/attributions/:id") { _, context in
            try await self.attributionPage(id: try Self.parameter(context, "id"))
        }
    }

    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        guard let html = templates.render(context, withTemplate: template) else {
            throw ServiceError(.internalServerError, "template_missing", "no template \(template)")
        }
        return Response(status: status, headers: Self.pageHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    func homePage(message: String? = nil) async throws -> Response {
        let models = try await store.models()
        var tree: [String: Any] = [:]
        if models.count >= 3 {
            do {
                let built = try await trees.tree(method: .nj, bootstrap: 0)
                tree = ["svg": built.svg, "newick": built.newick]
            } catch {
                tree = ["problem": "\(error)"]
            }
        } else {
            tree = ["problem": "A tree needs at least 3 registered models; the registry holds \(models.count)."]
        }
        let head = try await certificates.head()
        let reports = try await store.reports(suspect: nil, limit: 50)
        let jobs = try await store.recentJobs(limit: 20)
        var context: [String: Any] = [
            "modelCount": models.count,
            "models": models.map { model -> [String: Any] in
                [
                    "name": model.name, "responses": model.responses, "uploadedAt": model.uploadedAt,
                    "uploadedBy": model.uploadedBy,
                    "profile": "/v1/models/\(PathComponent.encode(model.name))/profile",
                ]
            },
            "hasModels": !models.isEmpty,
            "tree": tree,
            "log": [
                "size": head.treeSize, "root": head.rootHash, "key": head.logKeyID, "signature": head.treeHeadSignature,
            ],
            "jobs": jobs.map { job -> [String: Any] in
                ["id": job.id, "suspect": job.suspect, "status": job.status.rawValue, "createdAt": job.createdAt]
            },
            "hasJobs": !jobs.isEmpty,
            "reports": reports.map { report -> [String: Any] in
                [
                    "id": report.id, "suspect": report.submission.suspect,
                    "origin": report.submission.claimedOrigin, "text": report.submission.text,
                    "links": report.submission.evidenceLinks, "filedBy": report.submission.filedBy,
                    "filedAt": report.submission.filedAt,
                ]
            },
            "hasReports": !reports.isEmpty,
        ]
        if let message { context["message"] = message }
        return try page("home", context)
    }

    func pageAttribution(_ request: Request) async throws -> Response {
        let buffer = try await body(request, limit: 64 << 10)
        let form: AttributionForm
        do {
            form = try URLEncodedFormDecoder().decode(AttributionForm.self, from: String(buffer: buffer))
        } catch {
            throw ServiceError.badRequest("malformed_form", "the form could not be read: \(error)")
        }
        let requester = try await writer(authorization: "Bearer \(form.token ?? "")")
        guard let suspect = form.suspect, !suspect.isEmpty else {
            throw ServiceError.badRequest("missing_field", "choose a suspect")
        }
        func names(_ field: String?) -> [String] {
            (field ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        // An empty reference field means the default pool (every other registered model).
        let reference = names(form.reference)
        let job = try await jobs.submit(
            suspect: suspect, candidates: names(form.candidates), reference: reference.isEmpty ? nil : reference,
            bootstrap: settings.attributionBootstrap, seed: 1, requestedBy: requester)
        return Response(status: .seeOther, headers: [.location: "/attributions/\(job.id)"])
    }

    func attributionPage(id: String) async throws -> Response {
        guard let job = try await store.job(id: id) else { throw ServiceError.notFound("no attribution job \(id)") }
        var context: [String: Any] = [
            "id": job.id, "suspect": job.suspect, "status": job.status.rawValue,
            "pending": job.status == .queued || job.status == .running, "createdAt": job.createdAt,
        ]
        // Absent keys, not nil values: Mustache treats a present nil as true and prints it.
        if let error = job.error { context["error"] = error }
        if let finished = job.finishedAt { context["finishedAt"] = finished }
        if let json = job.resultJSON,
            let document = try? JSONDecoder().decode(AttributionDocument.self, from: Data(json.utf8))
        {
            let verdict = document.verdict
            context["result"] =
                [
                    "verdict": verdict.kind, "teacher": verdict.teacher ?? "none",
                    "confidence": Self.percent(verdict.confidence),
                    "p": PValueFormat.relation(verdict.pValue),
                    "prompts": document.promptsUsed,
                    "candidates": document.candidates.enumerated().map { rank, candidate -> [String: Any] in
                        [
                            "rank": rank + 1, "model": candidate.model,
                            "score": String(format: "%.2f", candidate.score),
                            "interval": candidate.interval.map {
                                $0.map { String(format: "%.2f", $0) }.joined(separator: " – ")
                            } ?? "–",
                            "support": candidate.support.map(Self.percent) ?? "–",
                        ]
                    },
                    "evidence": document.evidence.map { item -> [String: Any] in
                        [
                            "feature": item.feature, "kind": item.kind, "suspectRate": Self.percent(item.suspectRate),
                            "teacherRate": Self.percent(item.teacherRate), "poolRate": Self.percent(item.poolRate),
                            "specific": AttributionResult.specificity(item.pairSpecificPrompts).trimmingCharacters(
                                in: .whitespaces),
                            "examples": item.examples.map {
                                ["model": $0.model, "prompt": $0.promptID, "sentence": $0.sentence]
                            },
                        ]
                    },
                    "hasEvidence": !document.evidence.isEmpty,
                    "json": json,
                ] as [String: Any]
        }
        return try page("attribution", context)
    }
}
