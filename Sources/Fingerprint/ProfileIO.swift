import Corpus
import Dispatch
import Foundation
import Synchronization

extension Profile {
    /// The profile as JSON text: one member per line, one feature per line, stable order.
    public func jsonText() -> String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// The UTF-8 bytes of ``jsonText()``.
    func jsonBytes() -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.member("format", format)
        json.member("version", version)
        json.member("model", model)
        json.member("origin", origin)
        json.key("sources")
        json.beginArray()
        for source in sources {
            json.beginObject(singleLine: true)
            json.member("path", source.path)
            json.member("sha256", source.sha256)
            json.member("format", source.format.rawValue)
            json.member("records", source.records)
            json.member("skipped", source.skipped)
            json.endObject()
        }
        json.endArray()
        json.key("settings")
        json.beginObject()
        json.member("baseline", settings.baseline)
        json.member("minimum_count", settings.minimumCount)
        json.member("minimum_prompts", settings.minimumPrompts)
        json.member("minimum_word_length", settings.minimumWordLength)
        json.member("top_ngrams", settings.topNGrams)
        json.member("top_words", settings.topWords)
        json.endObject()
        if let summary {
            json.key("summary")
            json.beginObject()
            json.member("responses", summary.responses)
            json.member("empty_responses", summary.emptyResponses)
            json.member("characters", summary.characters)
            json.member("words", summary.words)
            json.member("sentences", summary.sentences)
            json.endObject()
        }
        json.key("metrics")
        json.beginObject()
        json.member("mean_length", metrics.meanLength)
        json.member("slop_score", metrics.slopScore)
        json.member("repetition_score", metrics.repetitionScore)
        json.member("vocabulary_complexity", metrics.vocabularyComplexity)
        json.endObject()
        if let promptMatching {
            json.member("prompt_matching", promptMatching.rawValue)
        }
        json.member("prompts", array: prompts)
        for (name, features) in [("words", words), ("bigrams", bigrams), ("trigrams", trigrams)] {
            json.key(name)
            json.beginArray()
            for feature in features {
                json.beginObject(singleLine: true)
                json.member("feature", feature.feature)
                json.member("count", feature.count)
                json.member("prompts", feature.prompts)
                json.member("rate", feature.rate)
                json.member("baseline_rate", feature.baselineRate)
                json.member("pool_rate", feature.poolRate)
                json.member("score", feature.score)
                if let perPrompt = feature.perPrompt {
                    json.key("per_prompt")
                    json.beginArray()
                    for number in perPrompt { json.value(number) }
                    json.endArray()
                }
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        return json.bytes + [0x0A]
    }

    /// Writes `profiles[i]` to `paths[i]`, encoding and writing in parallel; each file is written atomically.
    public static func write(_ profiles: [Profile], to paths: [String]) throws(CorpusError) {
        let failures = Mutex<[Int: CorpusError]>([:])
        DispatchQueue.concurrentPerform(iterations: profiles.count) { index in
            do throws(CorpusError) {
                try AtomicFile.write(Data(profiles[index].jsonBytes()), to: paths[index])
            } catch {
                failures.withLock { $0[index] = error }
            }
        }
        if let first = failures.withLock({ $0 }).min(by: { $0.key < $1.key }) { throw first.value }
    }

    /// Reads a profile written by ``jsonText()``.
    public static func load(path: String) throws(CorpusError) -> Profile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CorpusError.unreadable(path, error)
        }
        return try decode(data, path: path)
    }

    /// Reads a profile from the bytes of the file at `path` (named in errors).
    public static func decode(_ data: Data, path: String) throws(CorpusError) -> Profile {
        do {
            let profile = try JSONDecoder().decode(Profile.self, from: data)
            guard profile.format == "lineage-profile" else {
                throw CorpusError(.unknownFormat, at: SourceLocation(file: path), "not a Lineage profile")
            }
            guard profile.version <= formatVersion else {
                throw CorpusError(
                    .unknownFormat, at: SourceLocation(file: path),
                    "profile format version \(profile.version) is newer than this tool's \(formatVersion)")
            }
            return profile
        } catch let error as CorpusError {
            throw error
        } catch {
            throw CorpusError(decoding: error, file: path, bytes: data, expected: "a Lineage profile")
        }
    }

    /// A file name for the model's profile: `/` and other unsafe characters become `__` or `-`.
    public static func fileName(for model: String) -> String {
        var name = model.replacingOccurrences(of: "/", with: "__")
        for character in ["\\", ":", "*", "?", "\"", "<", ">", "|", " "] {
            name = name.replacingOccurrences(of: character, with: "-")
        }
        if name.hasPrefix(".") { name = "_" + name }
        return (name.isEmpty ? "model" : name) + ".json"
    }
}

extension Profile {
    /// Whether the file at `path` looks like a profile written by Lineage (a JSON object whose `format` is
    /// `"lineage-profile"` near its start), without reading it all.
    public static func isProfileFile(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 512) else { return false }
        return isProfile(head: head)
    }

    /// Whether `head`, the first bytes of a file (512 are enough), look like a profile written by Lineage.
    public static func isProfile(head: some Collection<UInt8>) -> Bool {
        InputFormat.isLineageProfile(head: head)
    }
}
