import Foundation

/// Readable text from the HTML that Outlook, Gmail, Apple Mail and Thunderbird write: the sender's own part.
///
/// Not a full HTML parser: enough to read a reply. Script, style, head and comments are dropped (Outlook's
/// conditional comments included); character references are decoded; runs of white space collapse as a
/// browser shows them, except inside pre.
///
/// The quoted message and the marked signature are left out in the HTML itself, in each client's form (see
/// ``HTMLQuoteRules``): the element that holds them, the attribution line before a quote, or everything from
/// Outlook's header block on. An answer interleaved between quoted parts stays, and so does a forwarded message.
///
/// The text keeps the structure the answer reader needs, in the conventions of the attachment text
/// (``AttachmentReading``): a paragraph (`p`, except Outlook's `MsoNormal` lines), a heading (`h1`–`h6`), a
/// list and a table stand apart by a blank line; a `div` or `br` is a line break; a list item is a line
/// "- …" ("1. …" in an ordered list); a table row is one line of its cells joined by " | ".
enum HTMLText {
    /// The sender's own text of an HTML document: lines trimmed, at most one blank line in a row.
    ///
    /// In a forwarded message (`isForward`, from its subject) the message passed on stays, as Outlook marks it
    /// like a quote.
    static func plainText(fromHTML html: String, isForward: Bool = false) -> String {
        var converter = Converter(html, message: HTMLQuoteContext(isForward: isForward))
        return tidy(converter.run())
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

    private static let lineElements: Set<String> = [
        "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "address", "hr", "form", "fieldset", "center",
        "body", "html", "caption", "figure", "main", "nav", "aside", "pre",
    ]
    private static let paragraphElements: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "dl"]
    private static let droppedElements: Set<String> = ["script", "style", "head", "title", "template", "noscript", "xml"]

    /// Stands between two table cells until the lines are tidied; no text holds it (control characters are dropped).
    fileprivate static let cellSeparator: Unicode.Scalar = "\u{1F}"

    private struct Converter {
        let scalars: [Unicode.Scalar]
        /// What the quote rules know of the message.
        let message: HTMLQuoteContext
        /// Whether this converter reads the inside of an element for another one; it looks at no attribution itself.
        let isNested: Bool
        var index = 0
        var output = ""
        var preDepth = 0
        var pendingSpace = false
        /// Open table cells: inside one, a line break is a space, so that a row stays one line.
        var cellDepth = 0
        /// The cells met so far in each open table row.
        var rowCells: [Int] = []
        /// Open lists: ordered or not, and the number of the next item.
        var lists: [(ordered: Bool, next: Int)] = []
        /// Whether the open `p` is one of Outlook's MsoNormal lines.
        var inOutlookLine = false
        /// How many attributions and header blocks are looked for at most: a reply has a few, and each look costs.
        static let maximumChecks = 100
        /// How many elements have been read to see whether they are an attribution.
        var attributionChecks = 0
        /// Where Outlook's header block may start (a UTF-8 offset into the output): what follows is checked at the end.
        var headerBlockCandidates: [Int] = []

        init(_ html: some StringProtocol, message: HTMLQuoteContext) {
            scalars = Array(html.unicodeScalars)
            self.message = message
            isNested = false
        }

        /// A converter for the inside of one element, to see what it says.
        init(_ scalars: ArraySlice<Unicode.Scalar>, message: HTMLQuoteContext, nested: Bool) {
            self.scalars = Array(scalars)
            self.message = message
            isNested = nested
        }

        /// The text, with what follows a confirmed header block left out.
        mutating func run() -> String {
            while index < scalars.count {
                if scalars[index] == "<" {
                    readMarkup()
                } else {
                    readText()
                }
            }
            for candidate in headerBlockCandidates {
                // A header block is a few short lines: what stands in the next few kilobytes tells.
                let rest = output.utf8.dropFirst(candidate).prefix(4096)
                let lines = String(decoding: rest, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                if QuoteLines.startsWithHeaderBlock(lines) {
                    return String(decoding: output.utf8.prefix(candidate), as: UTF8.self)
                }
            }
            return output
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
            if preDepth > 0, cellDepth == 0 {
                output.unicodeScalars.append(contentsOf: text.unicodeScalars.filter { !Self.isDropped($0) || $0 == "\n" })
                return
            }
            for scalar in text.unicodeScalars {
                if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
                    pendingSpace = true
                } else if Self.isDropped(scalar) {
                    continue
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

        /// Control characters other than white space: never text, and the cell separator must stay unambiguous.
        private static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t"
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
            let (tag, isClosing) = readTag()
            if isClosing {
                close(tag.name)
            } else {
                open(tag)
            }
        }

        /// Reads a tag from "<" to its ">", quoted attribute values included.
        private mutating func readTag() -> (HTMLTag, Bool) {
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
            let attributesStart = index
            var quote: Unicode.Scalar?
            var attributesEnd = scalars.count
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    attributesEnd = index - 1
                    break
                }
            }
            let attributes = isClosing ? [:] : HTMLTag.attributes(in: scalars[attributesStart..<max(attributesStart, attributesEnd)])
            return (HTMLTag(name: name.lowercased(), attributes: attributes), isClosing)
        }

        private mutating func open(_ tag: HTMLTag) {
            let name = tag.name
            if HTMLText.droppedElements.contains(name) {
                index = position(afterClosing: name)
                return
            }
            switch HTMLQuoteRules.action(for: tag, in: message) {
            case .dropElement:
                index = position(afterElement: name)
                return
            case .dropAttribution:
                // An attribution is one short line: a long element, or one not closed soon, is something else.
                attributionChecks += 1
                if attributionChecks <= Self.maximumChecks, !isNested, let end = position(afterElement: name, within: 4000) {
                    var inner = Converter(scalars[index..<end], message: message, nested: true)
                    if QuoteLines.isAttribution(inner.run().split(separator: "\n").joined(separator: " ")) {
                        index = end
                        return
                    }
                }
            case .dropQuote:
                if !QuoteLines.isForwardMarker(lastLine) {
                    if QuoteLines.isAttribution(lastLine) { removeLastLine() }
                    index = position(afterElement: name)
                    paragraphBreak()
                    return
                }
            case .dropRest:
                index = scalars.count
                return
            case .dropRestBeforeHeaderBlock:
                lineBreak()
                if headerBlockCandidates.count < Self.maximumChecks { headerBlockCandidates.append(output.utf8.count) }
            case nil:
                break
            }
            switch name {
            case "br":
                if cellDepth > 0 {
                    pendingSpace = true
                } else {
                    output += "\n"
                    pendingSpace = false
                }
            case "p" where tag.classes.contains { $0.hasPrefix("Mso") }:
                // Outlook for Windows writes each line the writer typed as a paragraph without margins.
                lineBreak()
                inOutlookLine = true
            case "p":
                paragraphBreak()
                inOutlookLine = false
            case "ul", "ol":
                if lists.isEmpty { paragraphBreak() } else { lineBreak() }
                let start = tag.attributes["start"].flatMap { Int($0) } ?? 1
                lists.append((name == "ol", start))
            case "li":
                lineBreak()
                if let list = lists.last, list.ordered {
                    let number = tag.attributes["value"].flatMap { Int($0) } ?? list.next
                    lists[lists.count - 1].next = number + 1
                    append("\(number). ")
                } else {
                    append("- ")
                }
            case "tr":
                lineBreak()
                rowCells.append(0)
            case "td", "th":
                if let cells = rowCells.last {
                    if cells > 0 { output.unicodeScalars.append(HTMLText.cellSeparator) }
                    rowCells[rowCells.count - 1] = cells + 1
                }
                cellDepth += 1
                pendingSpace = false
            case "pre":
                lineBreak()
                preDepth += 1
            default:
                if HTMLText.paragraphElements.contains(name) {
                    paragraphBreak()
                } else if HTMLText.lineElements.contains(name) {
                    lineBreak()
                }
            }
        }

        private mutating func close(_ name: String) {
            switch name {
            case "ul", "ol":
                _ = lists.popLast()
                if lists.isEmpty { paragraphBreak() } else { lineBreak() }
            case "tr":
                _ = rowCells.popLast()
                lineBreak()
            case "td", "th":
                cellDepth = max(0, cellDepth - 1)
            case "pre":
                preDepth = max(0, preDepth - 1)
                lineBreak()
            case "p":
                if inOutlookLine { lineBreak() } else { paragraphBreak() }
                inOutlookLine = false
            default:
                if HTMLText.paragraphElements.contains(name) {
                    paragraphBreak()
                } else if HTMLText.lineElements.contains(name) {
                    lineBreak()
                }
            }
        }

        private mutating func append(_ text: String) {
            output += text
            pendingSpace = false
        }

        private mutating func lineBreak() {
            if cellDepth > 0 {
                pendingSpace = true
                return
            }
            pendingSpace = false
            if let last = output.unicodeScalars.last, last != "\n" { output += "\n" }
        }

        /// A blank line, unless the output already ends with one or is empty.
        private mutating func paragraphBreak() {
            if cellDepth > 0 {
                pendingSpace = true
                return
            }
            lineBreak()
            if !output.isEmpty, !output.hasSuffix("\n\n") { output += "\n" }
        }

        /// The last line of the output with text on it; read from the end, so a long output costs nothing.
        private var lastLine: Substring {
            var end = output.endIndex
            while end > output.startIndex, output[output.index(before: end)].isWhitespace { end = output.index(before: end) }
            let start = output[..<end].lastIndex(of: "\n").map { output.index(after: $0) } ?? output.startIndex
            return output[start..<end]
        }

        /// Removes the last line with text on it, and what follows it.
        private mutating func removeLastLine() {
            let line = lastLine
            output.removeSubrange(line.startIndex...)
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

        /// The index just past the end tag that closes the element just opened, counting the same elements
        /// nested inside it; the end when it is never closed. Comments are stepped over.
        private func position(afterElement name: String) -> Int {
            position(afterElement: name, within: scalars.count) ?? scalars.count
        }

        /// The index just past the end tag that closes the element just opened, when it stands within `limit`
        /// characters; nil when it does not.
        private func position(afterElement name: String, within limit: Int) -> Int? {
            let open = Array(("<" + name).unicodeScalars)
            let close = Array(("</" + name).unicodeScalars)
            let comment = Array("<!--".unicodeScalars)
            let end = min(scalars.count, index + limit)
            var depth = 1
            var position = index
            while position < end {
                guard scalars[position] == "<" else {
                    position += 1
                    continue
                }
                if matches(comment, at: position, ignoringCase: false) {
                    position = self.position(after: "-->", from: position + 4)
                } else if matches(close, at: position, ignoringCase: true), endsName(at: position + close.count) {
                    depth -= 1
                    position = self.position(after: ">", from: position + close.count)
                    if depth == 0 { return position }
                } else if matches(open, at: position, ignoringCase: true), endsName(at: position + open.count) {
                    depth += 1
                    position += open.count
                } else {
                    position += 1
                }
            }
            return limit >= scalars.count - index ? scalars.count : nil
        }

        /// Whether a tag name ends at `position` ("<div" in "<div>" or "<div class", not in "<divider").
        private func endsName(at position: Int) -> Bool {
            guard position < scalars.count else { return true }
            let scalar = scalars[position]
            return !(scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == ":")
        }
    }

    /// Trims each line, drops blank lines at the ends, keeps at most one blank line in a row, joins a row's
    /// cells with " | " (empty cells at its end go, and so does a row of empty cells), and writes a bullet
    /// typed as "•" or "·" as "- ".
    private static func tidy(_ text: String) -> String {
        var lines: [String] = []
        var blankRun = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.unicodeScalars.contains(cellSeparator) {
                var cells = trimmed.split(separator: Character(cellSeparator), omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                while cells.last?.isEmpty == true { cells.removeLast() }
                trimmed = cells.joined(separator: " | ")
            }
            if let first = trimmed.unicodeScalars.first, "•·▪◦".unicodeScalars.contains(first) {
                let rest = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                if !rest.isEmpty, trimmed.dropFirst().first == " " { trimmed = "- " + rest }
            }
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
