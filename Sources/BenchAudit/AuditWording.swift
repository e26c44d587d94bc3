import Foundation

/// Counts as the audit's sentences write them (p-values: `PValueFormat`).
public enum AuditWording {
    /// `count` followed by the noun in the number that agrees with it: "1 item", "2 items".
    ///
    /// `plural` defaults to `singular` + "s".
    public static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }
}
