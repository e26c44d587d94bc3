/// Binary characters packed for the parsimony search.
///
/// Columns are reduced to the parsimony-informative ones (each state in at least two taxa); the others add the
/// same number of steps to every tree and are kept only as ``constantLength``. A column and its complement
/// score alike under Fitch parsimony, so columns are flipped to give the first taxon state 0 and identical ones
/// are merged into one weighted pattern. Patterns of equal weight share words, so that the score of a word is its
/// count of conflicting bits times the word's weight.
struct PackedCharacters: Sendable {
    /// Number of taxa (rows).
    let taxonCount: Int
    /// Number of 64-bit words per taxon.
    let wordCount: Int
    /// Weight of every pattern in each word.
    let weights: [Int]
    /// State-1 bits, taxon-major: `ones[taxon * wordCount + word]`; unused bits are 0.
    let ones: [UInt64]
    /// Steps of the uninformative columns, the same on every tree.
    let constantLength: Int

    init(_ matrix: FeatureMatrix) {
        let taxonCount = matrix.taxa.count
        let keyWords = (taxonCount + 63) / 64
        var patternIndex: [[UInt64]: Int] = [:]
        var patterns: [[UInt64]] = []
        var counts: [Int] = []
        var minorities: [Int] = []
        var constantLength = 0
        var column = [UInt64](repeating: 0, count: keyWords)
        for character in 0..<matrix.characterCount {
            for word in 0..<keyWords { column[word] = 0 }
            var onesCount = 0
            for taxon in 0..<taxonCount where matrix.values[taxon * matrix.characterCount + character] != 0 {
                column[taxon >> 6] |= 1 << UInt64(taxon & 63)
                onesCount += 1
            }
            let minority = min(onesCount, taxonCount - onesCount)
            if minority < 2 {
                constantLength += minority
                continue
            }
            if column[0] & 1 != 0 {
                for word in 0..<keyWords {
                    let used: UInt64 =
                        word == keyWords - 1 && taxonCount & 63 != 0 ? (1 << UInt64(taxonCount & 63)) - 1 : ~0
                    column[word] = ~column[word] & used
                }
            }
            if let index = patternIndex[column] {
                counts[index] += 1
            } else {
                patternIndex[column] = patterns.count
                patterns.append(column)
                counts.append(1)
                minorities.append(minority)
            }
        }
        // Group by weight, so that each word holds patterns of one weight. Heavy and balanced patterns first: they
        // tend to conflict more, so that costs checked against a bound cross it in fewer words.
        let order = patterns.indices.sorted { a, b in
            if counts[a] != counts[b] { return counts[a] > counts[b] }
            if minorities[a] != minorities[b] { return minorities[a] > minorities[b] }
            return a < b
        }
        var weights: [Int] = []
        var slots: [(word: Int, bit: Int)] = Array(repeating: (0, 0), count: patterns.count)
        var bit = 64
        var currentWeight = -1
        for index in order {
            if bit == 64 || counts[index] != currentWeight {
                weights.append(counts[index])
                currentWeight = counts[index]
                bit = 0
            }
            slots[index] = (weights.count - 1, bit)
            bit += 1
        }
        let wordCount = weights.count
        var ones = [UInt64](repeating: 0, count: taxonCount * wordCount)
        for (index, pattern) in patterns.enumerated() {
            let (word, bit) = slots[index]
            for taxon in 0..<taxonCount where pattern[taxon >> 6] >> UInt64(taxon & 63) & 1 != 0 {
                ones[taxon * wordCount + word] |= 1 << UInt64(bit)
            }
        }
        self.taxonCount = taxonCount
        self.wordCount = wordCount
        self.weights = weights
        self.ones = ones
        self.constantLength = constantLength
    }
}
