import Foundation

/// TCP sockets on the loopback for tests of clients and servers: a port nothing listens on, or one whose connections
/// the kernel completes and nobody answers.
public enum LoopbackSocket {
    /// The socket could not be created, bound or put to listen.
    public struct Failure: Error {}

    /// A TCP socket bound to a free loopback port, listening when `listening` (the kernel then completes connections
    /// that nobody answers); its descriptor, for the caller to close, and its port.
    public static func bound(listening: Bool) throws -> (descriptor: Int32, port: Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound, !listening || listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw Failure()
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A TCP port on the loopback that nothing listens on: bound, then closed.
    public static func closedPort() throws -> Int {
        let (descriptor, port) = try bound(listening: false)
        close(descriptor)
        return port
    }
}
