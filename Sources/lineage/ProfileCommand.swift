import ArgumentParser
import Corpus
import Fingerprint
import Foundation

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Write one fingerprint profile (JSON) per model.",
        discussion: """
            Each profile lists the model's most over-represented words (against the human baseline) and \
            bigrams and trigrams (against the other models of the run), with per-prompt counts, and its \
            metrics. With --import, reads slop-forensics' slop_profile_results.json instead.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .customLong("import"), help: "Read slop-forensics' combined profile file instead of outputs.")
    var importFile: String?

    @Option(help: "Directory for the profiles.")
    var out: String

    func validate() throws {
        if importFile == nil && input.inputs.isEmpty {
            throw ValidationError("give output files or directories, or --import FILE")
        }
        if importFile != nil && !input.inputs.isEmpty {
            throw ValidationError("--import reads a profile file; do not also give outputs")
        }
    }

    func run() throws {
        try Terminal.run {
            try OutputLocation.checkDirectory(out)
            let profiles: [Profile]
            if let importFile {
                profiles = try SlopForensicsImport.profiles(path: importFile)
            } else {
                let baseline = try profileOptions.loadBaseline()
                let result = try Fingerprinting.run(
                    inputs: input.inputs, options: input.readOptions, baseline: baseline,
                    settings: profileOptions.settings(baseline: baseline), progress: Terminal.progress("reading"))
                Terminal.reportSkipped(result.corpus.skipped)
                profiles = result.profiles
            }
            try ProfileWriting.write(profiles, to: out)
            Terminal.note("lineage: wrote \(profiles.count) profile\(profiles.count == 1 ? "" : "s") to \(out)")
        }
    }
}

enum ProfileWriting {
    /// Writes each profile to `directory/<model>.json`; two models mapping to one file name is an error.
    static func write(_ profiles: [Profile], to directory: String) throws(CorpusError) {
        var seen: [String: String] = [:]
        for profile in profiles {
            let name = Profile.fileName(for: profile.model)
            if let other = seen[name] {
                throw CorpusError(
                    .writeFailed, at: SourceLocation(file: directory),
                    "models \"\(other)\" and \"\(profile.model)\" would both be written to \(name)")
            }
            seen[name] = profile.model
        }
        let paths = profiles.map { (directory as NSString).appendingPathComponent(Profile.fileName(for: $0.model)) }
        try Profile.write(profiles, to: paths)
    }
}
