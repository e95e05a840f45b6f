import Foundation

/// Header field names compared as `caseInsensitiveCompare` compares them. Names are ASCII (RFC 5322), and two ASCII
/// names are compared byte by byte with A–Z folded to a–z; any other pair goes to Foundation. Reading a message looks
/// up some fifty fields, each among all its header fields, and Foundation's comparison costs some 3,000 instructions.
enum FieldName {
    /// Whether the two names are the same, case aside.
    static func same(_ first: String, _ second: String) -> Bool {
        let a = first.utf8
        let b = second.utf8
        if a.count == b.count {
            var equal = true
            var ascii = true
            for (x, y) in zip(a, b) {
                if (x | y) >= 0x80 {
                    ascii = false
                    break
                }
                if x != y && folded(x) != folded(y) { equal = false }
            }
            if ascii { return equal }
        } else if a.allSatisfy({ $0 < 0x80 }) && b.allSatisfy({ $0 < 0x80 }) {
            return false
        }
        return first.caseInsensitiveCompare(second) == .orderedSame
    }

    private static func folded(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
