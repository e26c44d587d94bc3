import Corpus
import Foundation

/// The lines of a collection output file: answers in the Corpus JSON Lines format, and `lineage_metadata`
/// records (which the Corpus reader skips) saying how and when they were gathered and which prompts failed.
public enum CollectRecord {
    /// An answer: `{"model", "prompt_id", "prompt", "output", "sample", "finish_reason", "usage", "served_model"}`.
    public static func answer(_ answer: ChatAnswer, prompt: Prompt, sample: Int, model: String) -> [UInt8] {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.member("model", model)
        writer.member("prompt_id", prompt.id)
        writer.member("prompt", prompt.text)
        writer.member("output", answer.text)
        writer.member("sample", sample)
        writer.member("finish_reason", answer.finishReason)
        writer.key("usage")
        if let usage = answer.usage {
            writer.beginObject()
            writer.member("prompt_tokens", usage.promptTokens)
            writer.member("completion_tokens", usage.completionTokens)
            writer.member("total_tokens", usage.totalTokens)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.member("served_model", answer.servedModel)
        writer.endObject()
        return line(writer)
    }

    /// The record opening a run: endpoint, model, prompts (name, SHA-256, count), sampling settings, limits,
    /// start time and tool version. Holds the name of the API key's variable, never the key.
    public static func run(
        settings: ChatSettings, connection: ConnectionSettings, prompts: PromptList, apiKeyVariable: String?,
        toolVersion: String, startedAt: Date, pending: Int, alreadyDone: Int
    ) -> [UInt8] {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.key("lineage_metadata")
        writer.beginObject()
        writer.member("record", "run")
        writer.member("tool", "lineage collect")
        writer.member("tool_version", toolVersion)
        writer.member("started_at", timestamp(startedAt))
        writer.member("endpoint", redactedEndpoint(connection.endpoint))
        writer.member("model", settings.model)
        writer.key("prompts")
        writer.beginObject()
        writer.member("name", prompts.name)
        writer.member("built_in", prompts.isBuiltIn)
        writer.member("sha256", prompts.sha256)
        writer.member("count", prompts.prompts.count)
        writer.endObject()
        writer.key("sampling")
        writer.beginObject()
        writer.member("samples", settings.samples)
        writer.member("temperature", settings.temperature)
        writer.member("max_tokens", settings.maxTokens)
        writer.member("system", settings.system)
        writer.endObject()
        writer.member("concurrency", connection.concurrency)
        writer.member("rps", connection.requestsPerSecond)
        writer.member("timeout_seconds", connection.timeout)
        writer.member("max_attempts", connection.retry.maxAttempts)
        writer.member("api_key_env", apiKeyVariable)
        writer.member("already_done", alreadyDone)
        writer.member("pending", pending)
        writer.endObject()
        writer.endObject()
        return line(writer)
    }

    /// The record of a prompt that failed in this run after `attempts` tries; a later run tries it again.
    public static func failure(prompt: Prompt, sample: Int, model: String, attempts: Int, reason: String, at date: Date)
        -> [UInt8]
    {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.key("lineage_metadata")
        writer.beginObject()
        writer.member("record", "failure")
        writer.member("model", model)
        writer.member("prompt_id", prompt.id)
        writer.member("sample", sample)
        writer.member("attempts", attempts)
        writer.member("error", reason)
        writer.member("at", timestamp(date))
        writer.endObject()
        writer.endObject()
        return line(writer)
    }

    /// The record closing a run: what it collected and failed, and why it stopped early if it did.
    public static func end(collected: Int, failed: Int, remaining: Int, stoppedBy: String?, at date: Date) -> [UInt8] {
        var writer = JSONWriter(indent: 0)
        writer.beginObject()
        writer.key("lineage_metadata")
        writer.beginObject()
        writer.member("record", "end")
        writer.member("finished_at", timestamp(date))
        writer.member("collected", collected)
        writer.member("failed", failed)
        writer.member("remaining", remaining)
        writer.member("stopped_by", stoppedBy)
        writer.endObject()
        writer.endObject()
        return line(writer)
    }

    /// `date` in ISO 8601 (UTC, milliseconds).
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The endpoint without user name, password or query (where credentials sometimes hide).
    static func redactedEndpoint(_ endpoint: String) -> String {
        guard var components = URLComponents(string: endpoint) else {
            // Not a URL Foundation parses: cut what could be credentials by hand (user:password@, the query).
            var text = Substring(endpoint)
            if let query = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<query] }
            if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") {
                text = text[..<scheme.upperBound] + text[text.index(after: at)...]
            }
            return String(text)
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? endpoint
    }

    private static func line(_ writer: JSONWriter) -> [UInt8] {
        writer.bytes + [0x0A]
    }
}
