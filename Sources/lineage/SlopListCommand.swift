import ArgumentParser
import Corpus
import Fingerprint

struct SlopListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slop-list",
        abstract: "Write the words, bigrams and trigrams over-used across all models.",
        discussion: """
            Writes slop_list.json, slop_list_by_freq.json, slop_list_bigrams.json and slop_list_trigrams.json \
            (slop-forensics' formats) and slop_lists.json (counts, model counts and the reason for each entry).
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var profileOptions: ProfileOptions

    @Option(help: "Directory for the lists.")
    var out: String

    func validate() throws {
        if input.inputs.isEmpty { throw ValidationError("give output files or directories") }
    }

    func run() throws {
        try Terminal.run {
            try OutputLocation.checkDirectory(out)
            let baseline = try profileOptions.loadBaseline()
            let result = try Fingerprinting.run(
                inputs: input.inputs, options: input.readOptions, baseline: baseline,
                settings: profileOptions.settings(baseline: baseline), progress: Terminal.progress("reading"))
            Terminal.reportSkipped(result.corpus.skipped)
            try result.slopLists.write(to: out)
            Terminal.note(
                "lineage: wrote \(result.slopLists.words.count) words, \(result.slopLists.bigrams.count) bigrams, "
                    + "\(result.slopLists.trigrams.count) trigrams to \(out)")
        }
    }
}
