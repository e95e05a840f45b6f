/// The quoted-printable content transfer encoding (RFC 2045 §6.7) of UTF-8 text.
///
/// Line breaks in the input (LF, CRLF or CR) become CRLF hard breaks; every encoded line is at
/// most 76 characters, longer ones continue after a soft break ("=" CRLF). Besides what the RFC
/// requires ("=", bytes outside printable ASCII, space or tab before a line break), a "." or the
/// "F" of "From " at the start of a line is encoded too, so that neither SMTP dot-stuffing
/// mistakes nor mbox "From " quoting can change the text. The output is 7-bit ASCII.
enum QuotedPrintable {
    /// RFC 2045 §6.7 rule 5: encoded lines are at most 76 characters.
    static let maxLineLength = 76

    /// Encodes `text`; the result ends with CRLF unless it is empty (text always ends with a line break).
    static func encode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4 + 16)
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .cr || byte == .lf {
                encodeLine(bytes[lineStart..<index], into: &output)
                index += (byte == .cr && index + 1 < bytes.count && bytes[index + 1] == .lf) ? 2 : 1
                lineStart = index
            } else {
                index += 1
            }
        }
        if lineStart < bytes.count {
            encodeLine(bytes[lineStart...], into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes one line (without its break) and ends it with a CRLF hard break.
    ///
    /// A multi-byte UTF-8 sequence is kept on one encoded line ("=C3=A5" never straddles a soft
    /// break): the RFC would allow it, but readers that decode line by line then show garbage.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        var column = 0
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            let sequence = min(utf8SequenceLength(leadingWith: byte), line.endIndex - index)
            let endsLine = index + sequence == line.endIndex
            var escape = sequence > 1 || mustEscape(byte, atLineStart: column == 0, rest: line[(index + 1)...], isLast: endsLine)
            let width = escape ? 3 * sequence : 1
            // Keep room for a soft break's "=" unless this unit ends the line.
            if column + width > (endsLine ? maxLineLength : maxLineLength - 1) {
                output.append(contentsOf: [.equals, .cr, .lf])
                column = 0
                escape = sequence > 1 || mustEscape(byte, atLineStart: true, rest: line[(index + 1)...], isLast: endsLine)
            }
            for offset in 0..<sequence {
                let unit = line[index + offset]
                if escape {
                    output.append(.equals)
                    output.append(hexDigits[Int(unit >> 4)])
                    output.append(hexDigits[Int(unit & 0x0F)])
                    column += 3
                } else {
                    output.append(unit)
                    column += 1
                }
            }
            index += sequence
        }
        output.append(contentsOf: [.cr, .lf])
    }

    /// How many bytes the UTF-8 sequence starting with `byte` has (1 for ASCII and stray bytes).
    private static func utf8SequenceLength(leadingWith byte: UInt8) -> Int {
        switch byte {
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 1
        }
    }

    private static func mustEscape(
        _ byte: UInt8, atLineStart: Bool, rest: ArraySlice<UInt8>, isLast: Bool
    ) -> Bool {
        switch byte {
        case .space, .tab: isLast
        case .dot: atLineStart
        case UInt8(ascii: "F"): atLineStart && rest.starts(with: "rom ".utf8)
        case .equals: true
        case 0x21...0x7E: false
        default: true
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}

extension UInt8 {
    fileprivate static let cr = UInt8(ascii: "\r")
    fileprivate static let lf = UInt8(ascii: "\n")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let equals = UInt8(ascii: "=")
}
