/// A perceptually ordered colour scale (viridis) from 0 to 1, and a qualitative palette for groups.
public enum ColorScale {
    /// Viridis stops at 0, 0.125, …, 1 (matplotlib's viridis, sampled).
    static let viridis: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// The colour of `value` in 0…1 (clamped) as `#rrggbb`.
    public static func color(_ value: Double) -> String {
        let t = value.isFinite ? min(max(value, 0), 1) : 0
        let position = t * Double(viridis.count - 1)
        let lower = min(Int(position), viridis.count - 2)
        let f = position - Double(lower)
        let a = viridis[lower]
        let b = viridis[lower + 1]
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// Whether text on `color(value)` should be dark (light background) rather than light.
    public static func prefersDarkText(_ value: Double) -> Bool { value.isFinite && value > 0.55 }

    /// Distinct colours for groups (Okabe–Ito, colour-blind safe, then two greys).
    public static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D31", "#000000", "#999999", "#F0E442",
    ]

    /// A colour for each group name, in order of first appearance in `names` (sorted for stability).
    public static func groupColors(_ names: [String]) -> [String: String] {
        var colors: [String: String] = [:]
        for (index, name) in Set(names).sorted().enumerated() { colors[name] = palette[index % palette.count] }
        return colors
    }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for component in [r, g, b] {
            let value = min(255, max(0, Int(component.rounded())))
            text.append(digits[value / 16])
            text.append(digits[value % 16])
        }
        return text
    }
}
