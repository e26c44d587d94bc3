import Foundation

/// Over-representation statistics.
public enum Keyness {
    /// Dunning's log-likelihood G² for a feature seen `a` times in `c` target tokens and `b` times in
    /// `d` reference tokens; signed negative when the target uses it less than the reference.
    public static func logLikelihood(a: Double, b: Double, c: Double, d: Double) -> Double {
        guard c > 0, d > 0, a + b > 0 else { return 0 }
        let expectedA = c * (a + b) / (c + d)
        let expectedB = d * (a + b) / (c + d)
        var g2 = 0.0
        if a > 0 { g2 += a * log(a / expectedA) }
        if b > 0 { g2 += b * log(b / expectedB) }
        g2 *= 2
        return a / c >= b / d ? g2 : -g2
    }

    /// Vocabulary complexity 0–100 from word, sentence, syllable and 3+-syllable word counts
    /// (slop-forensics' index with estimated syllables).
    public static func complexity(words: Int, sentences: Int, syllables: Int, polysyllabic: Int) -> Double {
        guard words > 0 else { return 0 }
        let w = Double(words)
        let grade = 0.39 * (w / Double(max(1, sentences))) + 11.8 * (Double(syllables) / w) - 15.59
        let complexShare = Double(polysyllabic) / w * 100
        let gradeNormalised = min(max(0, grade), 14) / 14 * 100
        let complexNormalised = min(complexShare, 20) / 20 * 100
        return (gradeNormalised + complexNormalised) / 2
    }
}
