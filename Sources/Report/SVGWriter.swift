/// A small builder of SVG documents; every text and attribute value passes through ``Markup/escape(_:)``.
struct SVGWriter {
    private(set) var body = ""

    /// Appends an element with attributes; `text`, when given, becomes its escaped content.
    mutating func element(_ name: String, _ attributes: [(String, String)], text: String? = nil, title: String? = nil) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Markup.escape(value))\"" }
        if text == nil && title == nil {
            body += "/>\n"
            return
        }
        body += ">"
        if let title { body += "<title>\(Markup.escape(title))</title>" }
        if let text { body += Markup.escape(text) }
        body += "</\(name)>\n"
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        body += "<" + name
        for (key, value) in attributes { body += " \(key)=\"\(Markup.escape(value))\"" }
        body += ">\n"
    }

    mutating func close(_ name: String) { body += "</\(name)>\n" }

    mutating func raw(_ markup: String) { body += markup }

    /// The complete document: an `<svg>` root of the given size holding the body.
    func document(width: Double, height: Double, label: String) -> String {
        let w = SVGWriter.format(width)
        let h = SVGWriter.format(height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(label))\" font-family=\"system-ui, -apple-system, "
            + "'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\">\n" + body + "</svg>\n"
    }

    /// A coordinate with at most one decimal.
    static func format(_ value: Double) -> String { Markup.number(value, digits: 1).replacingZeroFraction() }

    /// Estimated width of `text` at `fontSize` in a proportional sans-serif face.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        var units = 0.0
        for character in text {
            if character.isUppercase || character == "m" || character == "w" {
                units += 0.78
            } else if "il.,:;'|!1 ".contains(character) {
                units += 0.32
            } else {
                units += 0.58
            }
        }
        return units * fontSize
    }
}

extension String {
    /// "12.0" → "12"; other strings unchanged.
    func replacingZeroFraction() -> String { hasSuffix(".0") ? String(dropLast(2)) : self }
}
