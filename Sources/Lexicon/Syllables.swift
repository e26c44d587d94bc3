/// A dictionary-free syllable estimate for English words.
enum Syllables {
    @inline(__always) static func isVowel(_ value: UInt32) -> Bool {
        switch value {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: true  // a e i o u y
        case 0xE0...0xE6, 0xE8...0xEF, 0xF2...0xF6, 0xF9...0xFC: true  // accented Latin vowels
        default: false
        }
    }

    /// Counts vowel groups, with the usual corrections for silent final "e" and "-es" endings.
    ///
    /// Words mostly outside Latin script count one syllable per three letters (at least one).
    static func estimate(_ word: String) -> UInt8 {
        let scalars = word.unicodeScalars.map(\.value)
        guard !scalars.isEmpty else { return 0 }
        var groups = 0
        var previousVowel = false
        var latin = 0
        for value in scalars {
            let vowel = isVowel(value)
            if value < 0x250 { latin += 1 }
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        if latin * 2 < scalars.count { return UInt8(clamping: max(1, scalars.count / 3)) }
        let n = scalars.count
        let e: UInt32 = 0x65
        let l: UInt32 = 0x6C
        let s: UInt32 = 0x73
        if n > 2 && scalars[n - 1] == e && scalars[n - 2] != l && !isVowel(scalars[n - 2]) {
            groups -= 1  // silent final e: "make"
        } else if n > 3 && scalars[n - 1] == s && scalars[n - 2] == e && !isVowel(scalars[n - 3])
            && ![l, s, 0x78, 0x7A, 0x63, 0x67].contains(scalars[n - 3])
        {
            groups -= 1  // "makes", "hopes"
        }
        return UInt8(clamping: max(1, groups))
    }
}
