import Foundation

/// A DSSE envelope (Dead Simple Signing Envelope v1): a payload, its type, and signatures over the pre-authentication
/// encoding of both.
public struct Envelope: Codable, Sendable, Hashable {
    /// One signature with the id of the key that made it.
    public struct Signature: Codable, Sendable, Hashable {
        /// The signer's key id (here the SHA-256 of the raw Ed25519 public key); a hint, not trusted.
        public var keyid: String
        /// The signature, base64.
        public var sig: String
    }

    /// The payload, base64.
    public var payload: String
    /// The payload's media type, bound into every signature.
    public var payloadType: String
    /// At least one signature.
    public var signatures: [Signature]

    /// The bytes a DSSE v1 signature covers:
    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where LEN is the byte count in ASCII decimal.
    public static func preAuthenticationEncoding(payloadType: String, payload: Data) -> Data {
        let type = Data(payloadType.utf8)
        var out = Data("DSSEv1 \(type.count) ".utf8)
        out.append(type)
        out.append(contentsOf: " \(payload.count) ".utf8)
        out.append(payload)
        return out
    }

    /// Signs `payload` of `payloadType` with `key`.
    public static func sign(payload: Data, payloadType: String, key: SigningKey) throws(AttestationError) -> Envelope {
        let signature = try key.sign(preAuthenticationEncoding(payloadType: payloadType, payload: payload))
        return Envelope(
            payload: payload.base64EncodedString(), payloadType: payloadType,
            signatures: [Signature(keyid: key.publicKey.keyID, sig: signature.base64EncodedString())])
    }

    /// Reads an envelope: JSON with `payload`, `payloadType` and a non-empty `signatures` list, base64 that decodes.
    public static func parse(_ data: Data, file: String? = nil) throws(AttestationError) -> Envelope {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw AttestationError(.malformedEnvelope, file: file, "not a DSSE envelope: \(Statement.describe(error))")
        }
        guard !envelope.signatures.isEmpty else {
            throw AttestationError(.malformedEnvelope, file: file, "the envelope has no signatures")
        }
        _ = try envelope.payloadBytes(file: file)
        for signature in envelope.signatures where decodeBase64(signature.sig) == nil {
            throw AttestationError(.malformedEnvelope, file: file, "signature by \(signature.keyid) is not base64")
        }
        return envelope
    }

    /// The decoded payload.
    public func payloadBytes(file: String? = nil) throws(AttestationError) -> Data {
        guard let bytes = Self.decodeBase64(payload) else {
            throw AttestationError(.malformedEnvelope, file: file, "the payload is not base64")
        }
        return bytes
    }

    /// The payload, when at least one signature verifies with `key` over the pre-authentication encoding.
    public func verifiedPayload(key: VerifyingKey, file: String? = nil) throws(AttestationError) -> Data {
        let body = try payloadBytes(file: file)
        let message = Self.preAuthenticationEncoding(payloadType: payloadType, payload: body)
        for signature in signatures {
            if let bytes = Self.decodeBase64(signature.sig), key.isValidSignature(bytes, for: message) {
                return body
            }
        }
        throw AttestationError(
            .badSignature, file: file,
            "no signature verifies with key \(key.keyID) (signed by \(signatures.map(\.keyid).joined(separator: ", ")))"
        )
    }

    /// The envelope as JSON with sorted keys and a final newline.
    public func serialized() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        var data = (try? encoder.encode(self)) ?? Data()
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Standard base64, or the URL-safe alphabet, with or without padding (DSSE accepts both).
    static func decodeBase64(_ text: String) -> Data? {
        if let data = Data(base64Encoded: text) { return data }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.utf8.count % 4 != 0 { standard += "=" }
        return Data(base64Encoded: standard)
    }
}
