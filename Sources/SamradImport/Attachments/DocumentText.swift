/// A document's text in the conventions of ``AttachmentReading/text(_:pages:)``, built block by block.
///
/// Every format's reader (PDF, DOCX, ODT) turns what it finds into blocks; this type alone decides how
/// blocks become lines, so the conventions are written once:
///
/// ```swift
/// var text = DocumentText(limit: 10 * 1024 * 1024)
/// text.append(.heading("Yttrande"))
/// text.append(.listItem(marker: "-", text: "tillstyrka målområde 1"))
/// text.pageBreak()
/// text.append(.tableRow(["Målområde 1", "Tillstyrker"]))
/// text.result   // (text: "Yttrande\n\n- tillstyrka målområde 1\u{0C}Målområde 1 | Tillstyrker", pages: 2)
/// ```
struct DocumentText {
    /// One piece of a document.
    enum Block: Equatable {
        /// A paragraph; "\n" inside it is a line break the author made.
        case paragraph(String)
        case heading(String)
        /// A list item: `marker` is "-" for a bullet, the number ("2.") for a numbered item.
        case listItem(marker: String, text: String)
        case tableRow([String])
    }

    /// The most bytes of UTF-8 the text may hold, the cut marker not counted.
    let limit: Int
    private var pages: [String] = []
    private var page = ""
    private var size = 0
    private var lastKind: Kind?
    /// Whether the limit was reached: later blocks are ignored and the text ends in the cut marker.
    private(set) var isFull = false

    private enum Kind {
        case paragraph, heading, listItem, tableRow
    }

    init(limit: Int) {
        self.limit = limit
    }

    /// Whether no block has been written yet, on any page.
    var isEmpty: Bool { size == 0 }

    /// Adds a block; an empty one is left out.
    mutating func append(_ block: Block) {
        guard !isFull else { return }
        let (kind, rendered) = Self.render(block)
        guard !rendered.isEmpty else { return }
        let separator: String
        if page.isEmpty {
            separator = ""
        } else if kind == lastKind, kind == .listItem || kind == .tableRow {
            separator = "\n"
        } else {
            separator = "\n\n"
        }
        let piece = separator + rendered
        if size + piece.utf8.count > limit {
            cut(piece)
            return
        }
        page += piece
        size += piece.utf8.count
        lastKind = kind
    }

    /// Ends the page; the next block starts the next one.
    mutating func pageBreak() {
        guard !isFull else { return }
        pages.append(page)
        page = ""
        size += 1
        lastKind = nil
    }

    /// Closes the text as cut: what follows was not read, and the text ends in the cut marker.
    mutating func cutHere() {
        isFull = true
    }

    /// The text and its page count.
    var result: (text: String, pages: Int) {
        var all = pages
        all.append(isFull ? (page.isEmpty ? "" : page + "\n\n") + AttachmentText.cutMarker : page)
        return (all.joined(separator: "\u{0C}"), all.count)
    }

    /// Takes as much of `piece` as fits, ending at a line (or, for one long line, at a word), and closes the text.
    private mutating func cut(_ piece: String) {
        isFull = true
        let bytes = Array(piece.utf8)
        var end = min(max(0, limit - size), bytes.count)
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        let fitting = Substring(String(decoding: bytes[..<end], as: UTF8.self))
        var kept = fitting.lastIndex(of: "\n").map { fitting[..<$0] } ?? fitting.lastIndex(of: " ").map { fitting[..<$0] } ?? ""
        while kept.last == " " || kept.last == "\n" { kept = kept.dropLast() }
        page += kept
        size += kept.utf8.count
    }

    // MARK: - Rendering a block

    private static func render(_ block: Block) -> (Kind, String) {
        switch block {
        case .paragraph(let text):
            let lines = text.split(separator: "\n").map(oneLine).filter { !$0.isEmpty }
            return (.paragraph, lines.joined(separator: "\n"))
        case .heading(let text):
            return (.heading, oneLine(text))
        case .listItem(let marker, let text):
            let line = oneLine(text)
            return (.listItem, line.isEmpty ? "" : "\(marker) \(line)")
        case .tableRow(let cells):
            // Empty cells at the end go, as a PDF shows none: the same row reads the same in every format.
            var cells = cells.map(oneLine)
            while cells.last?.isEmpty == true { cells.removeLast() }
            return (.tableRow, cells.joined(separator: " | "))
        }
    }

    /// The text on one line: white space of every kind as single spaces, control characters dropped, trimmed.
    static func oneLine(_ text: some StringProtocol) -> String {
        var line = ""
        line.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
            } else if scalar.properties.generalCategory == .control || scalar == "\u{AD}" || scalar == "\u{FEFF}" {
                continue
            } else {
                if pendingSpace, !line.isEmpty { line.unicodeScalars.append(" ") }
                pendingSpace = false
                line.unicodeScalars.append(scalar)
            }
        }
        return line
    }
}
