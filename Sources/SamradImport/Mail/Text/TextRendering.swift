import Foundation
import SamradCore

/// Makes the readable text of a message from its text parts.
enum TextRendering {
    /// The text of every part in order, in UTF-8 with "\n" line ends, separated by a blank line; `isForward`
    /// when the message forwards another (see ``HTMLText/plainText(fromHTML:isForward:)``).
    static func text(of parts: [MimeEntity], warnings: inout [MailReadWarning], isForward: Bool = false) -> String {
        let pieces = parts.map { render($0, warnings: &warnings, isForward: isForward) }.filter { !$0.isEmpty }
        return pieces.joined(separator: "\n\n")
    }

    /// One part's text: charset converted, format=flowed unwrapped, HTML turned into text, outer blank lines trimmed.
    static func render(_ part: MimeEntity, warnings: inout [MailReadWarning], isForward: Bool = false) -> String {
        let data = part.content ?? Data()
        var declared = part.parameters["charset"]
        if declared == nil, part.subtype == "html" { declared = HTMLText.declaredCharset(in: data) }
        let decoded = Charset.decodeText(data, declared: declared)
        if let fallback = decoded.fallback, let declared {
            warnings.append(
                MailReadWarning(
                    part: part.partNumber,
                    message: "the text is not valid \(InputEcho.quote(declared)) as declared; read as \(fallback)"
                )
            )
        }
        var text = normalizeLineEnds(decoded.text)
        if part.subtype == "html" {
            text = HTMLText.plainText(fromHTML: text, isForward: isForward)
        } else if part.parameters["format"]?.lowercased() == "flowed" {
            text = FlowedText.unwrap(text, deleteSpace: part.parameters["delsp"]?.lowercased() == "yes")
        }
        return trimBlankLines(text)
    }

    /// "\r\n" and lone "\r" as "\n".
    ///
    /// On the UTF-8 bytes: a carriage return or a line feed byte is never part of another character's bytes.
    static func normalizeLineEnds(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    index += 1
                    if byte == 0x0D {
                        if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                        output[written] = 0x0A
                    } else {
                        output[written] = byte
                    }
                    written += 1
                }
                return written
            }
        } ?? text
    }

    /// Drops blank lines at the start and white space (spaces, tabs) at the end of every line.
    ///
    /// On the UTF-8 bytes, with the answer a character-by-character reading gives: a line of ASCII is blank when
    /// its bytes are white space, and spaces and tabs after an ASCII byte are characters of their own. A line with
    /// other bytes where it matters is read by character (``trimBlankLinesByCharacter(_:)``), and so is a text with a
    /// carriage return, which joins a line feed into one character.
    static func trimBlankLines(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) == nil else { return nil }
            var lines: [Range<Int>] = []
            var lineStart = 0
            while let found = memchr(base + lineStart, 0x0A, bytes.count - lineStart) {
                let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                lines.append(lineStart..<end)
                lineStart = end + 1
            }
            lines.append(lineStart..<bytes.count)
            func isBlank(_ line: Range<Int>) -> Bool {
                var ascii = true
                for index in line {
                    let byte = bytes[index]
                    if byte >= 0x80 {
                        ascii = false
                        break
                    }
                    if !(byte == 0x20 || (0x09...0x0C).contains(byte)) { return false }
                }
                if ascii { return true }
                let characters = String(decoding: UnsafeBufferPointer(rebasing: bytes[line]), as: UTF8.self)
                return characters.allSatisfy(\.isWhitespace)
            }
            var first = lines.startIndex
            while first < lines.endIndex, isBlank(lines[first]) { first += 1 }
            var last = lines.endIndex
            while last > first, isBlank(lines[last - 1]) { last -= 1 }
            guard first < last else { return "" }
            return String(unsafeUninitializedCapacity: bytes.count) { output in
                var written = 0
                for (number, line) in lines[first..<last].enumerated() {
                    if number > 0 {
                        output[written] = 0x0A
                        written += 1
                    }
                    var end = line.upperBound
                    while end > line.lowerBound, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                    if end < line.upperBound, end > line.lowerBound, bytes[end - 1] >= 0x80 {
                        // White space after a character outside ASCII may belong to it (a prepended mark).
                        let kept = trimmedEnd(String(decoding: UnsafeBufferPointer(rebasing: bytes[line]), as: UTF8.self))
                        end = line.lowerBound + kept.utf8.count
                    }
                    for index in line.lowerBound..<end {
                        output[written] = bytes[index]
                        written += 1
                    }
                }
                return written
            }
        } ?? trimBlankLinesByCharacter(text)
    }

    /// ``trimBlankLines(_:)`` character by character.
    static func trimBlankLinesByCharacter(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.map { trimmedEnd($0) }.joined(separator: "\n")
    }

    /// `line` without the spaces and tabs that end it, character by character.
    private static func trimmedEnd(_ line: some StringProtocol) -> String {
        var line = Substring(line)
        while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
        return String(line)
    }
}
