import Crypto
import Foundation

/// Bearer tokens: random, shown once, stored as their SHA-256.
public enum Tokens {
    /// A new token: `lin_` and 32 random bytes in hex.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "lin_" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The stored form of a token: SHA-256 of its UTF-8 bytes, lowercase hex.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Creates a token named `name` in `store` and returns it (the only time it is seen); a name it refuses is a
    /// ``RegistryInputError``.
    public static func create(name: String, in store: any RegistryStore) async throws -> String {
        guard !name.isEmpty, name.count <= 100, !name.unicodeScalars.contains(where: { $0.value < 32 }) else {
            throw RegistryInputError(
                "invalid token name \"\(name)\": a token name has 1 to 100 characters and no control ones")
        }
        let token = generate()
        try await store.insertToken(name: name, sha256: hash(token), createdAt: Timestamp.now())
        return token
    }
}
