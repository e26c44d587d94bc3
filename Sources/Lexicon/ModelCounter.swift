import Corpus

/// Counts one model's responses: word features, n-grams per prompt, and whole-text statistics.
public struct ModelCounter {
    private var tokenizer = Tokenizer()
    private var sink: CountingSink
    private var scratch = CountingScratch()

    /// Creates a counter that interns words into `vocabulary`.
    public init(vocabulary: Vocabulary) {
        sink = CountingSink(cache: TokenCache(vocabulary: vocabulary))
    }

    /// Counts every response of `outputs` (one row per response) and returns the counts.
    public mutating func count(_ outputs: ModelOutputs) -> ModelCounts {
        var statistics = TextStatistics()
        var prompts: [PromptRef] = []
        prompts.reserveCapacity(outputs.responses.count)
        sink.content = ContentStream()
        sink.content.reserve(outputs.responses.reduce(0) { $0 + $1.text.utf8.count } / 8)
        for response in outputs.responses {
            var text = response.text
            statistics.characters += text.withUTF8 { tokenizer.scan($0, into: &sink) }
            sink.boundary()
            sink.content.endRow()
            statistics.responses += 1
            if response.text.isEmpty { statistics.emptyResponses += 1 }
            prompts.append(PromptRef(id: response.promptID, text: response.prompt))
        }
        statistics.add(sink.statistics)
        sink.statistics = TextStatistics()
        let content = sink.content
        let source = SourceFile(
            path: outputs.file, sha256: outputs.sha256, format: outputs.format, records: outputs.responses.count,
            skipped: outputs.skipped.count)
        return ModelCounts(
            model: outputs.model, sources: [source], prompts: prompts, statistics: statistics, content: content,
            words: FeatureTotals(content, kind: .word, scratch: &scratch),
            bigrams: FeatureTotals(content, kind: .bigram, scratch: &scratch),
            trigrams: FeatureTotals(content, kind: .trigram, scratch: &scratch))
    }
}

/// The tokenizer's sink: interns tokens, keeps content words, sums statistics.
struct CountingSink: TokenSink {
    var cache: TokenCache
    var statistics = TextStatistics()
    var content = ContentStream()
    private var wordsInSentence = 0

    init(cache: TokenCache) {
        self.cache = cache
    }

    @inline(__always) mutating func token(_ bytes: UnsafeBufferPointer<UInt8>, numeric: Bool) {
        let traits = cache.lookup(bytes)
        if traits.isNumeric {
            statistics.numbers += 1
            return
        }
        statistics.words += 1
        wordsInSentence += 1
        statistics.syllables += Int(traits.syllables)
        if traits.syllables >= 3 { statistics.polysyllabicWords += 1 }
        if traits.isContentWord { content.append(traits.featureID, wordFeature: traits.isWordFeature) }
    }

    @inline(__always) mutating func boundary() {
        if wordsInSentence > 0 { statistics.sentences += 1 }
        wordsInSentence = 0
        content.appendBoundary()
    }
}
