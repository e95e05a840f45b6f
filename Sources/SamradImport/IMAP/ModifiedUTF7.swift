import Foundation

/// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): how `Återkoppling` travels as `&AMU-terkoppling`.
enum ModifiedUTF7 {
    /// Encodes a mailbox name: printable ASCII stays (`&` becomes `&-`), every other run of characters
    /// becomes `&`, its UTF-16 in base64 with `,` for `/` and no padding, and `-`.
    static func encode(_ name: String) -> String {
        var result = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(pending.count * 2)
            for unit in pending {
                bytes.append(UInt8(unit >> 8))
                bytes.append(UInt8(unit & 0xFF))
            }
            var base64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",")
            while base64.hasSuffix("=") { base64.removeLast() }
            result += "&\(base64)-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                if scalar == "&" {
                    result += "&-"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            } else {
                pending.append(contentsOf: Character(scalar).utf16)
            }
        }
        flush()
        return result
    }
}
