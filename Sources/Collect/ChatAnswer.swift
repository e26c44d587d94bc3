import Foundation

/// Token counts an endpoint reports for one answer.
public struct TokenUsage: Sendable, Hashable {
    /// Tokens in the request's messages.
    public var promptTokens: Int?
    /// Tokens in the answer.
    public var completionTokens: Int?
    /// Their sum, as the endpoint reports it.
    public var totalTokens: Int?

    /// Creates usage counts.
    public init(promptTokens: Int?, completionTokens: Int?, totalTokens: Int?) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }
}

/// One answer read from a chat-completions response.
public struct ChatAnswer: Sendable, Hashable {
    /// The assistant message's text.
    public var text: String
    /// Why generation stopped (`stop`, `length`, ...), when reported.
    public var finishReason: String?
    /// Token counts, when reported.
    public var usage: TokenUsage?
    /// The model name the endpoint says answered, when reported.
    public var servedModel: String?

    /// Creates an answer.
    public init(text: String, finishReason: String? = nil, usage: TokenUsage? = nil, servedModel: String? = nil) {
        self.text = text
        self.finishReason = finishReason
        self.usage = usage
        self.servedModel = servedModel
    }

    /// Reads the first choice of an OpenAI chat-completions response body, or says why the body is not such a
    /// response.
    public static func parse(_ body: Data) -> Result<ChatAnswer, MalformedResponse> {
        let response: Completion
        do {
            response = try JSONDecoder().decode(Completion.self, from: body)
        } catch DecodingError.dataCorrupted {
            return .failure(MalformedResponse(reason: "the body is not valid JSON"))
        } catch {
            return .failure(MalformedResponse(reason: "the body is not a chat completion (\(Self.describe(error)))"))
        }
        guard let choice = response.choices.first else {
            return .failure(MalformedResponse(reason: "the response has no choices"))
        }
        guard let text = choice.message?.content else {
            return .failure(MalformedResponse(reason: "the first choice has no message content"))
        }
        let usage = response.usage.map {
            TokenUsage(
                promptTokens: $0.promptTokens, completionTokens: $0.completionTokens, totalTokens: $0.totalTokens)
        }
        return .success(
            ChatAnswer(text: text, finishReason: choice.finishReason, usage: usage, servedModel: response.model))
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: "unexpected layout"
        }
    }

    private struct Completion: Decodable {
        var model: String?
        var choices: [Choice]
        var usage: Usage?
    }

    private struct Choice: Decodable {
        var message: Message?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    private struct Message: Decodable {
        var content: String?
    }

    private struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?
        var totalTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }
}

/// Why a response body could not be read as a chat completion.
public struct MalformedResponse: Error, Sendable, Hashable {
    /// A human-readable reason.
    public var reason: String
}
