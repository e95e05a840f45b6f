import Foundation

/// A block of an answer's text: a heading, a paragraph, a list item or a table row, with its page.
struct TextBlock: Sendable, Equatable {
    /// What kind of block.
    enum Kind: Sendable, Equatable {
        /// A line that heads what follows.
        case heading
        /// Lines up to a blank line.
        case paragraph
        /// A list item ("- …", "• …", "2. …", "b) …") and the lines that continue it.
        case item
        /// A table row, its cells joined by " | ".
        case row
    }

    /// What kind of block.
    var kind: Kind
    /// The block's text, its lines joined by "\n"; for a heading or marked paragraph, the text after the marker.
    var text: String
    /// The page it stands on, from 1.
    var page: Int
    /// The areas (or the general part) the block heads or names as its marker ("Målområde 2: …").
    var marker: AreaMarker?
    /// The heading's own words, for evidence ("Målområde 2").
    var heading: String = ""
    /// A list item's number ("2." → 2).
    var number: Int?
}

/// Splits a text into blocks, the way a person sees its layout.
///
/// - A blank line ends a block; a form feed starts a new page.
/// - A line that heads a goal area or a general part (``AreaMarkers``) starts a block: a heading when nothing
///   follows the marker on the line, else a paragraph of the area ("Målområde 2: Vi tillstyrker.").
/// - A line starting with a bullet ("- ", "* ", "• ", "– ") or a number ("2. ", "2) ") starts a list item.
/// - A line with " | " is a table row.
/// - A paragraph of one short line, with no full stop and no stance, before more text, is a heading
///   ("Beslut", "Nämndens synpunkter").
enum TextBlocks {
    /// Characters that start a list item before a space.
    static let bullets: Set<Character> = ["-", "*", "\u{2022}", "\u{2013}", "\u{00B7}", "\u{25AA}", "\u{25CF}"]

    /// Words a heading about an area begins with ("Synpunkter på målområde 1", "Angående målområde 3").
    static let headingWords: WordSet = [
        "synpunkter", "synpunkt", "kommentar", "kommentarer", "yttrande", "angaende", "ang", "om", "gallande", "avseende",
        "betraffande", "svar", "stallningstagande", "namndens", "bolagets", "styrelsens",
    ]

    /// The areas a line heads when it reads as a heading that names them: short, not a sentence, no stance
    /// ("Synpunkter på målområde 1", "Om målområde 3").
    static func headedAreas(_ line: Substring, names: AreaNames) -> [Int]? {
        guard let last = line.last, !".!?;,".contains(last) else { return nil }
        if let profile = Folding.profile(line), profile.words > 8 || profile.words == 0 { return nil }
        let folded = Folding.words(line)
        guard folded.count <= 8, let first = folded.first, headingWords.contains(first) || folded.count <= 4 else { return nil }
        let words = Words(line)
        let mentions = names.mentions(in: words, range: 0..<words.count).filter { $0.kind != .titleWord }
        guard !mentions.isEmpty, StanceReader.stance(in: String(line)) == nil else { return nil }
        var areas: [Int] = []
        for mention in mentions { areas += mention.areas.filter { !areas.contains($0) } }
        return areas
    }

    /// What a heading is trimmed of at either end: white space and punctuation (made once: a union costs some
    /// 40,000 instructions).
    static let headingEnds = CharacterSet.whitespaces.union(.punctuationCharacters)

    /// Whether the line has " | " in it, as a table row pasted as text has. The bytes are searched; only a line with
    /// scalars beyond Latin-1, where a mark could join the space after the bar, is searched again by Foundation.
    static func isTableRow(_ line: Substring) -> Bool {
        guard line.containsByte(UInt8(ascii: "|")), Array(line.utf8).contains(bytes: Array(" | ".utf8)) else { return false }
        return Folding.profile(line) != nil || line.contains(" | ")
    }

    /// The blocks of a text.
    static func blocks(_ text: String, markers: AreaMarkers, names: AreaNames) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var current: TextBlock?
        var lines: [Substring] = []
        func close() {
            guard var block = current else { return }
            block.text = lines.joined(separator: "\n")
            if !block.text.isEmpty || block.kind == .heading { blocks.append(block) }
            current = nil
            lines = []
        }
        var page = 1
        // A form feed is a character of its own: the pages are split on its byte. Most texts have none (only a PDF's
        // text does), and looking for one is cheaper than splitting.
        let hasFormFeed = Substring(text).containsByte(0x0C)
        let pages =
            hasFormFeed ? text.utf8.split(separator: 0x0C, omittingEmptySubsequences: false).map { Substring($0) } : [Substring(text)]
        for pageText in pages {
            for line in TextLines.lines(pageText) {
                let trimmed = line.trimmingWhitespace
                if trimmed.isEmpty {
                    close()
                    continue
                }
                // A line that goes on a sentence the line before left open ("… att yttra sig om⏎målområde 2.") is
                // no heading, however it starts.
                let continues = lines.last.map { previous in !previous.isEmpty && !".!?:;".contains(previous.last!) } ?? false
                if !continues, let marker = markers.marker(in: trimmed) {
                    close()
                    let rest: Substring
                    switch marker {
                    case .areas(_, let after), .general(let after): rest = after
                    }
                    let heading = String(trimmed[..<(rest.isEmpty ? trimmed.endIndex : rest.startIndex)])
                    current = TextBlock(
                        kind: rest.isEmpty ? .heading : .paragraph, text: "", page: page, marker: marker,
                        heading: heading.trimmingCharacters(in: Self.headingEnds))
                    if rest.isEmpty {
                        close()
                    } else {
                        lines = [rest]
                    }
                    continue
                }
                if isTableRow(trimmed) || (trimmed.hasPrefix("|") && trimmed.dropFirst().contains("|")) {
                    close()
                    blocks.append(TextBlock(kind: .row, text: String(trimmed), page: page))
                    continue
                }
                if line.containsByte(0x09), line.contains("\t"), line.split(separator: "\t", omittingEmptySubsequences: true).count >= 2 {
                    // A table pasted as text: its cells are separated by tabs.
                    close()
                    let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
                    blocks.append(TextBlock(kind: .row, text: cells.joined(separator: " | "), page: page))
                    continue
                }
                if lines.isEmpty, let areas = headedAreas(trimmed, names: names) {
                    close()
                    current = TextBlock(
                        kind: .heading, text: "", page: page, marker: .areas(areas, ""),
                        heading: String(trimmed).trimmingCharacters(in: Self.headingEnds))
                    close()
                    continue
                }
                if let (number, rest) = listItem(trimmed) {
                    close()
                    current = TextBlock(kind: .item, text: "", page: page, number: number)
                    lines = [rest]
                    continue
                }
                if current == nil { current = TextBlock(kind: .paragraph, text: "", page: page) }
                lines.append(trimmed)
            }
            close()
            page += 1
        }
        return markHeadings(blocks)
    }

    /// A list item's number (nil for a bullet) and its text, when the line starts one.
    static func listItem(_ line: Substring) -> (Int?, Substring)? {
        guard let first = line.first else { return nil }
        if bullets.contains(first), line.dropFirst().first == " " {
            return (nil, line.dropFirst(2).trimmingWhitespace)
        }
        var cursor = LineCursor(line)
        if let number = cursor.readNumber(maxDigits: 2), let mark = cursor.current, mark == "." || mark == ")" {
            cursor.advance()
            if cursor.current == " " || cursor.current == "\t" {
                return (number, cursor.rest.trimmingWhitespace)
            }
        }
        if first.isLetterFast, first.isLowercase, line.dropFirst().first == ")", line.dropFirst(2).first == " " {
            return (nil, line.dropFirst(3).trimmingWhitespace)
        }
        return nil
    }

    /// Short one-line paragraphs that head what follows become headings.
    static func markHeadings(_ blocks: [TextBlock]) -> [TextBlock] {
        var blocks = blocks
        for index in blocks.indices where index + 1 < blocks.count && blocks[index].kind == .paragraph && blocks[index].marker == nil {
            let text = blocks[index].text
            guard text.hasAtMost(60), !text.utf8.contains(0x0A), let last = text.last, !".!?,;".contains(last),
                let first = text.first, first.isUppercase || first.isNumberFast,
                Folding.words(text).count <= 8, StanceReader.stance(in: text) == nil
            else { continue }
            blocks[index].kind = .heading
            blocks[index].heading = text.trimmingCharacters(in: Self.headingEnds)
        }
        return blocks
    }
}
