internal import CPoppler
import Foundation

/// Owns one poppler `PopplerDocument`, opened from bytes in memory, released in `deinit`.
final class PDFFile {
    /// Why poppler would not open the bytes.
    enum OpenError: Error {
        case encrypted
        case damaged(String)
        /// libpoppler-glib could not be opened: this installation reads no PDF.
        case unavailable(String)
    }

    private let handle: OpaquePointer

    /// Opens a PDF from its bytes; poppler keeps its own copy for as long as the document lives.
    init(data: Data) throws(OpenError) {
        if let reason = cpoppler_load_error() {
            throw .unavailable(String(cString: reason))
        }
        var encrypted: Int32 = 0
        var message: UnsafeMutablePointer<CChar>?
        let document = data.withUnsafeBytes { raw in
            cpoppler_document_open(raw.baseAddress, raw.count, &encrypted, &message)
        }
        defer { cpoppler_free_message(message) }
        guard let document else {
            if encrypted != 0 { throw .encrypted }
            throw .damaged(message.flatMap { String(validatingCString: $0) } ?? "poppler gave no reason")
        }
        handle = document
    }

    deinit {
        cpoppler_document_close(handle)
    }

    /// Whether poppler keeps its global parameters between documents (it builds them when the first document
    /// opens and drops them when the last one closes; CPoppler keeps one open).
    static var keepsPopplerParameters: Bool { cpoppler_keeps_parameters() != 0 }

    /// The number of pages, read from the page tree without reading any page.
    var pageCount: Int { Int(cpoppler_document_page_count(handle)) }

    /// The page at `index` (from 0), or nil when poppler cannot make it.
    func page(_ index: Int) -> PDFPage? {
        guard index >= 0, index < pageCount, let page = cpoppler_document_page(handle, Int32(index)) else { return nil }
        return PDFPage(taking: page, document: self)
    }
}

/// Owns one poppler `PopplerPage`; keeps its document alive.
final class PDFPage {
    private let handle: OpaquePointer
    private let document: PDFFile

    fileprivate init(taking handle: OpaquePointer, document: PDFFile) {
        self.handle = handle
        self.document = document
    }

    deinit {
        cpoppler_page_close(handle)
    }

    /// The page's characters in poppler's reading order, "\n" between its lines, each with its box and font.
    ///
    /// poppler gives the text, one box per character of it, and font runs by character index; when the
    /// boxes do not match the text one to one, the characters come without boxes.
    func characters() -> [PDFCharacter] {
        guard let raw = cpoppler_page_text(handle) else { return [] }
        let text = String(cString: raw)
        cpoppler_free(raw)
        var boxes: UnsafeMutablePointer<CPopplerRectangle>?
        var boxCount: UInt32 = 0
        let hasLayout = cpoppler_page_text_layout(handle, &boxes, &boxCount) != 0
        defer { if let boxes { cpoppler_free(boxes) } }
        let runs = fontRuns()
        let scalars = Array(text.unicodeScalars)
        let useBoxes = hasLayout && boxes != nil && Int(boxCount) == scalars.count
        var characters: [PDFCharacter] = []
        characters.reserveCapacity(scalars.count)
        var run = runs.startIndex
        for (index, scalar) in scalars.enumerated() {
            while run < runs.endIndex, runs[run].end < index { run += 1 }
            let font = run < runs.endIndex && runs[run].start <= index ? runs[run] : nil
            var box: PDFCharacter.Box?
            if useBoxes, let rectangle = boxes?[index] {
                box = PDFCharacter.Box(
                    left: min(rectangle.x1, rectangle.x2), top: min(rectangle.y1, rectangle.y2),
                    right: max(rectangle.x1, rectangle.x2), bottom: max(rectangle.y1, rectangle.y2)
                )
            }
            characters.append(PDFCharacter(scalar: scalar, box: box, fontSize: font?.size ?? 0, isBold: font?.isBold ?? false))
        }
        return characters
    }

    /// The page's font runs: character ranges (inclusive) with their size and weight, in order.
    private func fontRuns() -> [(start: Int, end: Int, size: Double, isBold: Bool)] {
        var list: UnsafeMutablePointer<CPopplerFontRun>?
        let count = cpoppler_page_font_runs(handle, &list)
        defer { cpoppler_font_runs_free(list, count) }
        guard let list else { return [] }
        let runs = UnsafeBufferPointer(start: list, count: count).map { run in
            let name = run.font_name.flatMap { String(validatingCString: $0) }?.lowercased() ?? ""
            let isBold = ["bold", "black", "heavy"].contains { name.contains($0) }
            return (start: Int(run.start), end: Int(run.end), size: run.size, isBold: isBold)
        }
        return runs.sorted { $0.start < $1.start }
    }
}

/// One character of a PDF page's text, where it stands and in which font size.
struct PDFCharacter: Equatable {
    /// A character's box in points, from the page's top left corner.
    struct Box: Equatable {
        var left: Double
        var top: Double
        var right: Double
        var bottom: Double
    }

    var scalar: Unicode.Scalar
    /// Nil when poppler gave no box that matches the character.
    var box: Box?
    var fontSize: Double
    var isBold: Bool
}
