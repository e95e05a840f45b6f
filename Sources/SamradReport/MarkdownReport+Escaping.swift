import Foundation

extension MarkdownReport {
    /// Characters escaped with a backslash wherever they stand: they open emphasis, code, links,
    /// HTML, character references, table cells, headings, strikethrough, maths or templates.
    private static let escapedEverywhere: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "~", "#", "$", "{", "}",
    ]

    /// Characters escaped only at the start of a line, where they open a list, a thematic break
    /// or a setext heading.
    private static let escapedAtLineStart: Set<Unicode.Scalar> = ["-", "+", "="]

    /// Text from outside as inline Markdown on one line, for headings, list items and table cells.
    ///
    /// Line ends become spaces, white space at both ends goes, and whatever could start a block
    /// (a list item's content is parsed as blocks) is escaped as at the start of a line.
    static func inline(_ text: String) -> String {
        escapeLine(ReportText.singleLine(ReportText.neutralised(text)))
    }

    /// Text from outside as a block quote that keeps its line breaks (as hard breaks) and its
    /// paragraphs; empty when the text has nothing to read.
    static func quote(_ text: String) -> String {
        var quoted: [String] = []
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            if !quoted.isEmpty { quoted.append(">") }
            // A backslash at the end of a line is a hard line break; an escaped one before it stays text.
            quoted += paragraph.enumerated().map { index, line in
                "> " + line + (index < paragraph.count - 1 ? "\\" : "")
            }
            paragraph = []
        }
        for line in ReportText.trimmedLines(of: ReportText.neutralised(text)) {
            if line.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
                flush()
            } else {
                paragraph.append(escapeLine(line))
            }
        }
        flush()
        return quoted.joined(separator: "\n")
    }

    /// Whether the scalar at `index` makes GitHub's autolink extension take the text around it
    /// for a URL: the `:` of `://`, or the `.` of a `www.` that starts a word. Inside such a link
    /// backslash escapes are not processed, so `a_b` would show as `a\_b`; escaping the `:` or
    /// the `.` keeps the text as it was, unlinked. (E-mail addresses are linked whatever is
    /// escaped, and show as they are.)
    private static func opensAutolink(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        switch scalars[index] {
        case ":":
            return index + 2 < scalars.count && scalars[index + 1] == "/" && scalars[index + 2] == "/"
        case ".":
            guard index >= 3, scalars[index - 3..<index].allSatisfy({ $0 == "w" || $0 == "W" }) else { return false }
            return index == 3 || !scalars[index - 4].properties.isAlphabetic && !("0"..."9").contains(scalars[index - 4])
        default:
            return false
        }
    }

    /// Escapes one line of neutralised text (``ReportText/neutralised(_:)``), which must hold no line ends.
    ///
    /// Indentation would open a code block, so the first white-space character becomes a numeric
    /// character reference (which never counts as indentation); a line that starts with `1.` or
    /// `1)` would open an ordered list, so that punctuation is escaped.
    private static func escapeLine(_ line: String) -> String {
        var output = String.UnicodeScalarView()
        let scalars = Array(line.unicodeScalars)
        var index = 0
        if let first = scalars.first, first == " " || first == "\t" {
            output.append(contentsOf: (first == " " ? "&#32;" : "&#9;").unicodeScalars)
            index = 1
        }
        let start = index
        let digits = scalars[start...].prefix { ("0"..."9").contains($0) }.count
        let listMarkerAt = (1...9).contains(digits) ? start + digits : nil
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case _ where escapedEverywhere.contains(scalar),
                _ where index == start && escapedAtLineStart.contains(scalar),
                _ where index == listMarkerAt && (scalar == "." || scalar == ")"),
                _ where opensAutolink(scalars, at: index):
                output.append("\\")
                output.append(scalar)
            default:
                output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }
}
