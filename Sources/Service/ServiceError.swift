import Corpus
import Foundation
import HTTPTypes
import Hummingbird

/// A request the service refuses or cannot answer: an HTTP status, a stable code and a message saying what is wrong.
///
/// Sent as `{"error": {"status": 400, "code": "malformed_json", "message": "..."}}`.
public struct ServiceError: Error, Sendable, Hashable, CustomStringConvertible, HTTPResponseError {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short machine-readable code (`malformed_json`, `unauthorized`, `too_large`, ...).
    public var code: String
    /// What is wrong, for people.
    public var message: String
    /// Extra headers (Retry-After, WWW-Authenticate).
    public var headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// 400: the request's content is wrong.
    static func badRequest(_ code: String, _ message: String) -> ServiceError {
        ServiceError(.badRequest, code, message)
    }

    /// 404: no such thing.
    static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, "not_found", message) }

    /// The error as a JSON body.
    public var jsonText: String {
        var json = JSONWriter()
        json.beginObject()
        json.key("error")
        json.beginObject(singleLine: true)
        json.member("status", Int(status.code))
        json.member("code", code)
        json.member("message", message)
        json.endObject()
        json.endObject()
        return json.text + "\n"
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: jsonText)))
    }
}
