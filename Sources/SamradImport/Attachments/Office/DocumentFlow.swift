/// Paragraphs and tables as a word processor nests them, turned into ``DocumentText`` blocks.
///
/// The DOCX and ODT readers feed it as their parser walks the XML: paragraphs (a text box may open one
/// inside another), tables (a table may stand in a cell), text, line and page breaks. A paragraph in a
/// table cell becomes part of the cell; a row becomes one block; a nested table's rows stay in their cell.
struct DocumentFlow {
    private(set) var text: DocumentText
    private var paragraphs: [String] = []
    private var tables: [Table] = []

    private struct Table {
        var row: [String]?
        var cell: String?
    }

    init(limit: Int) {
        text = DocumentText(limit: limit)
    }

    /// Whether the text is full: the rest of the document need not be read.
    var isFull: Bool { text.isFull }

    /// Whether a paragraph is open to take text.
    var inParagraph: Bool { !paragraphs.isEmpty }

    /// Whether the innermost open paragraph stands in a table cell.
    private var paragraphInCell: Bool {
        guard let table = tables.last, table.cell != nil else { return false }
        return true
    }

    mutating func beginParagraph() {
        paragraphs.append("")
    }

    /// Adds text to the innermost open paragraph; outside a paragraph it is ignored.
    mutating func append(_ string: String) {
        guard !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1] += string
    }

    mutating func lineBreak() {
        append("\n")
    }

    /// A page break the author made; inside a table it is only a space.
    mutating func pageBreak() {
        if paragraphs.isEmpty {
            if tables.isEmpty, !text.isEmpty { text.pageBreak() }
        } else {
            append(tables.isEmpty ? "\u{0C}" : " ")
        }
    }

    /// Closes the innermost paragraph and returns its text for the caller to emit, or nil when it went into a table cell.
    mutating func endParagraph(marker: String? = nil) -> String? {
        guard let paragraph = paragraphs.popLast() else { return nil }
        guard paragraphInCell else { return paragraph }
        let shown = marker.map { $0 == "-" ? paragraph : "\($0) \(paragraph)" } ?? paragraph
        let line = DocumentText.oneLine(shown)
        if !line.isEmpty, var cell = tables[tables.count - 1].cell {
            cell += cell.isEmpty ? line : " " + line
            tables[tables.count - 1].cell = cell
        }
        return nil
    }

    /// Emits a paragraph's text as blocks made by `block`, with a page break wherever the text holds one.
    mutating func emit(_ paragraph: String, as block: (String) -> DocumentText.Block) {
        for (number, part) in paragraph.split(separator: "\u{0C}", omittingEmptySubsequences: false).enumerated() {
            if number > 0, !text.isEmpty { text.pageBreak() }
            text.append(block(String(part)))
        }
    }

    mutating func beginTable() {
        tables.append(Table())
    }

    mutating func beginRow() {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].row = []
        tables[tables.count - 1].cell = nil
    }

    mutating func beginCell() {
        guard !tables.isEmpty else { return }
        if tables[tables.count - 1].row == nil { tables[tables.count - 1].row = [] }
        tables[tables.count - 1].cell = ""
    }

    mutating func endCell() {
        guard !tables.isEmpty, let cell = tables[tables.count - 1].cell else { return }
        tables[tables.count - 1].row?.append(cell)
        tables[tables.count - 1].cell = nil
    }

    /// Ends a row: a block of its own, or, in a nested table, part of the cell around it.
    mutating func endRow() {
        guard let table = tables.last, let row = table.row else { return }
        tables[tables.count - 1].row = nil
        if tables.count == 1 {
            text.append(.tableRow(row))
        } else {
            let line = row.map(DocumentText.oneLine).filter { !$0.isEmpty }.joined(separator: " | ")
            let outer = tables.count - 2
            if !line.isEmpty, let cell = tables[outer].cell { tables[outer].cell = cell.isEmpty ? line : cell + " " + line }
        }
    }

    mutating func endTable() {
        _ = tables.popLast()
    }
}
