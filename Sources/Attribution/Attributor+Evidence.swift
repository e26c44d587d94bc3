import Foundation

extension Attributor {
    /// The features contributing most to the suspect–teacher stylometric similarity: over-used by both relative to
    /// the pool, with example sentences from each.
    func evidenceList(suspect: Int, teacher: Int, pool: [Int], profiles: [Int: [Double]], count: Int) -> [Evidence] {
        guard count > 0, let x = profiles[suspect], let y = profiles[teacher] else { return [] }
        var contributions: [(column: Int, value: Double)] = []
        for column in x.indices where x[column] > 0 && y[column] > 0 {
            contributions.append((column, x[column] * y[column]))
        }
        contributions.sort { $0.value != $1.value ? $0.value > $1.value : $0.column < $1.column }
        return contributions.prefix(count).map { column, _ in
            let feature = Int(space.columns[column])
            let name = data.featureNames[feature]
            let kind = data.featureKinds[feature]
            func rate(_ model: Int) -> Double {
                space.answered[model] == 0 ? 0 : space.documentFrequency[model][column] / space.answered[model]
            }
            let poolRate = pool.reduce(0) { $0 + rate($1) } / Double(max(pool.count, 1))
            var examples: [EvidenceExample] = []
            for model in [suspect, teacher] {
                examples.append(contentsOf: self.examples(of: Int32(feature), kind: kind, name: name, model: model))
            }
            return Evidence(
                feature: name, kind: kind.rawValue, suspectRate: rate(suspect), teacherRate: rate(teacher),
                poolRate: poolRate, examples: examples)
        }
    }

    /// Up to `limit` sentences of `model`'s answers holding the feature, earliest prompts first.
    func examples(of feature: Int32, kind: AnswerFeatures.Kind, name: String, model: Int, limit: Int = 2)
        -> [EvidenceExample]
    {
        var found: [EvidenceExample] = []
        for (p, answer) in data.answers[model].enumerated() {
            guard let answer, answer.features.contains(feature) else { continue }
            if let sentence = Self.sentence(in: answer.text, holding: name, kind: kind) {
                found.append(EvidenceExample(model: data.models[model], promptID: data.prompts[p], sentence: sentence))
                if found.count == limit { break }
            }
        }
        return found
    }

    /// The first sentence (words) or line (markers) of `text` that shows the feature, trimmed to 300 characters.
    static func sentence(in text: String, holding name: String, kind: AnswerFeatures.Kind) -> String? {
        let chosen: Substring?
        switch kind {
        case .word, .bigram:
            let words = name.split(separator: " ").map(String.init)
            chosen = sentences(of: text).first { sentence in
                let tokens = sentence.lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)
                if words.count == 1 { return tokens.contains(words[0]) }
                return zip(tokens, tokens.dropFirst()).contains { $0 == words[0] && $1 == words[1] }
            }
        case .marker:
            let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
            if name.hasPrefix("close:") || name.hasPrefix("ends:") {
                chosen = lines.last
            } else if name.hasPrefix("list:") || name.hasPrefix("item:") || name.hasPrefix("heading:") {
                chosen = lines.first { line in
                    let item = line.drop { $0 == " " }
                    return item.first?.isNumber == true || "-*•+#".contains(item.first ?? " ")
                }
            } else if name.hasPrefix("hedge:") || name.hasPrefix("refusal:") {
                let phrase = String(name.split(separator: ":", maxSplits: 1)[1])
                chosen = sentences(of: text).first { $0.lowercased().contains(phrase) }
            } else {
                chosen = lines.first
            }
        }
        guard let chosen else { return nil }
        let trimmed = chosen.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 300 ? String(trimmed.prefix(297)) + "..." : trimmed
    }

    static func sentences(of text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        for index in text.indices where ".!?\n".contains(text[index]) {
            let end = text.index(after: index)
            if !text[start..<end].allSatisfy(\.isWhitespace) { result.append(text[start..<end]) }
            start = end
        }
        if start < text.endIndex, !text[start...].allSatisfy(\.isWhitespace) { result.append(text[start...]) }
        return result
    }
}
