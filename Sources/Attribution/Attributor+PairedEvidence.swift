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
        // Overlapping trigrams of one shared passage ("you could talk", "could talk to") are one piece of evidence:
        // a trigram on the same prompts as a chosen one that extends its run of words by one is skipped, and the run
        // grows, so that each item shows a different passage.
        var tokenizer = Tokenizer()
        var chosen: [(key: UInt64, value: [Int])] = []
        var runs: [(words: [Substring], prompts: [Int])] = []
        for (trigram, prompts) in ranked.prefix(50 * count) where chosen.count < count {
            guard let text = answers[suspect][prompts[0]]?.text,
                let phrase = Self.passage(in: text, holding: trigram, tokenizer: &tokenizer)?.phrase
            else { continue }
            let words = phrase.split(separator: " ")
            if let run = runs.firstIndex(where: { $0.prompts == prompts && $0.words.suffix(2) == words.prefix(2) }) {
                runs[run].words.append(words[2])
            } else if let run = runs.firstIndex(where: {
                $0.prompts == prompts && $0.words.prefix(2) == words.suffix(2)
            }) {
                runs[run].words.insert(words[0], at: 0)
            } else {
                chosen.append((trigram, prompts))
                runs.append((words, prompts))
            }
        }
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

    /// `text` when it is short, else up to about `width` characters of it around `phrase` (matched whatever the
    /// case, punctuation, numbers or apostrophes between its words), with "…" where it was cut.
    static func excerpt(of text: String, around phrase: String, width: Int = 150) -> String {
        guard text.count > width else { return text }
        let pattern = phrase.split(separator: " ").map { word in
            NSRegularExpression.escapedPattern(for: String(word)).replacingOccurrences(of: "'", with: "['’]")
        }.joined(separator: "[^\\p{L}]+")
        guard let found = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) else {
            return String(text.prefix(width - 1)) + "…"
        }
        let room = max(0, width - text.distance(from: found.lowerBound, to: found.upperBound)) / 2
        var start = text.index(found.lowerBound, offsetBy: -room, limitedBy: text.startIndex) ?? text.startIndex
        var end = text.index(found.upperBound, offsetBy: room, limitedBy: text.endIndex) ?? text.endIndex
        // Cut between words, not inside one.
        if start > text.startIndex, let space = text[start..<found.lowerBound].firstIndex(where: \.isWhitespace) {
            start = text.index(after: space)
        }
        if end < text.endIndex, let space = text[found.upperBound..<end].lastIndex(where: \.isWhitespace) {
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
            guard words.count >= 3 else { return nil }
            let hashes = words.map(WordReader.hash(of:))
            for end in 2..<words.count
            where AnswerFeatures.trigramHash(hashes[end - 2], hashes[end - 1], hashes[end]) == trigram {
                return words[(end - 2)...end].joined(separator: " ")
            }
            return nil
        }
        let sentences = Tokenizer.sentences(in: text).map(String.init)
        for (index, sentence) in sentences.enumerated() {
            for span in [sentence, index + 1 < sentences.count ? sentence + " " + sentences[index + 1] : nil] {
                guard let span, let phrase = match(span) else { continue }
                return (phrase, excerpt(of: span, around: phrase))
            }
        }
        // Across more sentences (a heading, a code fence, then a word): the text around it, on one line.
        guard let phrase = match(text) else { return nil }
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return (phrase, excerpt(of: line, around: phrase))
    }
}
