import Corpus
import Dispatch
import Lexicon

/// The fingerprint stage end to end: read outputs, count, score.
public enum Fingerprinting {
    /// The result of a run.
    public struct Result: Sendable {
        /// The counts behind the profiles.
        public var corpus: CountedCorpus
        /// One profile per model, sorted by model name.
        public var profiles: [Profile]
        /// The run's slop lists.
        public var slopLists: SlopLists
    }

    /// Reads `inputs` (files or directories), counts every model and builds profiles and slop lists.
    ///
    /// Without a `baseline`, the shipped English one is used (loaded while the inputs are counted). With
    /// `keepingOutputs`, the outputs read stay in ``CountedCorpus/outputs`` for later stages.
    public static func run(
        inputs: [String], options: ReadOptions = ReadOptions(), baseline: Baseline? = nil,
        settings: ProfileSettings = ProfileSettings(), limits: SlopLists.Limits = .init(),
        keepingOutputs: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(CorpusError) -> Result {
        let files = try CorpusReader.inputFiles(inputs)
        if baseline == nil { DispatchQueue.global().async { _ = Baseline.english.floor } }
        let vocabulary = Vocabulary(settings: LexiconSettings(minimumWordLength: settings.minimumWordLength))
        let corpus = try CorpusCounter.count(
            files: files, options: options, vocabulary: vocabulary, keepingOutputs: keepingOutputs, progress: progress)
        let (profiles, lists) = ProfileBuilder(settings: settings, limits: limits, baseline: baseline ?? .english)
            .build(corpus)
        return Result(corpus: corpus, profiles: profiles, slopLists: lists)
    }
}
