import Foundation

/// Counts and p-values as the audit's sentences write them.
public enum AuditWording {
    /// `count` followed by the noun in the number that agrees with it: "1 item", "2 items".
    ///
    /// `plural` defaults to `singular` + "s".
    public static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// A p-value as a relation: "p = 0.008", "p = 2.3e-5", or "p < 1e-300" when it underflows to 0.
    public static func pValue(_ p: Double) -> String {
        if p >= 0.001 { return "p = \((p * 1000).rounded() / 1000)" }
        if p == 0 { return "p < 1e-300" }
        if !p.isFinite || p < 0 { return "p = \(p)" }
        let exponent = Int(log10(p).rounded(.down))
        let mantissa = (p / pow(10, Double(exponent)) * 10).rounded() / 10
        return "p = \(mantissa)e\(exponent)"
    }
}
