import Foundation
import Statistics
import Testing

@Suite struct StatisticsTests {
    @Test func wilsonIntervalMatchesNewcombe() {
        // Wilson interval for 81/263 (Newcombe 1998, example: 0.2553–0.3662 at 95 %).
        let interval = ProportionInterval.wilson(successes: 81, trials: 263)
        #expect(abs(interval.lower - 0.2553) < 0.0005 && abs(interval.upper - 0.3662) < 0.0005)
        #expect(ProportionInterval.wilson(successes: 0, trials: 0) == ProportionInterval(lower: 0, upper: 1))
        // 11 of 14: R's prop.test(11, 14, correct = FALSE)$conf.int is 0.5241 – 0.9243.
        let eleven = ProportionInterval.wilson(successes: 11, trials: 14)
        #expect(abs(eleven.lower - 0.5241) < 0.0005 && abs(eleven.upper - 0.9243) < 0.0005)
    }

    @Test func binomialTestsMatchR() {
        // Exact binomial: P(X ≥ 9 | 10, 0.5) = 11/1024; two-sided 7 of 20 at 0.5 = 0.2631760 (R binom.test).
        #expect(abs(BinomialTest.upperTail(9, 10, 0.5) - 11.0 / 1024) < 1e-12)
        #expect(abs(BinomialTest.twoSided(7, 20, 0.5) - 0.2631760) < 1e-6)
        #expect(BinomialTest.upperTail(0, 10, 0.3) == 1 && BinomialTest.upperTail(11, 10, 0.3) == 0)
        #expect(BinomialTest.logProbability(-1, 10, 0.3) == -.infinity)
        #expect(BinomialTest.logProbability(11, 10, 0.3) == -.infinity)
    }

    @Test func mannWhitneyTellsAHigherGroupFromAnEqualOne() throws {
        // scipy.stats.mannwhitneyu(x, y, alternative="greater", method="asymptotic") with continuity correction.
        let same = try #require(MannWhitneyTest.greater([1, 2, 3], [1, 2, 3]))
        #expect(abs(same.p - 0.59026) < 1e-4)
        let mixed = try #require(MannWhitneyTest.greater([3, 5, 7, 9], [1, 2, 4, 6, 8]))
        #expect(abs(mixed.p - 0.19563) < 1e-4)
        let higher = try #require(
            MannWhitneyTest.greater(Array(repeating: 1, count: 30), Array(repeating: 0, count: 300)))
        #expect(higher.p < 1e-10)
        #expect(MannWhitneyTest.greater([], [1]) == nil)
    }

    @Test func normalTailsStayAccurateFarOut() {
        // 1 − Φ(10) would cancel to 0 in double precision; the upper tail itself is about 7.62e-24.
        let tail = NormalDistribution.upperTail(10)
        #expect(tail > 7.6e-24 && tail < 7.7e-24)
        #expect(abs(NormalDistribution.upperTail(NormalDistribution.z95) - 0.025) < 1e-12)
        // In log space the two branches meet at z = 30, and far beyond underflow the value stays finite.
        #expect(abs(NormalDistribution.logUpperTail(29.999) - (-454.29121)) < 1e-5)
        #expect(abs(NormalDistribution.logUpperTail(30.001) - (-454.35128)) < 1e-5)
        #expect(NormalDistribution.logUpperTail(100).isFinite)
        #expect(abs(NormalDistribution.logUpperTail(100) - (-5005.524)) < 0.01)
    }

    @Test func correlationsAndRanks() throws {
        #expect(Correlation.ranks([3, 1, 2, 2]) == [3, 0, 1.5, 1.5])
        #expect(try #require(Correlation.spearman([1, 2, 3, 4], [10, 20, 30, 1000])) == 1)
        #expect(try #require(Correlation.pearson([1, 2, 3], [3, 2, 1])) == -1)
        #expect(Correlation.pearson([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test func fisherMethodMatchesTheChiSquaredTail() {
        // Two tests at p = 0.05: X = −2 ln(0.0025) = 11.98 on 4 degrees of freedom, p = e^(−X/2)(1 + X/2) = 0.01748.
        let combined = FisherMethod.combined(logPValues: [log(0.05), log(0.05)])
        #expect(abs(exp(combined) - 0.0025 * (1 - log(0.0025))) < 1e-12)
        #expect(FisherMethod.combined(logPValues: []) == 0)
        #expect(PercentileInterval.central95([.nan]) == nil)
        let interval = PercentileInterval.central95((0...1000).map(Double.init))
        #expect(interval?.lower == 25 && interval?.upper == 975)
    }

    @Test func pValuesReadTheSameEverywhere() {
        #expect(PValueFormat.text(0.01234) == "p = 0.0123")
        #expect(PValueFormat.text(0.0081) == "p = 0.0081")
        #expect(PValueFormat.text(2.34e-7) == "p = 2.34e-07")
        #expect(PValueFormat.text(0) == "p < 1e-300")
        #expect(PValueFormat.number(.nan) == "–")
        // Where the p-value underflowed but its logarithm is known, the power of ten is shown instead of a bound.
        #expect(PValueFormat.text(0, log10: -412.34) == "p = 10^-412.3")
        #expect(PValueFormat.number(0, log10: -.infinity) == "< 1e-300")
        #expect(PValueFormat.relation(0.5, log10: log10(0.5)) == "= 0.5")
    }
}
