import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// Why a connection to PostgreSQL failed, in words: postgres-nio's errors describe themselves generically on purpose
/// (so that servers do not leak details to clients), but a person starting the service needs the cause.
enum PostgresFailure {
    /// The cause of `error`: the server's message, the system's reason (`Connection refused`), or a timeout.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return reason(underlying) }
            if error.code == .serverClosedConnection { return "the server closed the connection without answering" }
            return "\(error.code)"
        case let error as NIOConnectionError:
            if let lookup = error.dnsAError ?? error.dnsAAAAError { return "cannot resolve the host (\(lookup))" }
            if let first = error.connectionErrors.first { return reason(first.error) }
            return "\(error)"
        case let error as IOError:
            return String(cString: strerror(error.errnoCode))
        case ChannelError.connectTimeout(let limit):
            let seconds = Double(limit.nanoseconds) / 1e9
            return seconds < 1
                ? String(format: "no answer within %.1f s", seconds) : "no answer within \(Int(seconds)) s"
        default:
            return "\(error)"
        }
    }
}
