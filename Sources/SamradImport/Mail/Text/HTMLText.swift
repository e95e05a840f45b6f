import Foundation

/// Readable text from the HTML that Outlook, Gmail and Apple Mail write.
///
/// Not a full HTML parser: enough to read a reply. Block elements (p, div, br, li, tr, h1–h6,
/// blockquote, …) become line breaks; script, style, head and comments are dropped (Outlook's
/// conditional comments included); character references are decoded; runs of white space
/// collapse as a browser shows them, except inside pre.
enum HTMLText {
    /// The text of an HTML document, lines trimmed, at most one blank line in a row.
    static func plainText(fromHTML html: String) -> String {
        var converter = Converter(html)
        converter.run()
        return tidy(converter.output)
    }

    /// The charset a `<meta charset=…>` or `<meta http-equiv … content="…; charset=…">` in the first 4 KiB declares.
    static func declaredCharset(in data: Data) -> String? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self).lowercased()
        var searchStart = head.startIndex
        while let meta = head.range(of: "<meta", range: searchStart..<head.endIndex) {
            let end = head[meta.upperBound...].firstIndex(of: ">") ?? head.endIndex
            let tag = head[meta.upperBound..<end]
            if let charset = tag.range(of: "charset=") {
                let value = tag[charset.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "." }
                if !name.isEmpty { return String(name) }
            }
            searchStart = end
        }
        return nil
    }

    private static let blockElements: Set<String> = [
        "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "dl", "dt", "dd",
        "pre", "section", "article", "header", "footer", "address", "hr", "form", "fieldset", "center", "body", "html",
        "caption", "figure", "main", "nav", "aside",
    ]
    private static let droppedElements: Set<String> = ["script", "style", "head", "title", "template", "noscript", "xml"]

    private struct Converter {
        let scalars: [Unicode.Scalar]
        var index = 0
        var output = ""
        var preDepth = 0
        var pendingSpace = false

        init(_ html: String) {
            scalars = Array(html.unicodeScalars)
        }

        mutating func run() {
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "<" {
                    readMarkup()
                } else {
                    readText()
                }
            }
        }

        private mutating func readText() {
            var text = ""
            while index < scalars.count, scalars[index] != "<" {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            appendText(HTMLEntities.decode(text))
        }

        private mutating func appendText(_ text: String) {
            if preDepth > 0 {
                output += text
                return
            }
            for scalar in text.unicodeScalars {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                    pendingSpace = true
                } else {
                    if pendingSpace, let last = output.unicodeScalars.last, last != "\n", last != " " {
                        output += " "
                    }
                    pendingSpace = false
                    // A no-break space is kept as a plain space; it often stands alone in an empty Outlook paragraph.
                    output.unicodeScalars.append(scalar == "\u{A0}" ? " " : scalar)
                }
            }
        }

        private mutating func readMarkup() {
            if starts(with: "<!--") {
                index = position(after: "-->", from: index + 4)
                return
            }
            guard index + 1 < scalars.count else {
                index += 1
                return
            }
            let next = scalars[index + 1]
            if next == "!" || next == "?" {
                index = position(after: ">", from: index + 2)
                return
            }
            guard next == "/" || next.properties.isAlphabetic else {
                appendText("<")
                index += 1
                return
            }
            let (name, isClosing) = readTag()
            handle(name, isClosing: isClosing)
        }

        /// Reads a tag from "<" to its ">", quoted attribute values included; returns its lower-cased name.
        private mutating func readTag() -> (String, Bool) {
            index += 1
            var isClosing = false
            if index < scalars.count, scalars[index] == "/" {
                isClosing = true
                index += 1
            }
            var name = ""
            while index < scalars.count,
                scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index])
                    || scalars[index] == ":" || scalars[index] == "-"
            {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            var quote: Unicode.Scalar?
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    break
                }
            }
            return (name.lowercased(), isClosing)
        }

        private mutating func handle(_ name: String, isClosing: Bool) {
            if !isClosing, HTMLText.droppedElements.contains(name) {
                index = position(afterClosing: name)
                return
            }
            switch name {
            case "br":
                output += "\n"
                pendingSpace = false
            case "pre":
                lineBreak()
                preDepth = max(0, preDepth + (isClosing ? -1 : 1))
            case "li" where !isClosing:
                lineBreak()
                output += "- "
            case "td", "th":
                if !isClosing, let last = output.unicodeScalars.last, last != "\n" { output += " " }
            default:
                if HTMLText.blockElements.contains(name) { lineBreak() }
            }
        }

        private mutating func lineBreak() {
            pendingSpace = false
            if let last = output.unicodeScalars.last, last != "\n" { output += "\n" }
        }

        private func starts(with prefix: String) -> Bool {
            matches(Array(prefix.unicodeScalars), at: index, ignoringCase: false)
        }

        /// Whether `pattern` stands at `position`; with `ignoringCase`, ASCII letters match either case.
        private func matches(_ pattern: [Unicode.Scalar], at position: Int, ignoringCase: Bool) -> Bool {
            guard position + pattern.count <= scalars.count else { return false }
            for (offset, wanted) in pattern.enumerated() {
                let found = scalars[position + offset]
                guard found == wanted || (ignoringCase && Self.asciiLowercase(found) == Self.asciiLowercase(wanted)) else {
                    return false
                }
            }
            return true
        }

        private static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
        }

        /// The index just past the next `terminator`, or the end.
        private func position(after terminator: String, from start: Int) -> Int {
            let pattern = Array(terminator.unicodeScalars)
            var position = start
            while position + pattern.count <= scalars.count {
                if matches(pattern, at: position, ignoringCase: false) { return position + pattern.count }
                position += 1
            }
            return scalars.count
        }

        /// The index just past `</name…>`, compared case-insensitively, or the end.
        private func position(afterClosing name: String) -> Int {
            let pattern = Array(("</" + name).unicodeScalars)
            var position = index
            while position + pattern.count <= scalars.count {
                if matches(pattern, at: position, ignoringCase: true) {
                    return self.position(after: ">", from: position + pattern.count)
                }
                position += 1
            }
            return scalars.count
        }
    }

    /// Trims each line, drops blank lines at the ends and keeps at most one blank line in a row.
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        var blankRun = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                blankRun += 1
                if blankRun == 1, !lines.isEmpty { lines.append("") }
            } else {
                blankRun = 0
                lines.append(trimmed)
            }
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
