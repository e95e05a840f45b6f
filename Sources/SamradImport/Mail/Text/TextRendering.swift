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
    static func normalizeLineEnds(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
            } else if scalar != "\n" || !afterCarriageReturn {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Drops blank lines at the start and white space at the end.
    static func trimBlankLines(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.map { line in
            var line = line
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            return String(line)
        }.joined(separator: "\n")
    }
}
