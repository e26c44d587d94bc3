import Corpus
import Foundation

/// Profile files given where model outputs may also be given (`tree`, `analyze`).
public enum ProfileInputs {
    /// The profiles in `files` with a description of each file (the SHA-256 of the bytes read, format
    /// `lineage-profile`), or nil when none of `files` is a profile. A mix of profiles and other files is an error
    /// naming the first other file.
    public static func load(_ files: [String]) throws(CorpusError) -> (profiles: [Profile], sources: [SourceFile])? {
        let profileFiles = files.filter { Profile.isProfileFile(path: $0) }
        guard !profileFiles.isEmpty else { return nil }
        guard profileFiles.count == files.count else {
            let other = files.first { !profileFiles.contains($0) }!
            throw CorpusError(.unknownFormat, at: SourceLocation(file: other), "mixes model outputs with profile files")
        }
        var profiles: [Profile] = []
        var sources: [SourceFile] = []
        for path in profileFiles {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CorpusError.unreadable(path, error)
            }
            profiles.append(try Profile.decode(data, path: path))
            sources.append(
                SourceFile(
                    path: path, sha256: CorpusReader.sha256(bytes: [UInt8](data)), format: .lineageProfile,
                    records: 1, skipped: 0))
        }
        return (profiles, sources)
    }
}
