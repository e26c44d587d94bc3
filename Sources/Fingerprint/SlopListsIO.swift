import Corpus

extension SlopLists {
    /// Files written by ``write(to:)``: slop-forensics-compatible lists plus Lineage's full record.
    public static let fileNames = [
        "slop_list.json", "slop_list_by_freq.json", "slop_list_bigrams.json", "slop_list_trigrams.json",
        "slop_lists.json",
    ]

    /// Writes the lists into `directory` (each file atomically).
    public func write(to directory: String) throws(CorpusError) {
        func oneItemPerLine(_ items: [String]) -> String {
            items.isEmpty ? "[\n]\n" : "[\n" + items.joined(separator: ",\n") + "\n]\n"
        }
        let literal = JSONWriter.literal
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        try AtomicFile.write(
            oneItemPerLine(words.map(\.feature).sorted().map { "[\(literal($0))]" }), to: base + "slop_list.json")
        try AtomicFile.write(
            oneItemPerLine(words.map { "[\(literal($0.feature)),\($0.count)]" }), to: base + "slop_list_by_freq.json")
        try AtomicFile.write(
            oneItemPerLine(bigrams.map { "[\(literal($0.feature))]" }), to: base + "slop_list_bigrams.json")
        try AtomicFile.write(
            oneItemPerLine(trigrams.map { "[\(literal($0.feature))]" }), to: base + "slop_list_trigrams.json")
        var json = JSONWriter()
        json.beginObject()
        json.member("format", "lineage-slop-lists")
        json.member("version", 1)
        for (name, entries) in [("words", words), ("bigrams", bigrams), ("trigrams", trigrams)] {
            json.key(name)
            json.beginArray()
            for entry in entries {
                json.beginObject(singleLine: true)
                json.member("feature", entry.feature)
                json.member("count", entry.count)
                json.member("models", entry.models)
                json.member("reason", entry.reason)
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        try AtomicFile.write(json.text + "\n", to: base + "slop_lists.json")
    }
}
