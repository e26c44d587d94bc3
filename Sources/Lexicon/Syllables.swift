/// A dictionary-free syllable estimate for English words.
enum Syllables {
    /// Counts vowel groups, with the usual corrections for silent final "e" and "-le" endings.
    ///
    /// Non-Latin words count one syllable per three letters (at least one), a rough stand-in.
    static func estimate(_ word: String) -> UInt8 {
        let scalars = Array(word.unicodeScalars)
        guard !scalars.isEmpty else { return 0 }
        var groups = 0
        var previousVowel = false
        var latin = 0
        for scalar in scalars {
            let isVowel = "aeiouyàáâäèéêëìíîïòóôöùúûü".unicodeScalars.contains(scalar)
            if scalar.isASCII || isVowel { latin += 1 }
            if isVowel && !previousVowel { groups += 1 }
            previousVowel = isVowel
        }
        if latin * 2 < scalars.count { return UInt8(clamping: max(1, scalars.count / 3)) }
        let n = scalars.count
        if n > 2 && scalars[n - 1] == "e" && scalars[n - 2] != "l" && !"aeiouy".unicodeScalars.contains(scalars[n - 2]) {
            groups -= 1
        }
        if n > 3 && scalars[n - 1] == "s" && scalars[n - 2] == "e" && !"aeiouylsxz".unicodeScalars.contains(scalars[n - 3]) {
            groups -= 1  // "makes", "hopes"
        }
        return UInt8(clamping: max(1, groups))
    }
}
