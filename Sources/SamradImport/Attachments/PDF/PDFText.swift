import Foundation

/// The text of a PDF, through poppler: pages counted before any is read, a scan told from a document.
enum PDFText {
    /// A page with at most this many letters and digits has no text to speak of (a page number, a stamp).
    static let scanPageCharacters = 20

    static func read(_ data: Data, limits: AttachmentText.Limits) -> AttachmentReading {
        guard Self.hasEnd(data) else {
            return .refused("the PDF is cut off (it does not end with %%EOF); ask the sender to attach it again")
        }
        let file: PDFFile
        do {
            file = try PDFFile(data: data)
        } catch {
            switch error {
            case .encrypted:
                return .refused("the PDF is encrypted (it needs a password to open); ask for a copy without a password")
            case .damaged(let reason):
                return .refused("the PDF is damaged (\(reason)); ask the sender to attach it again")
            case .unavailable(let reason):
                return .refused(
                    "this installation cannot read PDFs (\(reason)); install the package libpoppler-glib8 so that later imports read them"
                )
            }
        }
        let pageCount = file.pageCount
        guard pageCount > 0 else { return .refused("the PDF has no pages; ask the sender to attach it again") }
        guard pageCount <= limits.maxPages else {
            return .refused("the PDF has more than \(limits.maxPages) pages (\(pageCount)); ask for the yttrande alone")
        }
        var pages: [[PDFLayout.Line]] = []
        var textBytes = 0
        var hasText = false
        for index in 0..<pageCount {
            let characters = file.page(index)?.characters() ?? []
            if characters.lazy.filter({ $0.scalar.properties.isAlphabetic || $0.scalar.properties.numericType != nil })
                .count > scanPageCharacters
            {
                hasText = true
            }
            pages.append(PDFLayout.lines(of: characters))
            // Enough has been read when the text is over its limit; the rest of the pages are not needed.
            textBytes += characters.reduce(0) { $0 + $1.scalar.utf8.count }
            if textBytes > limits.maxTextBytes { break }
        }
        guard hasText else { return .scan(pages: pageCount) }
        var text = DocumentText(limit: limits.maxTextBytes)
        for (number, blocks) in PDFLayout.blocks(of: pages).enumerated() {
            if number > 0 { text.pageBreak() }
            for block in blocks { text.append(block) }
        }
        if pages.count < pageCount, !text.isFull { text.cutHere() }
        return .text(text.result.text, pages: pageCount)
    }

    /// Whether "%%EOF" stands in the last kilobyte, as every complete PDF has it.
    static func hasEnd(_ data: Data) -> Bool {
        data.suffix(1024).range(of: Data("%%EOF".utf8)) != nil
    }
}
