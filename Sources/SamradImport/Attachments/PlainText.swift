import Foundation

/// The text of a plain-text attachment: UTF-8, UTF-16 with a byte-order mark, else Windows-1252.
enum PlainText {
    static func read(_ data: Data, limits: AttachmentText.Limits) -> AttachmentReading {
        guard let decoded = decode(data) else {
            return .refused("the file is declared text but holds binary data; ask the sender for a PDF or DOCX")
        }
        var text = DocumentText(limit: limits.maxTextBytes)
        let pages = TextRendering.normalizeLineEnds(decoded).split(separator: "\u{0C}", omittingEmptySubsequences: false)
        for (number, page) in pages.enumerated() {
            if number > 0 { text.pageBreak() }
            // Paragraphs are what blank lines separate; the lines inside one stay as the writer broke them.
            for paragraph in Self.paragraphs(page) { text.append(.paragraph(paragraph)) }
        }
        let result = text.result
        return .text(result.text, pages: result.pages)
    }

    /// The text, or nil when it is not text (a NUL, or other control characters than tab, form feed and line ends).
    static func decode(_ data: Data) -> String? {
        let text: String?
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(validating: data.dropFirst(3), as: UTF8.self)
        } else if data.starts(with: [0xFF, 0xFE]) {
            text = Charset.decode(data.dropFirst(2), as: "utf-16le")
        } else if data.starts(with: [0xFE, 0xFF]) {
            text = Charset.decode(data.dropFirst(2), as: "utf-16be")
        } else {
            text =
                String(validating: data, as: UTF8.self) ?? Charset.decode(data, as: "windows-1252")
                ?? Charset.decode(data, as: "iso-8859-1")
        }
        guard let text else { return nil }
        let allowed: Set<Unicode.Scalar> = ["\t", "\n", "\r", "\u{0C}"]
        let isText = !text.unicodeScalars.contains { $0.properties.generalCategory == .control && !allowed.contains($0) && $0.value < 0x80 }
        return isText ? text : nil
    }

    /// The runs of non-blank lines of a page.
    private static func paragraphs(_ page: Substring) -> [String] {
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: "\n")) }
        return paragraphs
    }
}
