import Foundation
import SamradApp
import SamradImport

/// A random key the running server signs its forms' CSRF tokens with; it lives only in memory, so a restart ends
/// every form already on a screen (it is shown again with what was typed kept, and a new token).
struct Secret: Sendable {
    let bytes: [UInt8]

    /// A key of 256 random bits.
    static func random() -> Secret {
        Secret(bytes: PortalTokens.randomBytes())
    }

    /// HMAC-SHA-256 (RFC 2104) of a message under the key, as 64 hex digits.
    func sign(_ message: String) -> String {
        let block = 64
        var key = bytes
        if key.count > block { key = Self.bytes(ofHex: SHA256.hex(Data(key))) }
        key += [UInt8](repeating: 0, count: block - key.count)
        let inner = Self.bytes(ofHex: SHA256.hex(Data(key.map { $0 ^ 0x36 } + Array(message.utf8))))
        return SHA256.hex(Data(key.map { $0 ^ 0x5C } + inner))
    }

    static func bytes(ofHex hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    /// Whether two texts are equal, compared in time that does not depend on where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
