/// What reading an attached file gave.
public enum AttachmentReading: Sendable, Equatable {
    /// The document's text. Pages are separated by "\u{0C}" (form feed); page 1 is before the first.
    /// Conventions, the same for every format: paragraphs separated by one blank line; a heading on a line
    /// of its own, followed by a blank line; a list item as one line starting "- " (a numbered item keeps
    /// its number when the format gives it: "2. …"); a table row as one line of its cells joined by " | ".
    /// No trailing spaces; "\n" line ends; at most one blank line in a row.
    ///
    /// `text.split(separator: "\u{0C}", omittingEmptySubsequences: false)` gives the pages; `pages` is the
    /// document's page count (a PDF's pages; for DOCX and ODT, its page breaks plus one). A text longer
    /// than ``AttachmentText/Limits/maxTextBytes`` ends in ``AttachmentText/cutMarker`` (see ``isCut``).
    case text(String, pages: Int)
    /// A PDF with no text layer (a scan): a person must read it.
    case scan(pages: Int)
    /// Not read, with the reason a person can act on ("larger than 50 MB", "more than 500 pages",
    /// "the PDF is encrypted", "the DOCX is damaged: …", "the ZIP expands to more than 200 MB").
    case refused(String)
    /// Not a document this reader reads (images, calendars, signatures, …).
    case notADocument
}

extension AttachmentReading {
    /// Whether the text was cut at the text limit: the rest of the document was not read.
    public var isCut: Bool {
        guard case .text(let text, _) = self else { return false }
        return text.hasSuffix(AttachmentText.cutMarker)
    }
}
