import Corpus
import Dispatch
import Foundation
import Synchronization

extension Profile {
    /// The profile as JSON text: one member per line, one feature per line, stable order.
    public func jsonText() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.key("format")
        json.value(format)
        json.key("version")
        json.value(version)
        json.key("model")
        json.value(model)
        json.key("origin")
        json.value(origin)
        json.key("sources")
        json.beginArray()
        for source in sources {
            json.beginObject(inline: true)
            json.inlineDepth = true
            json.key("path")
            json.value(source.path)
            json.key("sha256")
            json.value(source.sha256)
            json.key("format")
            json.value(source.format.rawValue)
            json.key("records")
            json.value(source.records)
            json.key("skipped")
            json.value(source.skipped)
            json.inlineDepth = false
            json.endObject(inline: true)
        }
        json.endArray()
        json.key("settings")
        json.beginObject()
        json.key("baseline")
        json.value(settings.baseline)
        json.key("minimum_count")
        json.value(settings.minimumCount)
        json.key("minimum_prompts")
        json.value(settings.minimumPrompts)
        json.key("minimum_word_length")
        json.value(settings.minimumWordLength)
        json.key("top_ngrams")
        json.value(settings.topNGrams)
        json.key("top_words")
        json.value(settings.topWords)
        json.endObject()
        if let summary {
            json.key("summary")
            json.beginObject()
            json.key("responses")
            json.value(summary.responses)
            json.key("empty_responses")
            json.value(summary.emptyResponses)
            json.key("characters")
            json.value(summary.characters)
            json.key("words")
            json.value(summary.words)
            json.key("sentences")
            json.value(summary.sentences)
            json.endObject()
        }
        json.key("metrics")
        json.beginObject()
        json.key("mean_length")
        json.value(metrics.meanLength)
        json.key("slop_score")
        json.value(metrics.slopScore)
        json.key("repetition_score")
        json.value(metrics.repetitionScore)
        json.key("vocabulary_complexity")
        json.value(metrics.vocabularyComplexity)
        json.endObject()
        if let promptMatching {
            json.key("prompt_matching")
            json.value(promptMatching.rawValue)
        }
        json.key("prompts")
        json.beginArray(multiline: false)
        for prompt in prompts { json.value(prompt) }
        json.endArray()
        for (name, features) in [("words", words), ("bigrams", bigrams), ("trigrams", trigrams)] {
            json.key(name)
            json.beginArray()
            for feature in features {
                json.beginObject(inline: true)
                json.inlineDepth = true
                json.key("feature")
                json.value(feature.feature)
                json.key("count")
                json.value(feature.count)
                json.key("prompts")
                json.value(feature.prompts)
                json.key("rate")
                json.value(feature.rate)
                json.key("baseline_rate")
                json.value(feature.baselineRate)
                json.key("pool_rate")
                json.value(feature.poolRate)
                json.key("score")
                json.value(feature.score)
                if let perPrompt = feature.perPrompt {
                    json.key("per_prompt")
                    json.beginArray()
                    for number in perPrompt { json.value(number) }
                    json.endArray()
                }
                json.inlineDepth = false
                json.endObject(inline: true)
            }
            json.endArray()
        }
        json.endObject()
        return json.text + "\n"
    }

    /// Writes `profiles[i]` to `paths[i]`, encoding and writing in parallel; each file is written atomically.
    public static func write(_ profiles: [Profile], to paths: [String]) throws(CorpusError) {
        let failures = Mutex<[Int: CorpusError]>([:])
        DispatchQueue.concurrentPerform(iterations: profiles.count) { index in
            do throws(CorpusError) {
                try AtomicFile.write(profiles[index].jsonText(), to: paths[index])
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
            throw CorpusError(.unreadableFile, at: SourceLocation(file: path), error.localizedDescription)
        }
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
            throw CorpusError(.malformedJSON, at: SourceLocation(file: path), "\(error)")
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
