import Foundation

/// How p-values are written for people, the same in every command, report and page: three significant digits
/// ("0.0123", "3.4e-22"), a power of ten where the p-value itself underflowed but its logarithm is known
/// ("10^-412.3"), "< 1e-300" where neither is, and "–" for one that is not a number.
public enum PValueFormat {
    /// The p-value as a number for tables.
    ///
    /// - Parameter log10: the p-value's base-10 logarithm, when it was computed on that scale.
    public static func number(_ p: Double, log10: Double? = nil) -> String {
        if p.isNaN { return "–" }
        if p >= 1e-300 { return String(format: "%.3g", p) }
        if let log10, log10.isFinite { return String(format: "10^%.1f", log10) }
        return p > 0 ? String(format: "%.3g", p) : "< 1e-300"
    }

    /// The p-value as a relation: "= 0.0123", "= 10^-412.3", or "< 1e-300".
    public static func relation(_ p: Double, log10: Double? = nil) -> String {
        let number = number(p, log10: log10)
        return number.hasPrefix("<") ? number : "= " + number
    }

    /// The p-value for sentences: "p = 0.0123", "p < 1e-300".
    public static func text(_ p: Double, log10: Double? = nil) -> String { "p " + relation(p, log10: log10) }
}
