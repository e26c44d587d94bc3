import Attestation
import Corpus
import Foundation

/// The JSON bodies the API sends (keys in a fixed order; the OpenAPI document describes each).
enum ServiceJSON {
    static func text(_ build: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter()
        build(&json)
        return json.text + "\n"
    }

    static func write(_ model: ModelRecord, to json: inout JSONWriter) {
        json.beginObject()
        json.member("name", model.name)
        json.member("responses", model.responses)
        json.member("uploaded_by", model.uploadedBy)
        json.member("uploaded_at", model.uploadedAt)
        json.member("sha256", model.sha256)
        json.member("upload_bytes", model.uploadBytes)
        json.member("profile", "/v1/models/\(PathComponent.encode(model.name))/profile")
        json.endObject()
    }

    static func models(_ models: [ModelRecord]) -> String {
        text { json in
            json.beginObject()
            json.key("models")
            json.beginArray()
            for model in models { write(model, to: &json) }
            json.endArray()
            json.endObject()
        }
    }

    static func model(_ model: ModelRecord) -> String { text { write(model, to: &$0) } }

    /// A job; a finished job carries `result`, the `lineage attribute --format json` document unchanged.
    static func job(_ job: AttributionJob) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.member("id", job.id)
        json.member("status", job.status.rawValue)
        json.member("suspect", job.suspect)
        json.member("candidates", array: job.candidates)
        if let reference = job.reference {
            json.member("reference", array: reference)
        } else {
            json.key("reference")
            json.null()
        }
        json.member("bootstrap", job.bootstrap)
        json.member("seed", String(job.seed))
        json.member("requested_by", job.requestedBy)
        json.member("created_at", job.createdAt)
        json.member("finished_at", job.finishedAt)
        json.member("error", job.error)
        json.key("result")
        if let result = job.resultJSON { json.embedded(result) } else { json.null() }
        json.endObject()
        return json.text + "\n"
    }

    static func write(_ report: CommunityReport, to json: inout JSONWriter) {
        json.beginObject()
        json.member("id", report.id)
        json.member("suspect", report.submission.suspect)
        json.member("claimed_origin", report.submission.claimedOrigin)
        json.member("evidence_links", array: report.submission.evidenceLinks)
        json.member("text", report.submission.text)
        json.member("filed_by", report.submission.filedBy)
        json.member("filed_at", report.submission.filedAt)
        json.endObject()
    }

    static func reports(_ reports: [CommunityReport]) -> String {
        text { json in
            json.beginObject()
            json.key("reports")
            json.beginArray()
            for report in reports { write(report, to: &json) }
            json.endArray()
            json.endObject()
        }
    }

    static func tree(_ tree: RegistryTree) -> String {
        text { json in
            json.beginObject()
            json.member("method", tree.method)
            json.member("bootstrap", tree.bootstrap)
            json.member("models", array: tree.models)
            json.member("newick", tree.newick)
            json.member("svg", tree.svg)
            json.endObject()
        }
    }

    static func certificate(checks: [Certificate.Check], receipt: LogProof) -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("checks")
        json.beginArray()
        for check in checks {
            json.beginObject(singleLine: true)
            json.member("name", check.name)
            json.member("passed", check.passed)
            json.member("detail", check.detail)
            json.endObject()
        }
        json.endArray()
        json.key("receipt")
        json.embedded(receipt.serialized())
        json.endObject()
        return json.text + "\n"
    }
}

/// Model names in URL paths: percent-encoded, `/` included.
enum PathComponent {
    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    static func encode(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
