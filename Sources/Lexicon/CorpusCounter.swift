import Corpus
import Dispatch
import Foundation
import Synchronization

/// The counts of a whole run: one entry per model (inputs of the same model merged), the pooled totals,
/// the shared vocabulary and what was skipped.
public struct CountedCorpus: Sendable {
    /// Models sorted by name.
    public var models: [ModelCounts]
    /// The run's words.
    public var vocabulary: Vocabulary
    /// Records skipped per file in lenient mode.
    public var skipped: [(file: String, errors: [CorpusError])]
    /// How prompts were matched across models.
    public var prompts: PromptIndex
    /// The outputs as read, in input file order, when the count was asked to keep them (else empty).
    public var outputs: [ModelOutputs] = []
}

/// Reads and counts input files concurrently.
public enum CorpusCounter {
    /// Reads every file, counts each model's outputs, and pools the totals.
    ///
    /// `progress` is called (from any thread) after each file with the number of files done. With
    /// `keepingOutputs`, the outputs read are returned too, so that a later stage need not read the files again.
    public static func count(
        files: [String], options: ReadOptions = ReadOptions(), vocabulary: Vocabulary = Vocabulary(),
        keepingOutputs: Bool = false, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(CorpusError) -> CountedCorpus {
        struct Shared {
            var outputs: [[ModelOutputs]]
            var pieces: [[ModelCounts]?]
            var skipped: [[CorpusError]]
            var failure: (index: Int, error: CorpusError)?
            var done = 0
        }
        let shared = Mutex(
            Shared(
                outputs: Array(repeating: [], count: files.count), pieces: Array(repeating: nil, count: files.count),
                skipped: Array(repeating: [], count: files.count)))
        // Largest files first, so the last file to finish is a small one (results stay in input order).
        let sizes = files.map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let schedule = files.indices.sorted { (sizes[$0], $1) > (sizes[$1], $0) }
        let next = Atomic<Int>(0)
        let workers = min(files.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var counter = ModelCounter(vocabulary: vocabulary)
            while true {
                let position = next.add(1, ordering: .relaxed).oldValue
                guard position < files.count else { return }
                let index = schedule[position]
                // After a failure only earlier files matter: the earliest bad file is the one reported.
                if shared.withLock({ $0.failure.map { $0.index < index } ?? false }) { continue }
                do throws(CorpusError) {
                    let outputs = try CorpusReader.read(file: files[index], options: options)
                    let counted = outputs.map { counter.count($0) }
                    let done = shared.withLock { state -> Int in
                        state.pieces[index] = counted
                        if keepingOutputs { state.outputs[index] = outputs }
                        state.skipped[index] = outputs.flatMap(\.skipped)
                        state.done += 1
                        return state.done
                    }
                    progress?(done, files.count)
                } catch {
                    shared.withLock { state in
                        // Keep the error of the earliest file for a deterministic message.
                        if state.failure == nil || state.failure!.index > index { state.failure = (index, error) }
                    }
                }
            }
        }
        let result = shared.withLock { $0 }
        if let failure = result.failure { throw failure.error }
        if vocabulary.overflowed {
            throw CorpusError(
                .limitExceeded, at: SourceLocation(file: files.first ?? ""),
                "more than \(Vocabulary.maximumSize) distinct words; split the corpus")
        }
        var byModel: [String: ModelCounts] = [:]
        for piece in result.pieces.compactMap({ $0 }).joined() {
            if byModel[piece.model] == nil {
                byModel[piece.model] = piece
            } else {
                byModel[piece.model]!.merge(piece)
            }
        }
        try CorpusReader.requireAnswers(byModel.mapValues(\.sources))
        let models = byModel.values.sorted { $0.model < $1.model }
        let skipped = zip(files, result.skipped).filter { !$0.1.isEmpty }.map { (file: $0.0, errors: $0.1) }
        return CountedCorpus(
            models: models, vocabulary: vocabulary, skipped: skipped,
            prompts: PromptIndex(models.map(\.prompts)), outputs: Array(result.outputs.joined()))
    }
}
