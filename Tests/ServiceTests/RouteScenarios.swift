import Attestation
import Attribution
import Corpus
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Service

/// The route tests, written once and run against each storage back end (SQLiteRouteTests, PostgresRouteTests).
enum RouteScenarios {
    static let models = ["alpha", "alpha-student", "beta", "gamma", "delta", "epsilon"]

    static func upload(
        _ client: some TestClientProtocol, _ test: TestRegistry, _ model: String, query: String = "",
        body: Data? = nil, token: String? = nil
    ) async throws -> TestResponse {
        let bytes = try body ?? TestRegistry.fixture(model)
        return try await client.execute(
            uri: "/v1/models\(query)", method: .post, headers: test.bearer(token), body: ByteBuffer(bytes: bytes))
    }

    static func uploadAll(_ client: some TestClientProtocol, _ test: TestRegistry, _ names: [String] = models)
        async throws
    {
        for name in names {
            let response = try await upload(client, test, name)
            #expect(response.status == .created, "\(name): \(response.text)")
        }
    }

    static func postJSON(
        _ client: some TestClientProtocol, _ uri: String, _ json: String, headers: HTTPFields
    ) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/json"
        return try await client.execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(string: json))
    }

    // MARK: - Models

    static func uploadAndRead(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                let created = try await upload(client, test, "alpha")
                #expect(created.status == .created)
                #expect(created.headers[.location] == "/v1/models/alpha")
                let record = try created.object()
                #expect(record["name"] as? String == "alpha")
                #expect(record["responses"] as? Int == 12)
                #expect(record["uploaded_by"] as? String == "tester")
                #expect((record["sha256"] as? String)?.count == 64)

                let list = try await client.execute(uri: "/v1/models", method: .get)
                #expect(list.status == .ok)
                let names = (try list.object()["models"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(names == ["alpha"])

                let one = try await client.execute(uri: "/v1/models/alpha", method: .get)
                #expect(one.status == .ok)
                #expect(try one.object()["responses"] as? Int == 12)

                let profile = try await client.execute(uri: "/v1/models/alpha/profile", method: .get)
                #expect(profile.status == .ok)
                #expect(profile.headers[.contentType]?.hasPrefix("application/json") == true)
                let document = try profile.object()
                #expect(document["format"] as? String == "lineage-profile")
                #expect(document["model"] as? String == "alpha")
                let words = (document["words"] as? [[String: Any]])?.compactMap { $0["feature"] as? String } ?? []
                #expect(words.contains("tapestry"), "alpha over-uses 'tapestry': \(words.prefix(10))")

                let missing = try await client.execute(uri: "/v1/models/nobody", method: .get)
                #expect(missing.status == .notFound)
                #expect(try missing.errorCode() == "not_found")
                let missingProfile = try await client.execute(uri: "/v1/models/nobody/profile", method: .get)
                #expect(missingProfile.status == .notFound)

                let again = try await upload(client, test, "alpha")
                #expect(again.status == .conflict)
                #expect(try again.errorCode() == "model_exists")
            }
        }
    }

    static func uploadFormsAndNames(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                // gzip-compressed JSON Lines.
                let gzipped = Gzip.compress([UInt8](try TestRegistry.fixture("beta")))
                let compressed = try await upload(client, test, "beta", body: gzipped)
                #expect(compressed.status == .created, "\(compressed.text)")

                // Records without a model field, named by the request; a name with a slash.
                let lines = try String(decoding: TestRegistry.fixture("gamma"), as: UTF8.self)
                    .split(separator: "\n").map { line -> String in
                        var object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                        object["model"] = nil
                        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
                    }.joined(separator: "\n")
                let named = try await upload(client, test, "gamma", query: "?name=org%2Fgamma", body: Data(lines.utf8))
                #expect(named.status == .created, "\(named.text)")
                #expect(named.headers[.location] == "/v1/models/org%2Fgamma")
                let fetched = try await client.execute(uri: "/v1/models/org%2Fgamma", method: .get)
                #expect(fetched.status == .ok)
                #expect(try fetched.object()["name"] as? String == "org/gamma")
                let unnamed = try await upload(client, test, "gamma", body: Data(lines.utf8))
                #expect(unnamed.status == .badRequest)
                #expect(try unnamed.errorCode() == "missing_name")

                let mismatch = try await upload(client, test, "delta", query: "?name=zeta")
                #expect(mismatch.status == .badRequest)
                #expect(try mismatch.errorCode() == "name_mismatch")
                #expect(mismatch.errorMessage().contains("delta"))

                // The stored outputs are what was uploaded, in canonical form.
                let stored = try #require(try await test.registry.store.outputs(models: ["beta"])["beta"])
                let parsed = try CorpusReader.parse(bytes: [UInt8](stored), file: "beta.jsonl.gz")
                #expect(parsed.first?.model == "beta")
                #expect(parsed.first?.responses.count == 12)
            }
        }
    }

    static func badUploads(_ backend: Backend) async throws {
        let limits = { (settings: inout ServiceSettings) in
            settings.maximumUploadBytes = 8 << 10
            settings.maximumInflatedBytes = 1 << 20
        }
        try await TestRegistry.with(backend, settings: limits) { test in
            try await test.client { client in
                let empty = try await upload(client, test, "alpha", body: Data())
                #expect(empty.status == .badRequest)
                #expect(try empty.errorCode() == "empty_upload")

                let garbage = try await upload(
                    client, test, "alpha", body: Data("{\"model\": \"x\", \"output\": \"a\"}\nnot json\n".utf8))
                #expect(garbage.status == .badRequest)
                #expect(try garbage.errorCode() == "malformed_upload")
                #expect(
                    garbage.errorMessage().contains("upload.jsonl:2:"), "the line is named: \(garbage.errorMessage())")

                let two = try TestRegistry.fixture("alpha") + TestRegistry.fixture("beta")
                let several = try await upload(client, test, "alpha", body: two)
                #expect(several.status == .badRequest)
                #expect(try several.errorCode() == "several_models")

                // A small upload that inflates past the limit (4 MiB of JSON Lines in a few KB) is refused, not
                // inflated.
                let bomb = Gzip.compress(
                    Array(#"{"model": "bomb", "prompt_id": "p", "output": ""#.utf8)
                        + Array(repeating: UInt8(ascii: "a"), count: 4 << 20) + Array("\"}\n".utf8))
                #expect(bomb.count < 8 << 10)
                let inflated = try await upload(client, test, "bomb", body: Data(bomb))
                #expect(inflated.status == .badRequest)
                #expect(try inflated.errorCode() == "malformed_upload")
                #expect(inflated.errorMessage().contains("inflates to more than"), "\(inflated.errorMessage())")

                let big = Data(repeating: 0x20, count: 9 << 10)
                let tooLarge = try await upload(client, test, "alpha", body: big)
                #expect(tooLarge.status == .contentTooLarge)
                #expect(try tooLarge.errorCode() == "too_large")

                let models = try await test.registry.store.models()
                #expect(models.isEmpty, "nothing registered by refused uploads")
            }
        }
    }

    // MARK: - Auth and limits

    static func authFailures(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                let writes: [(String, HTTPRequest.Method, String)] = [
                    ("/v1/models", .post, "x"), ("/v1/attributions", .post, "{\"suspect\": \"alpha\"}"),
                    ("/v1/certificates", .post, "{}"), ("/v1/reports", .post, "{}"),
                ]
                for (uri, method, body) in writes {
                    let none = try await client.execute(uri: uri, method: method, body: ByteBuffer(string: body))
                    #expect(none.status == .unauthorized, "\(uri)")
                    #expect(try none.errorCode() == "unauthorized")
                    #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

                    let wrong = try await client.execute(
                        uri: uri, method: method, headers: [.authorization: "Bearer lin_not_a_token"],
                        body: ByteBuffer(string: body))
                    #expect(wrong.status == .unauthorized, "\(uri)")
                    #expect(try wrong.errorCode() == "invalid_token")

                    let basic = try await client.execute(
                        uri: uri, method: method, headers: [.authorization: "Basic dXNlcjpwYXNz"],
                        body: ByteBuffer(string: body))
                    #expect(basic.status == .unauthorized, "\(uri)")
                }
                // Tokens are stored hashed, never as given.
                #expect(try await test.registry.store.tokenName(sha256: Tokens.hash(test.writerToken)) == "tester")
                #expect(try await test.registry.store.tokenName(sha256: test.writerToken) == nil)

                for uri in ["/v1/models", "/v1/reports", "/v1/log/head", "/openapi.json", "/"] {
                    let read = try await client.execute(uri: uri, method: .get)
                    #expect(read.status == .ok, "\(uri) is public")
                }
                let unknown = try await client.execute(uri: "/v1/nothing-here", method: .get)
                #expect(unknown.status == .notFound)
                #expect(try unknown.errorCode() == "not_found")
            }
        }
    }

    static func rateLimit(_ backend: Backend) async throws {
        try await TestRegistry.with(
            backend,
            settings: {
                $0.writeBurst = 2
                $0.writesPerMinute = 1
            }
        ) { test in
            try await test.client { client in
                let report = "{\"suspect\": \"a\", \"claimed_origin\": \"b\"}"
                for _ in 0..<2 {
                    let allowed = try await postJSON(client, "/v1/reports", report, headers: test.bearer())
                    #expect(allowed.status == .created)
                }
                let limited = try await postJSON(client, "/v1/reports", report, headers: test.bearer())
                #expect(limited.status == .tooManyRequests)
                #expect(try limited.errorCode() == "rate_limited")
                #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
                let other = try await postJSON(client, "/v1/reports", report, headers: test.bearer(test.otherToken))
                #expect(other.status == .created, "limits are per token")
            }
        }
    }

    // MARK: - Attribution

    static func attribution(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                try await uploadAll(client, test)
                let started = try await postJSON(
                    client, "/v1/attributions", "{\"suspect\": \"alpha-student\", \"bootstrap\": 20, \"seed\": 3}",
                    headers: test.bearer())
                #expect(started.status == .accepted, "\(started.text)")
                let id = try #require(try started.object()["id"] as? String)
                #expect(started.headers[.location] == "/v1/attributions/\(id)")
                #expect(["queued", "running", "done"].contains(try started.object()["status"] as? String))

                await test.registry.jobs.waitUntilIdle()
                let polled = try await client.execute(uri: "/v1/attributions/\(id)", method: .get)
                #expect(polled.status == .ok)
                let job = try polled.object()
                #expect(job["status"] as? String == "done", "\(job["error"] ?? "")")
                let result = try #require(job["result"] as? [String: Any])
                #expect(result["suspect"] as? String == "alpha-student")
                let ranked = (result["candidates"] as? [[String: Any]])?.compactMap { $0["model"] as? String } ?? []
                #expect(ranked.first == "alpha", "the teacher ranks first: \(ranked)")
                // The page shows the phrasing only the student and its teacher share, as the JSON records it.
                let evidence = try #require(result["evidence"] as? [[String: Any]])
                let trigram = try #require(evidence.first { $0["kind"] as? String == "trigram" })
                let prompts = try #require(trigram["pair_specific_prompts"] as? Int)
                let feature = try #require(trigram["feature"] as? String)
                let shown = try await client.execute(uri: "/attributions/\(id)", method: .get).text
                #expect(shown.contains("trigram “\(feature)”"))
                #expect(shown.contains("(only these two on \(prompts) prompt"))
                #expect(Set(ranked) == Set(models).subtracting(["alpha-student"]))

                // The same JSON as `lineage attribute --format json` on the same outputs.
                let data = try AnswerFeatures.read(inputs: [TestRegistry.fixtures.path])
                let direct = try Attributor(data).attribute(
                    suspect: "alpha-student", candidates: nil, reference: [],
                    settings: AttributionSettings(replicates: 20, seed: 3))
                let expected = try JSONSerialization.jsonObject(with: Data(direct.jsonText().utf8)) as! NSDictionary
                #expect(NSDictionary(dictionary: result) == expected)

                // With candidates, the other registered models are the reference pool unless the request names one;
                // the job keeps what was asked for.
                func nullModels(_ body: String) async throws -> (reference: Any?, null: [String]) {
                    let started = try await postJSON(client, "/v1/attributions", body, headers: test.bearer())
                    #expect(started.status == .accepted, "\(started.text)")
                    let id = try #require(try started.object()["id"] as? String)
                    await test.registry.jobs.waitUntilIdle()
                    let job = try await client.execute(uri: "/v1/attributions/\(id)", method: .get).object()
                    #expect(job["status"] as? String == "done", "\(job["error"] ?? "")")
                    let result = try #require(job["result"] as? [String: Any])
                    return (job["reference"], result["null_models"] as? [String] ?? [])
                }
                let pair = "\"suspect\": \"alpha-student\", \"candidates\": [\"alpha\", \"beta\"], \"bootstrap\": 5"
                let byDefault = try await nullModels("{\(pair)}")
                #expect(byDefault.reference is NSNull)
                #expect(Set(byDefault.null) == Set(models).subtracting(["alpha-student"]))
                let named = try await nullModels("{\(pair), \"reference\": [\"gamma\"]}")
                #expect(named.reference as? [String] == ["gamma"])
                #expect(Set(named.null) == ["alpha", "beta", "gamma"])
                let none = try await nullModels("{\(pair), \"reference\": []}")
                #expect(none.reference as? [String] == [])
                #expect(Set(none.null) == ["alpha", "beta"])

                // Without bootstrap, nothing measured the intervals or support: null in JSON, a dash on the page.
                let unmeasured = try await postJSON(
                    client, "/v1/attributions", "{\"suspect\": \"alpha-student\", \"bootstrap\": 0}",
                    headers: test.bearer())
                let unmeasuredID = try #require(try unmeasured.object()["id"] as? String)
                await test.registry.jobs.waitUntilIdle()
                let unmeasuredJob = try await client.execute(uri: "/v1/attributions/\(unmeasuredID)", method: .get)
                let unmeasuredResult = try #require(try unmeasuredJob.object()["result"] as? [String: Any])
                let first = try #require((unmeasuredResult["candidates"] as? [[String: Any]])?.first)
                #expect(first["support"] is NSNull && first["interval"] is NSNull)
                let page = try await client.execute(uri: "/attributions/\(unmeasuredID)", method: .get)
                #expect(page.status == .ok)
                #expect(page.text.contains("alpha-student") && page.text.contains("–"), "\(page.text)")
                #expect(!page.text.contains("%.2f"))

                let missing = try await client.execute(uri: "/v1/attributions/no-such-job", method: .get)
                #expect(missing.status == .notFound)
            }
        }
    }

    static func attributionBadInput(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                try await uploadAll(client, test, ["alpha", "beta", "gamma"])
                let cases: [(String, String, String)] = [
                    ("{\"suspect\": ", "malformed_json", "not valid JSON"),
                    ("", "malformed_json", "empty"),
                    ("{\"candidates\": [\"beta\"]}", "malformed_json", "\"suspect\""),
                    ("{\"suspect\": 7}", "malformed_json", "suspect"),
                    ("{\"suspect\": \"alpha\", \"candidates\": \"beta\"}", "malformed_json", "candidates"),
                    ("{\"suspect\": \"nobody\"}", "unknown_model", "nobody"),
                    ("{\"suspect\": \"alpha\", \"candidates\": [\"beta\", \"ghost\"]}", "unknown_model", "ghost"),
                    ("{\"suspect\": \"alpha\", \"candidates\": [\"beta\"]}", "too_few_candidates", "2 candidates"),
                    ("{\"suspect\": \"alpha\", \"reference\": [\"ghost\"]}", "unknown_model", "reference model"),
                    ("{\"suspect\": \"alpha\", \"reference\": \"beta\"}", "malformed_json", "reference"),
                    ("{\"suspect\": \"alpha\", \"bootstrap\": -1}", "invalid_parameter", "bootstrap"),
                    (
                        "{\"suspect\": \"alpha\", \"candidates\": [\"alpha\", \"beta\"]}", "invalid_field",
                        "own candidate"
                    ),
                    ("{\"suspect\": \"alpha\", \"reference\": [\"alpha\"]}", "invalid_field", "reference model"),
                    (
                        "{\"suspect\": \"alpha\", \"candidates\": [\"beta\", \"gamma\"], \"reference\": [\"beta\"]}",
                        "invalid_field", "both a candidate and a reference model"
                    ),
                ]
                for (body, code, fragment) in cases {
                    let response = try await postJSON(client, "/v1/attributions", body, headers: test.bearer())
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(try response.errorCode() == code, "\(body): \(response.text)")
                    #expect(response.errorMessage().contains(fragment), "\(body): \(response.errorMessage())")
                }
                #expect(try await test.registry.store.recentJobs(limit: 10).isEmpty)
            }
        }
    }

    // MARK: - Tree

    static func tree(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                try await uploadAll(client, test, ["alpha", "beta"])
                let tooFew = try await client.execute(uri: "/v1/tree", method: .get)
                #expect(tooFew.status == .conflict)
                #expect(try tooFew.errorCode() == "too_few_models")

                try await uploadAll(client, test, ["alpha-student", "gamma", "delta"])
                for method in ["nj", "upgma", "parsimony"] {
                    let response = try await client.execute(uri: "/v1/tree?method=\(method)&bootstrap=5", method: .get)
                    #expect(response.status == .ok, "\(method): \(response.text)")
                    let tree = try response.object()
                    let newick = try #require(tree["newick"] as? String)
                    #expect(newick.hasSuffix(";"))
                    for model in ["alpha", "alpha-student", "beta", "gamma", "delta"] {
                        #expect(newick.contains(model), "\(method): \(newick)")
                    }
                    #expect((tree["svg"] as? String)?.hasPrefix("<svg") == true)
                    #expect(tree["models"] as? [String] == ["alpha", "alpha-student", "beta", "delta", "gamma"])
                }
                let badMethod = try await client.execute(uri: "/v1/tree?method=magic", method: .get)
                #expect(badMethod.status == .badRequest)
                #expect(badMethod.errorMessage().contains("parsimony"))
                let badBootstrap = try await client.execute(uri: "/v1/tree?bootstrap=many", method: .get)
                #expect(badBootstrap.status == .badRequest)
                #expect(try badBootstrap.errorCode() == "invalid_parameter")
            }
        }
    }

    // MARK: - Certificates and the log

    static func certificates(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            let modelFile = test.directory.appendingPathComponent("model.safetensors")
            try Data("weights".utf8).write(to: modelFile)
            let signer = SigningKey()
            let statement = try Certificate.statement(
                for: Certificate.Claims(modelFiles: [modelFile.path], teachers: ["alpha"]))
            let envelope = try Certificate.sign(statementBytes: statement.serialized(), key: signer).serialized()
            let pem = signer.publicKey.pemRepresentation
            try await test.client { client in
                func submit(_ certificate: String, _ key: String) async throws -> TestResponse {
                    let body = try JSONSerialization.data(withJSONObject: [
                        "certificate": certificate, "public_key": key,
                    ])
                    return try await postJSON(
                        client, "/v1/certificates", String(decoding: body, as: UTF8.self), headers: test.bearer())
                }
                let emptyHead = try await client.execute(uri: "/v1/log/head", method: .get)
                #expect(try emptyHead.object()["tree_size"] as? Int == 0)

                let accepted = try await submit(envelope.base64EncodedString(), pem)
                #expect(accepted.status == .created, "\(accepted.text)")
                let receipt = try #require(try accepted.object()["receipt"] as? [String: Any])
                #expect(receipt["index"] as? Int == 0)
                #expect(receipt["tree_size"] as? Int == 1)

                let head = try await client.execute(uri: "/v1/log/head", method: .get)
                #expect(head.status == .ok)
                #expect(try head.object()["tree_size"] as? Int == 1)

                let proofResponse = try await client.execute(uri: "/v1/log/proof/0", method: .get)
                #expect(proofResponse.status == .ok)
                let proof = try LogProof.parse(Data(buffer: proofResponse.body))
                let logKey = await test.registry.certificates.key.publicKey
                let established = try proof.verify(leaf: envelope, logKey: logKey)
                #expect(!established.isEmpty)

                let raw = try await submit(envelope.base64EncodedString(), signer.publicKey.raw.base64EncodedString())
                #expect(raw.status == .created, "a raw base64 key works too")

                let otherKey = SigningKey().publicKey.pemRepresentation
                let wrongSigner = try await submit(envelope.base64EncodedString(), otherKey)
                #expect(wrongSigner.status == .unprocessableContent)
                #expect(wrongSigner.errorMessage().contains("signature"))

                let notBase64 = try await submit("%%%", pem)
                #expect(notBase64.status == .badRequest)
                let badKey = try await submit(envelope.base64EncodedString(), "AAAA")
                #expect(badKey.status == .badRequest)
                #expect(try badKey.errorCode() == "malformed_key")
                let notEnvelope = try await submit(Data("{}".utf8).base64EncodedString(), pem)
                #expect(notEnvelope.status == .unprocessableContent)
                let missingField = try await postJSON(
                    client, "/v1/certificates", "{\"certificate\": \"e30=\"}", headers: test.bearer())
                #expect(missingField.status == .badRequest)
                #expect(missingField.errorMessage().contains("public_key"))

                let outOfRange = try await client.execute(uri: "/v1/log/proof/5", method: .get)
                #expect(outOfRange.status == .notFound)
                let notIndex = try await client.execute(uri: "/v1/log/proof/first", method: .get)
                #expect(notIndex.status == .badRequest)
                let head2 = try await client.execute(uri: "/v1/log/head", method: .get)
                #expect(try head2.object()["tree_size"] as? Int == 2, "refused certificates are not logged")
            }
        }
    }

    // MARK: - Reports

    static func reports(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                let filed = try await postJSON(
                    client, "/v1/reports",
                    """
                    {"suspect": "alpha-student", "claimed_origin": "alpha",
                     "evidence_links": ["https://example.org/case"], "text": "Same phrasing everywhere."}
                    """, headers: test.bearer())
                #expect(filed.status == .created, "\(filed.text)")
                let report = try filed.object()
                #expect(report["id"] as? Int == 1)
                #expect(report["filed_by"] as? String == "tester")
                _ = try await postJSON(
                    client, "/v1/reports", "{\"suspect\": \"beta\", \"claimed_origin\": \"gamma\"}",
                    headers: test.bearer())

                let all = try await client.execute(uri: "/v1/reports", method: .get)
                let suspects = (try all.object()["reports"] as? [[String: Any]])?.compactMap {
                    $0["suspect"] as? String
                }
                #expect(suspects == ["beta", "alpha-student"], "newest first")
                let one = try await client.execute(uri: "/v1/reports?suspect=alpha-student", method: .get)
                let links = ((try one.object()["reports"] as? [[String: Any]])?.first?["evidence_links"]) as? [String]
                #expect(links == ["https://example.org/case"])

                let bad: [(String, String)] = [
                    ("{\"suspect\": \"a\"}", "claimed_origin"),
                    (
                        "{\"suspect\": \"a\", \"claimed_origin\": \"b\", \"evidence_links\": [\"javascript:alert(1)\"]}",
                        "http"
                    ),
                    ("{\"suspect\": \"\", \"claimed_origin\": \"b\"}", "suspect"),
                    ("[1, 2]", "JSON object"),
                ]
                for (body, fragment) in bad {
                    let response = try await postJSON(client, "/v1/reports", body, headers: test.bearer())
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(response.errorMessage().contains(fragment), "\(body): \(response.errorMessage())")
                }
                let badLimit = try await client.execute(uri: "/v1/reports?limit=0", method: .get)
                #expect(badLimit.status == .badRequest)
            }
        }
    }

    // MARK: - Page and document

    static let hostile = "<script>alert(1)</script>"

    static func page(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                try await uploadAll(client, test, ["alpha", "beta", "gamma", "delta"])
                let hostileBody = try String(decoding: TestRegistry.fixture("epsilon"), as: UTF8.self)
                    .replacingOccurrences(of: "\"epsilon\"", with: "\"\(hostile)\"")
                let named = try await upload(client, test, "epsilon", body: Data(hostileBody.utf8))
                #expect(named.status == .created, "\(named.text)")
                _ = try await postJSON(
                    client, "/v1/reports",
                    "{\"suspect\": \"<b>bold</b>\", \"claimed_origin\": \"x\", \"text\": \"<img src=x onerror=alert(2)>\"}",
                    headers: test.bearer())

                let home = try await client.execute(uri: "/", method: .get)
                #expect(home.status == .ok)
                #expect(home.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                let html = home.text
                #expect(!html.contains("<script"), "model-written text is escaped")
                #expect(!html.contains("<img src=x"))
                #expect(!html.contains("<b>bold"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(html.contains("<svg"), "the tree is drawn")
                #expect(!html.contains("nil"), "no absent value is printed")
                for section in ["id=\"models\"", "id=\"tree\"", "id=\"attribute\"", "id=\"log\"", "id=\"reports\""] {
                    #expect(html.contains(section))
                }

                #expect(html.contains("name=\"reference\""))
                let form = "suspect=alpha&candidates=beta%2C+gamma&reference=+delta+&token=\(test.writerToken)"
                let submitted = try await client.execute(
                    uri: "/attributions", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
                #expect(submitted.status == .seeOther)
                let location = try #require(submitted.headers[.location])
                #expect(location.hasPrefix("/attributions/"))
                let stored = try await test.registry.store.job(id: String(location.dropFirst("/attributions/".count)))
                #expect(stored?.candidates == ["beta", "gamma"])
                #expect(stored?.reference == ["delta"])
                await test.registry.jobs.waitUntilIdle()
                let result = try await client.execute(uri: location, method: .get)
                #expect(result.status == .ok)
                #expect(result.text.contains("Verdict:"))
                #expect(result.text.contains("id=\"evidence\""))
                #expect(!result.text.contains("The job failed"))
                #expect(!result.text.contains("nil"))

                let refused = try await client.execute(
                    uri: "/attributions", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "suspect=alpha&token=wrong"))
                #expect(refused.status == .unauthorized)
            }
        }
    }

    static func openAPIDocument(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.client { client in
                let response = try await client.execute(uri: "/openapi.json", method: .get)
                #expect(response.status == .ok)
                let document = try response.object()
                #expect(document["openapi"] as? String == "3.0.3")
                let paths = try #require(document["paths"] as? [String: [String: Any]])
                let routes: [(String, String)] = [
                    ("/v1/models", "get"), ("/v1/models", "post"), ("/v1/models/{name}", "get"),
                    ("/v1/models/{name}/profile", "get"), ("/v1/attributions", "post"),
                    ("/v1/attributions/{id}", "get"), ("/v1/tree", "get"), ("/v1/certificates", "post"),
                    ("/v1/log/head", "get"), ("/v1/log/proof/{index}", "get"), ("/v1/reports", "post"),
                    ("/v1/reports", "get"),
                ]
                for (path, method) in routes {
                    #expect(paths[path]?[method] != nil, "\(method) \(path) is documented")
                }
            }
        }
    }

    // MARK: - Storage

    /// An upload whose last insert fails leaves no model behind.
    static func uploadIsOneTransaction(_ backend: Backend, sabotage: @Sendable (any RegistryStore) async throws -> Void)
        async throws
    {
        try await TestRegistry.with(backend) { test in
            let store = test.registry.store
            let bytes = [UInt8](try TestRegistry.fixture("alpha"))
            let upload = try ModelIntake.prepare(
                bytes: bytes, name: nil, uploader: "tester", settings: .init(),
                inflatedLimit: test.registry.settings.maximumInflatedBytes)
            try await sabotage(store)
            await #expect(throws: StoreError.self) { try await store.insertModel(upload) }
            #expect(try await store.model(named: "alpha") == nil)
            #expect(try await store.models().isEmpty)
            #expect(try await store.profileJSON(model: "alpha") == nil)
        }
    }

    static func migrationsAreIdempotent(_ backend: Backend) async throws {
        try await TestRegistry.with(backend) { test in
            try await test.registry.store.migrate()
            try await test.registry.store.migrate()
            let token = try await Tokens.create(name: "third", in: test.registry.store)
            #expect(try await test.registry.store.tokenName(sha256: Tokens.hash(token)) == "third")
            await #expect(throws: StoreError.self) {
                _ = try await Tokens.create(name: "third", in: test.registry.store)
            }
        }
    }
}
