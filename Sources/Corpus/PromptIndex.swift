/// Which prompt a row of counts answers.
public struct PromptRef: Sendable, Hashable, Codable {
    /// The prompt's id, when the source had one.
    public var id: String?
    /// The prompt's text, when the source had it.
    public var text: String?

    /// Creates a reference.
    public init(id: String?, text: String?) {
        self.id = id
        self.text = text
    }
}

/// How responses of different models are matched to the same prompt.
public enum PromptMatching: String, Sendable, Hashable, Codable {
    /// By prompt id: every response had one.
    case id
    /// By prompt text: some response had no id, every response had the prompt text.
    case text
    /// Neither was available for every response: each response is its own prompt.
    case none
}

/// A shared numbering of prompts across models.
public struct PromptIndex: Sendable {
    /// How prompts were matched.
    public var matching: PromptMatching
    /// The distinct prompt keys (ids or texts), in order of first appearance.
    public var keys: [String]
    /// For each model (in input order), the prompt number of each of its rows.
    public var rows: [[Int]]

    /// Matches the rows of several models: by id when every row has one, else by text when every row has it.
    public init(_ models: [[PromptRef]]) {
        let all = models.joined()
        let matching: PromptMatching =
            if all.allSatisfy({ $0.id != nil }) {
                .id
            } else if all.allSatisfy({ $0.text != nil }) {
                .text
            } else {
                .none
            }
        var numbers: [String: Int] = [:]
        var keys: [String] = []
        var rows: [[Int]] = []
        for (modelIndex, refs) in models.enumerated() {
            rows.append(
                refs.enumerated().map { rowIndex, ref in
                    let key: String =
                        switch matching {
                        case .id: ref.id!
                        case .text: ref.text!
                        case .none: "\(modelIndex):\(rowIndex)"
                        }
                    if let number = numbers[key] { return number }
                    numbers[key] = keys.count
                    keys.append(key)
                    return keys.count - 1
                })
        }
        self.matching = matching
        self.keys = keys
        self.rows = rows
    }
}
