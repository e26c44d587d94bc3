import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reading requests: the bearer token, the body within its size limit, JSON with errors that name the field.
extension Registry {
    /// The name of the token that authorises this write, after taking one write from its rate limit.
    func writer(_ request: Request) async throws -> String {
        try await writer(authorization: request.headers[.authorization])
    }

    /// The name of the token in an Authorization header value, after taking one write from its rate limit.
    func writer(authorization: String?) async throws -> String {
        guard let header = authorization else {
            throw ServiceError(
                .unauthorized, "unauthorized", "writes need a bearer token (Authorization: Bearer TOKEN)",
                headers: [.wwwAuthenticate: "Bearer realm=\"lineage\""])
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw ServiceError(
                .unauthorized, "unauthorized", "the Authorization header must be \"Bearer TOKEN\"",
                headers: [.wwwAuthenticate: "Bearer realm=\"lineage\""])
        }
        guard let name = try await store.tokenName(sha256: Tokens.hash(String(parts[1]))) else {
            throw ServiceError(
                .unauthorized, "invalid_token", "the bearer token is not known to this registry",
                headers: [.wwwAuthenticate: "Bearer realm=\"lineage\", error=\"invalid_token\""])
        }
        if let wait = limiter.take(name) {
            throw ServiceError(
                .tooManyRequests, "rate_limited",
                "token \"\(name)\" is over its limit of \(settings.writesPerMinute) writes a minute; retry in \(wait) s",
                headers: [.retryAfter: String(wait)])
        }
        return name
    }

    /// The request body, refused with 413 when longer than `limit` bytes.
    func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Self.tooLarge(limit)
        }
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> ServiceError {
        ServiceError(.contentTooLarge, "too_large", "the body is larger than the limit of \(limit) bytes")
    }

    /// The body decoded as JSON into `type`; a 400 naming the field otherwise.
    func json<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await body(request, limit: settings.maximumJSONBytes)
        guard buffer.readableBytes > 0 else { throw ServiceError.badRequest("malformed_json", "the body is empty") }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw ServiceError.badRequest("malformed_json", Self.describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the field \"\(path(context, key))\" is missing"
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "the body should be \(Self.typeName(type))" }
            return "the field \"\(path(context))\" should be \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            return "the field \"\(path(context))\" should be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return
                    "the body is not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
            }
            return "the field \"\(path(context))\": \(context.debugDescription)"
        @unknown default:
            return "the body does not have the expected form"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is UInt64.Type: return "an integer"
        case is [String].Type: return "an array of strings"
        default: return "\(type)".lowercased().hasPrefix("dictionary") ? "a JSON object" : "\(type)"
        }
    }

    /// A query parameter as an integer within `range`, or `fallback` when absent.
    static func integer(
        _ request: Request, _ name: String, in range: ClosedRange<Int>, default fallback: Int
    ) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ServiceError.badRequest(
                "invalid_parameter", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ context: some RequestContext, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding else {
            throw ServiceError.badRequest("invalid_parameter", "the path parameter \(name) is malformed")
        }
        return value
    }
}

/// A JSON response.
func jsonResponse(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
}
