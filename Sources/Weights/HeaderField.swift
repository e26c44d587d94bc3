import Corpus

/// The members of one JSON object of a checkpoint's header or index, read by type; a missing or mistyped member
/// is a ``WeightsError`` naming the file, the tensor (when the object is a tensor's entry) and the member.
struct HeaderField {
    /// The object read.
    let object: JSONValue
    /// The tensor whose entry the object is, if any.
    let tensor: String?
    /// The file, for messages.
    let file: String

    init(_ object: JSONValue, tensor: String? = nil, file: String) {
        self.object = object
        self.tensor = tensor
        self.file = file
    }

    /// The string member `key`.
    func string(_ key: String) throws(WeightsError) -> String {
        let value = try member(key)
        guard let text = value.string else { throw mistyped(key, value, expected: "a string") }
        return text
    }

    /// The member `key`, an array of integers.
    func integers(_ key: String) throws(WeightsError) -> [Int] {
        let value = try member(key)
        guard let elements = value.array else { throw mistyped(key, value, expected: "an array of integers") }
        var numbers: [Int] = []
        numbers.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard let number = element.integer else {
                throw mistyped("\(key)[\(index)]", element, expected: "an integer")
            }
            numbers.append(number)
        }
        return numbers
    }

    /// The member `key`, an object whose members are strings (the last occurrence of a repeated name).
    func strings(_ key: String) throws(WeightsError) -> [String: String] {
        let value = try member(key)
        guard case .object(let members) = value else {
            throw mistyped(key, value, expected: "an object of strings")
        }
        var map: [String: String] = [:]
        for pair in members {
            guard let text = pair.value.string else {
                throw mistyped("\(key).\(pair.key)", pair.value, expected: "a string")
            }
            map[pair.key] = text
        }
        return map
    }

    /// A JSON value in a few words for messages: its kind, or a number itself.
    static func describe(_ value: JSONValue) -> String {
        if case .number(let number) = value { return "the number \(number)" }
        if case .integer(let number) = value { return "the number \(number)" }
        return value.kindName
    }

    private func member(_ key: String) throws(WeightsError) -> JSONValue {
        guard let value = object[key] else {
            throw WeightsError(.malformedHeader, file: file, tensor: tensor, "no \(key)")
        }
        return value
    }

    private func mistyped(_ key: String, _ value: JSONValue, expected: String) -> WeightsError {
        WeightsError(
            .malformedHeader, file: file, tensor: tensor, "\(key) is \(Self.describe(value)), expected \(expected)")
    }
}
