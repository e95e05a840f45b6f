import Crypto
import Foundation

/// SHA-256 through swift-crypto (BoringSSL's implementation, with the processor's SHA instructions where it has
/// them): the import computes one for every attachment it keeps.
public enum SHA256 {
    /// The digest of `data` as 64 lower-case hex digits.
    public static func hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in Crypto.SHA256.hash(data: data) {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
