import Corpus

/// Counts one model's responses: word features, n-grams per prompt, and whole-text statistics.
public struct ModelCounter {
    private var tokenizer = Tokenizer()
    private var sink: CountingSink

    /// Creates a counter that interns words into `vocabulary`.
    public init(vocabulary: Vocabulary) {
        sink = CountingSink(cache: TokenCache(vocabulary: vocabulary))
    }

    /// Counts every response of `outputs` (one row per response) and returns the counts.
    public mutating func count(_ outputs: ModelOutputs) -> ModelCounts {
        var words = FeatureCounts()
        var bigrams = FeatureCounts()
        var trigrams = FeatureCounts()
        var statistics = TextStatistics()
        var prompts: [PromptRef] = []
        prompts.reserveCapacity(outputs.responses.count)
        let bytes = outputs.responses.reduce(0) { $0 + $1.text.utf8.count }
        words.stream.reserve(bytes / 10)
        bigrams.stream.reserve(bytes / 12)
        trigrams.stream.reserve(bytes / 12)
        for response in outputs.responses {
            sink.beginResponse()
            var text = response.text
            statistics.characters += text.withUTF8 { tokenizer.scan($0, into: &sink) }
            sink.boundary()
            statistics.responses += 1
            if response.text.isEmpty { statistics.emptyResponses += 1 }
            words.stream.appendRow(sink.wordKeys)
            bigrams.stream.appendRow(sink.bigramKeys)
            trigrams.stream.appendRow(sink.trigramKeys)
            prompts.append(PromptRef(id: response.promptID, text: response.prompt))
        }
        words.totals = FeatureTotals(words.stream, order: 1)
        bigrams.totals = FeatureTotals(bigrams.stream, order: 2)
        trigrams.totals = FeatureTotals(trigrams.stream, order: 3)
        statistics.add(sink.statistics)
        sink.statistics = TextStatistics()
        let source = SourceFile(
            path: outputs.file, sha256: outputs.sha256, format: outputs.format, records: outputs.responses.count,
            skipped: outputs.skipped.count)
        return ModelCounts(
            model: outputs.model, sources: [source], prompts: prompts, statistics: statistics, words: words,
            bigrams: bigrams, trigrams: trigrams)
    }
}

/// The tokenizer's sink: interns tokens, forms n-grams within sentences, sums statistics.
struct CountingSink: TokenSink {
    var cache: TokenCache
    var statistics = TextStatistics()
    var wordKeys: [UInt64] = []
    var bigramKeys: [UInt64] = []
    var trigramKeys: [UInt64] = []
    /// The last two n-gram words in the current sentence (UInt32.max when absent).
    private var previous1 = UInt32.max
    private var previous2 = UInt32.max
    private var wordsInSentence = 0

    init(cache: TokenCache) {
        self.cache = cache
    }

    mutating func beginResponse() {
        wordKeys.removeAll(keepingCapacity: true)
        bigramKeys.removeAll(keepingCapacity: true)
        trigramKeys.removeAll(keepingCapacity: true)
        previous1 = .max
        previous2 = .max
        wordsInSentence = 0
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
        if traits.isWordFeature { wordKeys.append(NGramKey.word(traits.featureID)) }
        if traits.isStopword { return }
        let id = traits.featureID
        if previous1 != .max {
            bigramKeys.append(NGramKey.bigram(previous1, id))
            if previous2 != .max { trigramKeys.append(NGramKey.trigram(previous2, previous1, id)) }
        }
        previous2 = previous1
        previous1 = id
    }

    @inline(__always) mutating func boundary() {
        if wordsInSentence > 0 { statistics.sentences += 1 }
        wordsInSentence = 0
        previous1 = .max
        previous2 = .max
    }
}
