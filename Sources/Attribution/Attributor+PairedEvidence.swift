import Corpus
import Foundation
import Lexicon

extension Attributor {
    /// Word trigrams that the suspect's and the teacher's answers to the same prompt share and that no other compared
    /// model's answer to that prompt holds (the phrasing the paired signal counts), those shared on the most prompts
    /// first, each with the suspect's and the teacher's sentences from the first two such prompts.
    ///
    /// `others` are the other models compared (the pool but the teacher); rates are shares of each model's answers
    /// holding the trigram, the pool's the mean over `pool`.
    func pairedEvidence(suspect: Int, teacher: Int, others: [Int], pool: [Int], count: Int) -> [Evidence] {
        guard count > 0 else { return [] }
        let answers = data.answers
        // The trigrams specific to the pair on each prompt, prompts in parallel; then the prompts of each trigram.
        let specific = ConcurrentMap.run(Array(answers[suspect].indices)) { p -> [UInt64] in
            guard let mine = answers[suspect][p], let theirs = answers[teacher][p] else { return [] }
            let held = Set(mine.trigrams)
            var shared = Set(theirs.trigrams.filter(held.contains))
            for other in others where !shared.isEmpty {
                guard let answer = answers[other][p] else { continue }
                for trigram in answer.trigrams where shared.contains(trigram) { shared.remove(trigram) }
            }
            return Array(shared)
        }
        var promptsOf: [UInt64: [Int]] = [:]
        for (p, trigrams) in specific.enumerated() {
            for trigram in trigrams { promptsOf[trigram, default: []].append(p) }
        }
        let ranked = promptsOf.sorted { a, b in
            a.value.count != b.value.count
                ? a.value.count > b.value.count : a.value[0] != b.value[0] ? a.value[0] < b.value[0] : a.key < b.key
        }
        // Overlapping trigrams of one shared passage ("you could talk", "could talk to", "talk to your") are one piece
        // of evidence: trigrams whose first prompt is the same and whose places in the suspect's answer to it overlap
        // form one passage, shown by its best-ranked trigram, whatever order the others rank in.
        var tokenizer = Tokenizer()
        var placesIn: [Int: [UInt64]] = [:]  // the suspect's trigrams in order, per prompt
        let considered = ranked.prefix(50 * count).compactMap { trigram, prompts -> (Int, Int)? in
            let p = prompts[0]
            if placesIn[p] == nil {
                placesIn[p] = Self.trigramHashes(of: answers[suspect][p]?.text ?? "", tokenizer: &tokenizer)
            }
            return placesIn[p]!.firstIndex(of: trigram).map { (p, $0) }
        }
        var passage = Array(considered.indices)  // union-find over `considered`, by rank
        func root(_ index: Int) -> Int {
            var index = index
            while passage[index] != index { index = passage[index] }
            return index
        }
        let byPlace = considered.indices.sorted { considered[$0] < considered[$1] }
        for (previous, next) in zip(byPlace, byPlace.dropFirst())
        where considered[previous].0 == considered[next].0 && considered[next].1 - considered[previous].1 <= 2 {
            let (a, b) = (root(previous), root(next))
            passage[max(a, b)] = min(a, b)
        }
        let chosen = considered.indices.filter { root($0) == $0 }.prefix(count).map { ranked[$0] }
        guard !chosen.isEmpty else { return [] }
        // Answers holding each chosen trigram, per model: a handful of values, compared directly.
        let wanted = chosen.map(\.key)
        let models = Array(Set(pool + [suspect, teacher])).sorted()
        let holding = ConcurrentMap.run(models) { model -> [Int] in
            var counts = [Int](repeating: 0, count: wanted.count)
            for answer in answers[model] {
                for trigram in answer?.trigrams ?? [] {
                    for (position, value) in wanted.enumerated() where value == trigram { counts[position] += 1 }
                }
            }
            return counts
        }
        let countsOf = Dictionary(uniqueKeysWithValues: zip(models, holding))
        func rate(_ model: Int, _ position: Int) -> Double {
            space.answered[model] == 0 ? 0 : Double(countsOf[model]?[position] ?? 0) / space.answered[model]
        }
        return chosen.enumerated().compactMap { position, item -> Evidence? in
            let (trigram, prompts) = item
            var examples: [EvidenceExample] = []
            var phrase: String?
            for p in prompts.prefix(2) {
                for model in [suspect, teacher] {
                    guard let text = answers[model][p]?.text,
                        let found = Self.passage(in: text, holding: trigram, tokenizer: &tokenizer)
                    else { continue }
                    phrase = phrase ?? found.phrase
                    examples.append(
                        EvidenceExample(model: data.models[model], promptID: data.prompts[p], sentence: found.sentence))
                }
            }
            guard let phrase else { return nil }
            let poolRate = pool.reduce(0) { $0 + rate($1, position) } / Double(max(pool.count, 1))
            return Evidence(
                feature: phrase, kind: "trigram", suspectRate: rate(suspect, position),
                teacherRate: rate(teacher, position), poolRate: poolRate, examples: examples,
                pairSpecificPrompts: prompts.count)
        }
    }

    /// The hashes of the word trigrams of `words` (as in ``AnswerFeatures/Answer/trigrams``), by first word.
    static func trigramHashes(of words: [String]) -> [UInt64] {
        guard words.count >= 3 else { return [] }
        let hashes = words.map(WordReader.hash(of:))
        return (2..<words.count).map { AnswerFeatures.trigramHash(hashes[$0 - 2], hashes[$0 - 1], hashes[$0]) }
    }

    /// The hashes of the word trigrams of `text`, by first word.
    static func trigramHashes(of text: String, tokenizer: inout Tokenizer) -> [UInt64] {
        trigramHashes(of: tokenizer.tokens(in: text).filter { $0.kind == .word }.map(\.text))
    }

    /// `text` when it is short, else up to about `width` characters of it around `phrase` (found whatever the case,
    /// punctuation, numbers or apostrophes between its words, as a whole word sequence), with "…" where it was cut.
    static func excerpt(of text: String, around phrase: String, width: Int = 150) -> String {
        guard text.count > width else { return text }
        let apostrophe = "'’ʼ‘"
        let words = phrase.split(separator: " ").map { word in
            NSRegularExpression.escapedPattern(for: String(word)).replacingOccurrences(
                of: "'", with: "[\(apostrophe)]")
        }
        // Between the words: anything but letters, and tokens holding a digit (which the trigrams skip).
        let between = "(?:[^\\p{L}\\p{M}\\d]+|[\\p{L}\\p{M}\(apostrophe)]*\\d[\\p{L}\\p{M}\\d\(apostrophe).,]*)+"
        let pattern =
            "(?<![\\p{L}\\p{M}\\d\(apostrophe)])" + words.joined(separator: between) + "(?![\\p{L}\\p{M}\\d])"
        guard let found = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) else {
            return String(text.prefix(width - 1)) + "…"
        }
        // Room on both sides, what one side cannot use going to the other.
        let room = max(0, width - text.distance(from: found.lowerBound, to: found.upperBound))
        let before = text.distance(from: text.startIndex, to: found.lowerBound)
        let after = text.distance(from: found.upperBound, to: text.endIndex)
        let left = min(before, max(room / 2, room - after))
        let right = min(after, room - left)
        var start = text.index(found.lowerBound, offsetBy: -left)
        var end = text.index(found.upperBound, offsetBy: right)
        // Cut between words, not inside one, where a space is near.
        if start > text.startIndex,
            let space = text[start..<found.lowerBound].prefix(20).firstIndex(where: \.isWhitespace)
        {
            start = text.index(after: space)
        }
        if end < text.endIndex, let space = text[found.upperBound..<end].suffix(20).lastIndex(where: \.isWhitespace) {
            end = space
        }
        return (start > text.startIndex ? "…" : "") + text[start..<end] + (end < text.endIndex ? "…" : "")
    }

    /// The trigram whose hash is `trigram` as words, and the first sentence of `text` holding it (with the next
    /// sentence when it spans a sentence end, else the text around it on one line), cut to about 150 characters
    /// around it.
    static func passage(in text: String, holding trigram: UInt64, tokenizer: inout Tokenizer)
        -> (phrase: String, sentence: String)?
    {
        func match(_ part: String) -> String? {
            let words = tokenizer.tokens(in: part).filter { $0.kind == .word }.map(\.text)
            guard let first = trigramHashes(of: words).firstIndex(of: trigram) else { return nil }
            return words[first...(first + 2)].joined(separator: " ")
        }
        // One sentence if one holds it, else two that it spans.
        let sentences = Tokenizer.sentences(in: text).map(String.init)
        let pairs = zip(sentences, sentences.dropFirst()).map { $0 + " " + $1 }
        for span in sentences + pairs {
            guard let phrase = match(span) else { continue }
            return (phrase, excerpt(of: span, around: phrase))
        }
        // Across more sentences (a heading, a code fence, then a word): the text around it, on one line.
        guard let phrase = match(text) else { return nil }
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (phrase, excerpt(of: line, around: phrase))
    }
}
