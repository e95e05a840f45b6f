/// What a reader sees on PDF pages — headings, paragraphs, list items, table rows — from where the characters stand.
///
/// A PDF holds no paragraphs, only characters placed on a page. poppler gives them in reading order
/// with a box and a font size each; the layout reads them as a person does:
/// - a line is the characters on one baseline; poppler's lines that share a baseline (the cells of a
///   table row, which it may give column by column) become one line, read left to right;
/// - a gap between characters of a line separates table cells when it is wider than two font sizes, or than
///   half a font size with no space in it (poppler puts none between the cells of a table);
/// - a line that starts with a bullet ("•", "–", Word's Symbol bullet) is a list item, one that starts
///   "2." or "2)" a numbered one; lines under an item, indented as its text, continue it;
/// - a line in a font at least 15 % larger than the body text's is a heading, as is a paragraph of one
///   short bold line;
/// - a paragraph ends where the space to the next line is clearly more than between its lines, where the
///   font changes, or after a short line that ends a sentence. Its lines are joined with spaces, and a
///   word broken with a hyphen at a line end is joined again ("förvalt-" + "ningen"), but not before
///   "och", "eller", … ("Kultur- och fritidsnämnden").
enum PDFLayout {
    /// One line of a page: its cells (one for running text) and where it stands.
    struct Line: Equatable {
        var cells: [String]
        /// Where each cell's first character stands.
        var cellLefts: [Double] = []
        var top: Double
        var bottom: Double
        var left: Double
        var right: Double
        /// The font size most of its characters have.
        var fontSize: Double
        /// Whether every character is in a bold font.
        var isBold: Bool
        /// False when poppler gave no character boxes: nothing is known of where the line stands.
        var hasGeometry: Bool

        var height: Double { bottom - top }
        var text: String { cells.joined(separator: " | ") }
    }

    // MARK: - Lines

    /// The lines of one page, top to bottom.
    static func lines(of characters: [PDFCharacter]) -> [Line] {
        let raw = characters.split { $0.scalar == "\n" }.filter { $0.contains { !$0.scalar.properties.isWhitespace } }
        guard raw.allSatisfy({ $0.allSatisfy { $0.box != nil } }) else {
            return raw.map { line in
                let text = String(String.UnicodeScalarView(line.map(\.scalar)))
                return Line(
                    cells: [DocumentText.oneLine(text)], top: 0, bottom: 0, left: 0, right: 0, fontSize: dominantSize(line),
                    isBold: false, hasGeometry: false
                )
            }
        }
        // poppler may give a table column by column, and may put the end of one cell and the start of another on
        // one of its lines: so its lines are cut into runs on one baseline that move right, and the runs that
        // share a baseline make a line, read left to right.
        let runs = raw.flatMap(Self.runs)
        let ordered = runs.enumerated().sorted { first, second in
            let (top1, top2) = (verticalExtent(first.element).top, verticalExtent(second.element).top)
            return top1 != top2 ? top1 < top2 : first.offset < second.offset
        }
        var groups: [(runs: [[PDFCharacter]], top: Double, bottom: Double)] = []
        for (_, run) in ordered {
            let extent = verticalExtent(run)
            if let last = groups.last {
                let overlap = min(last.bottom, extent.bottom) - max(last.top, extent.top)
                let smaller = min(last.bottom - last.top, extent.bottom - extent.top)
                if smaller > 0, overlap >= 0.5 * smaller {
                    groups[groups.count - 1] = (last.runs + [run], min(last.top, extent.top), max(last.bottom, extent.bottom))
                    continue
                }
            }
            groups.append(([run], extent.top, extent.bottom))
        }
        return groups.map { group in
            let runs = group.runs.count > 1 ? group.runs.sorted { verticalLeft($0) < verticalLeft($1) } : group.runs
            return line(of: runs.flatMap { $0 })
        }
    }

    /// A poppler line cut where the characters leave their baseline or go back to the left.
    private static func runs(_ line: ArraySlice<PDFCharacter>) -> [[PDFCharacter]] {
        var runs: [[PDFCharacter]] = []
        var current: [PDFCharacter] = []
        var previous: PDFCharacter.Box?
        for character in line {
            if !character.scalar.properties.isWhitespace, let box = character.box {
                if let last = previous {
                    let height = max(last.bottom - last.top, box.bottom - box.top, 1)
                    if abs(box.bottom - last.bottom) > 0.5 * height || box.left < last.left - 1 {
                        runs.append(current)
                        current = []
                    }
                }
                previous = box
            }
            current.append(character)
        }
        runs.append(current)
        return runs.filter { $0.contains { !$0.scalar.properties.isWhitespace } }
    }

    /// The left edge of a run's first visible character.
    private static func verticalLeft(_ run: [PDFCharacter]) -> Double {
        run.first { !$0.scalar.properties.isWhitespace }?.box?.left ?? 0
    }

    /// The top of the highest and the bottom of the lowest visible character.
    private static func verticalExtent(_ line: some Collection<PDFCharacter>) -> (top: Double, bottom: Double) {
        let boxes = line.filter { !$0.scalar.properties.isWhitespace }.compactMap(\.box)
        return (boxes.map(\.top).min() ?? 0, boxes.map(\.bottom).max() ?? 0)
    }

    /// One line from its characters in reading order: cells where the gap is wide, spaces where words part.
    private static func line(of characters: [PDFCharacter]) -> Line {
        let visible = characters.filter { !$0.scalar.properties.isWhitespace }
        let size = dominantSize(visible)
        // poppler puts a space between the words it reads as one text; between table cells, none. A gap with no
        // space in it is a cell's edge from over half a font size on; one with a space, from two font sizes on
        // (a tab, or a justified line's widest gaps stay below that).
        let spacedCellGap = 2 * max(size, 1)
        let cellGap = 0.6 * max(size, 1)
        var cells: [String] = [""]
        var cellLefts: [Double] = []
        var lastRight: Double?
        var pendingSpace = false
        for character in characters {
            guard !character.scalar.properties.isWhitespace, let box = character.box else {
                pendingSpace = true
                continue
            }
            if let right = lastRight {
                let gap = box.left - right
                if gap > (pendingSpace ? spacedCellGap : cellGap) {
                    cells.append("")
                    cellLefts.append(box.left)
                } else if pendingSpace || gap > 0.2 * size {
                    cells[cells.count - 1] += " "
                }
            }
            if cellLefts.isEmpty { cellLefts.append(box.left) }
            cells[cells.count - 1].unicodeScalars.append(character.scalar)
            lastRight = max(lastRight ?? box.right, box.right)
            pendingSpace = false
        }
        let boxes = visible.compactMap(\.box)
        return Line(
            cells: cells.map(DocumentText.oneLine), cellLefts: cellLefts, top: boxes.map(\.top).min() ?? 0,
            bottom: boxes.map(\.bottom).max() ?? 0,
            left: boxes.map(\.left).min() ?? 0, right: boxes.map(\.right).max() ?? 0, fontSize: size,
            isBold: !visible.isEmpty && visible.allSatisfy(\.isBold), hasGeometry: true
        )
    }

    /// The font size most characters have, to half a point.
    private static func dominantSize(_ characters: some Collection<PDFCharacter>) -> Double {
        mode(characters.filter { !$0.scalar.properties.isWhitespace }.map { ($0.fontSize, 1) }) ?? 0
    }

    /// The value with the most weight, values rounded to half a point; the smaller one on a tie.
    private static func mode(_ weighted: [(value: Double, weight: Int)]) -> Double? {
        var totals: [Double: Int] = [:]
        for (value, weight) in weighted { totals[(value * 2).rounded() / 2, default: 0] += weight }
        return totals.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }

    // MARK: - Blocks

    /// What a line is, before it is joined to its neighbours.
    private enum Kind {
        case paragraph
        case heading
        case item(marker: String, text: String)
        case row
    }

    /// The blocks of each page.
    static func blocks(of pages: [[Line]]) -> [[DocumentText.Block]] {
        let all = pages.flatMap { $0 }
        let bodySize = mode(all.map { ($0.fontSize, $0.text.count) }) ?? 0
        // The usual space between two lines of one paragraph, so that a wider one can end the paragraph.
        var gaps: [(value: Double, weight: Int)] = []
        for page in pages {
            for (first, second) in zip(page, page.dropFirst())
            where first.cells.count == 1 && second.cells.count == 1 && first.fontSize == bodySize && second.fontSize == bodySize
                && second.top >= first.bottom - 1 && second.top - first.bottom < 3 * max(first.height, 1)
            {
                gaps.append((second.top - first.bottom, 1))
            }
        }
        let usualGap = mode(gaps) ?? 0
        return pages.map { Page(lines: $0, bodySize: bodySize, usualGap: usualGap).blocks() }
    }

    /// The reading of one page.
    private struct Page {
        let lines: [Line]
        let bodySize: Double
        let usualGap: Double
        let textLeft: Double
        let textRight: Double

        init(lines: [Line], bodySize: Double, usualGap: Double) {
            self.lines = lines
            self.bodySize = bodySize
            self.usualGap = usualGap
            textLeft = lines.map(\.left).min() ?? 0
            textRight = lines.map(\.right).max() ?? 0
        }

        /// A block being gathered, with the last line it took.
        private enum Open {
            case paragraph(String, lines: Int, last: Line, allBold: Bool)
            case heading(String, last: Line)
            case item(marker: String, text: String, last: Line)
            case row([String], first: Line, last: Line)
        }

        func blocks() -> [DocumentText.Block] {
            var blocks: [DocumentText.Block] = []
            var open: Open?
            func flush() {
                switch open {
                case .paragraph(let text, let lines, _, let allBold):
                    let isHeading = lines == 1 && allBold && text.count <= 100 && !text.hasSuffix(".") && !text.hasSuffix(",")
                    blocks.append(isHeading ? .heading(text) : .paragraph(text))
                case .heading(let text, _):
                    blocks.append(.heading(text))
                case .item(let marker, let text, _):
                    blocks.append(.listItem(marker: marker, text: text))
                case .row(let cells, _, _):
                    blocks.append(.tableRow(cells))
                case nil:
                    break
                }
                open = nil
            }
            for line in lines {
                if case .row(let cells, let first, let last) = open, let columns = continuedColumns(first, last, next: line) {
                    var cells = cells
                    for (column, text) in zip(columns, line.cells) { cells[column] = PDFLayout.join(cells[column], text) }
                    open = .row(cells, first: first, last: line)
                    continue
                }
                let kind = kind(of: line)
                switch (open, kind) {
                case (.paragraph(let text, let lines, let last, let allBold), .paragraph) where !endsParagraph(last, next: line):
                    open = .paragraph(PDFLayout.join(text, line.text), lines: lines + 1, last: line, allBold: allBold && line.isBold)
                    continue
                case (.heading(let text, let last), .heading) where last.fontSize == line.fontSize && !isWideGap(last, next: line):
                    open = .heading(text + " " + line.text, last: line)
                    continue
                case (.item(let marker, let text, let last), .paragraph)
                where last.hasGeometry && !isWideGap(last, next: line) && line.left > textLeft + 1:
                    open = .item(marker: marker, text: PDFLayout.join(text, line.text), last: line)
                    continue
                default:
                    flush()
                }
                switch kind {
                case .paragraph: open = .paragraph(line.text, lines: 1, last: line, allBold: line.isBold)
                case .heading: open = .heading(line.text, last: line)
                case .item(let marker, let text): open = .item(marker: marker, text: text, last: line)
                case .row: open = .row(line.cells, first: line, last: line)
                }
            }
            flush()
            return blocks
        }

        private func kind(of line: Line) -> Kind {
            if let item = PDFLayout.listItem(line.cells) { return .item(marker: item.marker, text: item.text) }
            if line.cells.count > 1 { return .row }
            if bodySize > 0, line.fontSize >= bodySize * 1.15, line.text.contains(where: \.isLetter) { return .heading }
            return .paragraph
        }

        /// The columns of the row (`first` its first line, `last` its latest) whose wrapped text the next line goes
        /// on with, or nil when it starts something else. A row's cells wrap onto lines as close as a paragraph's,
        /// each part starting where its cell does, and some cells done: a line with text in every column is a new
        /// row, and one with text in the first column alone is taken for what follows the table.
        private func continuedColumns(_ first: Line, _ last: Line, next: Line) -> [Int]? {
            guard first.cells.count > 1, first.cellLefts.count == first.cells.count, next.hasGeometry, !isWideGap(last, next: next),
                next.cells.count < first.cells.count
            else { return nil }
            var columns: [Int] = []
            for left in next.cellLefts {
                guard let column = first.cellLefts.firstIndex(where: { abs($0 - left) <= 2 }), columns.last.map({ $0 < column }) ?? true
                else { return nil }
                columns.append(column)
            }
            guard columns.count == next.cells.count, columns != [0] else { return nil }
            return columns
        }

        /// Whether a paragraph ends between the two lines.
        private func endsParagraph(_ last: Line, next: Line) -> Bool {
            guard last.hasGeometry, next.hasGeometry else { return true }
            if isWideGap(last, next: next) || abs(last.fontSize - next.fontSize) > 0.5 || last.isBold != next.isBold { return true }
            let endsSentence = [".", "!", "?", ":"].contains { last.text.hasSuffix($0) }
            return endsSentence && last.right < textLeft + 0.85 * (textRight - textLeft)
        }

        /// Whether the space between the lines is clearly more than between the lines of a paragraph, or the next stands higher.
        private func isWideGap(_ last: Line, next: Line) -> Bool {
            let height = max(last.height, 1)
            let gap = next.top - last.bottom
            return gap > max(0.5 * height, usualGap + 0.35 * height) || next.top < last.top - 1
        }
    }

    // MARK: - Markers and joins

    /// Bullets as PDFs carry them: typographic ones, dashes, and the private-use code points of Word's Symbol and Wingdings bullets.
    static func isBullet(_ scalar: Unicode.Scalar) -> Bool {
        "•◦▪▫‣●○■□–—-*·∙⁃➢➤►✓✔".unicodeScalars.contains(scalar) || (0xF000...0xF0FF).contains(scalar.value)
    }

    /// The marker ("-" or "2.") and text of a line that starts a list item, or nil.
    static func listItem(_ cells: [String]) -> (marker: String, text: String)? {
        guard let first = cells.first, let head = first.unicodeScalars.first else { return nil }
        let rest = cells.dropFirst()
        if isBullet(head) {
            let after = first.unicodeScalars.dropFirst()
            guard after.isEmpty || after.first == " " else { return nil }
            let text = ([String(String.UnicodeScalarView(after))] + rest).map { DocumentText.oneLine($0) }.filter { !$0.isEmpty }
            return text.isEmpty ? nil : ("-", text.joined(separator: " | "))
        }
        let digits = first.prefix { $0.isASCII && $0.isNumber }
        guard (1...3).contains(digits.count), let mark = first.dropFirst(digits.count).first, mark == "." || mark == ")" else { return nil }
        let after = first.dropFirst(digits.count + 1)
        // "1. Hållbar tillväxt | Tillstyrker" is a table row whose first cell happens to start with a number.
        guard after.isEmpty ? !rest.isEmpty : (after.first == " " && rest.isEmpty) else { return nil }
        let text = ([String(after)] + rest).map { DocumentText.oneLine($0) }.filter { !$0.isEmpty }
        return text.isEmpty ? nil : ("\(digits).", text.joined(separator: " | "))
    }

    /// Words that follow a hyphen that is no line-end break: "Kultur- och", "barn- eller".
    private static let wordsAfterHyphen: Set<String> = ["och", "eller", "samt", "respektive", "resp", "till", "som", "and", "or"]

    /// Two lines of a paragraph as one: a space between, or the two halves of a hyphenated word joined.
    static func join(_ first: String, _ second: String) -> String {
        if first.hasSuffix("\u{AD}") { return String(first.dropLast()) + second }
        if first.hasSuffix("-"), first.dropLast().last?.isLetter == true, second.first?.isLowercase == true {
            let nextWord = second.prefix { $0.isLetter }.lowercased()
            if !wordsAfterHyphen.contains(nextWord) { return String(first.dropLast()) + second }
        }
        return first + " " + second
    }
}
