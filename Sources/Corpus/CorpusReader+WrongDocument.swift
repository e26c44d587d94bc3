extension CorpusReader {
    /// The error for a file whose first line is a lone `{`: JSON spread over several lines, which JSON Lines never
    /// is. It names what the file most likely is, or nil when the first line holds more than `{`.
    ///
    /// - a profile written by `lineage profile` (its `"format"` says so);
    /// - slop-forensics' combined profile results (model names mapping to objects with slop metrics), which
    ///   `lineage profile --import` reads;
    /// - some other single JSON object, named by its first keys;
    /// - pretty-printed records one after another (`jq .` output), which `jq -c .` puts one per line.
    static func wrongDocumentProblem(_ bytes: [UInt8], file: String) -> CorpusError? {
        guard let start = bytes.firstIndex(where: { !InputFormat.isBlank($0) }), bytes[start] == UInt8(ascii: "{")
        else {
            return nil
        }
        let lineEnd = bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
        guard bytes[(start + 1)..<lineEnd].allSatisfy(InputFormat.isBlank), lineEnd < bytes.endIndex else { return nil }
        let location = SourceLocation(file: file, line: 1)
        if InputFormat.isLineageProfile(head: bytes[start...]) {
            return CorpusError(
                .unknownFormat, at: location,
                "a Lineage profile (written by `lineage profile`), not model outputs: this command reads the answers "
                    + "themselves (JSON Lines, an AlpacaEval array or slop-forensics outputs); "
                    + "`lineage tree` compares profiles"
            )
        }
        guard case .object(let members)? = try? JSONValue.parse(bytes) else {
            return CorpusError(
                .unknownFormat, at: location,
                "records spread over several lines (pretty-printed JSON): JSON Lines holds one record per line "
                    + "(`jq -c . FILE` rewrites it so)")
        }
        let slopMetrics = ["slop_score", "top_repetitive_words", "top_bigrams", "top_trigrams"]
        let isSlopResults =
            !members.isEmpty
            && members.allSatisfy { member in
                guard case .object(let fields) = member.value else { return false }
                return fields.contains { slopMetrics.contains($0.key) }
            }
        if isSlopResults {
            return CorpusError(
                .unknownFormat, at: location,
                "slop-forensics' profile results (\(members.count) model\(members.count == 1 ? "" : "s")), not model "
                    + "outputs: `lineage profile --import` reads them, and `lineage tree` compares the profiles it "
                    + "writes"
            )
        }
        let described =
            members.isEmpty ? "an empty JSON object" : "one JSON object (its keys: \(CorpusError.keyList(members)))"
        return CorpusError(
            .unknownFormat, at: location,
            "\(described), not model outputs: expected JSON Lines (one record per line) or a JSON array of records")
    }
}
