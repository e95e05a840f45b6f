import Foundation
import Synchronization

/// The text of an attached yttrande: PDF, DOCX, ODT or plain text, whatever the sender named it.
///
/// ```swift
/// switch AttachmentText.read(mail.attachments[0]) {
/// case .text(let text, let pages): …   // "Yttrande över …\n\nNämnden beslutar att\n\n- tillstyrka …\u{0C}…"
/// case .scan(let pages): …             // a person reads it
/// case .refused(let reason): …         // "the PDF is encrypted"
/// case .notADocument: …                // a logo, an invitation, a signature
/// }
/// ```
///
/// The type is decided by the content, not by the declared type or the name. A name or a declared type
/// that promises a document the content is not, is refused rather than passed over, so a person hears of it.
public enum AttachmentText {
    /// How much the reader takes on; what is larger is refused (or, for the text, cut).
    public struct Limits: Sendable, Equatable {
        /// The attachment itself.
        public var maxBytes = 50 * 1024 * 1024
        /// PDF pages.
        public var maxPages = 500
        /// DOCX/ODT: uncompressed size of what is read.
        public var maxExpandedBytes = 200 * 1024 * 1024
        /// Text returned; longer is cut at a line and flagged.
        public var maxTextBytes = 10 * 1024 * 1024
        /// The limits above.
        public init() {}
    }

    /// The last line of a text cut at ``Limits/maxTextBytes``.
    public static let cutMarker = "[…] The text is cut here: the attachment holds more text than is read."

    /// Held while poppler or libxml2 reads a document: the import reads replies on several threads, and neither
    /// library promises that two documents can be read at once.
    private static let documentLibraries = Mutex(())

    /// Reads the attachment's text. Never throws, never crashes, never hangs: whatever goes wrong is `.refused`.
    ///
    /// Safe to call from several threads; PDF and office documents are read one at a time.
    public static func read(_ attachment: MailAttachment, limits: Limits = Limits()) -> AttachmentReading {
        let data = attachment.data
        guard !data.isEmpty else { return .refused("the file is empty (0 bytes); ask the sender to attach it again") }
        guard data.count <= limits.maxBytes else {
            return .refused("the file is larger than \(megabytes(limits.maxBytes)) (\(megabytes(data.count))); ask for a smaller file")
        }
        let claim = DocumentClaim(attachment)
        switch DocumentSignature(data) {
        case .pdf:
            return documentLibraries.withLock { _ in PDFText.read(data, limits: limits) }
        case .zip:
            return documentLibraries.withLock { _ in OfficeText.read(data, claim: claim, limits: limits) }
        case .compoundFile(let isWord):
            if isWord || claim == .word97 {
                return .refused("the file is in the old Word format (.doc), which is not read; ask for PDF or DOCX")
            }
        case .rtf:
            return .refused("the file is RTF, which is not read; ask for PDF or DOCX")
        case .other:
            break
        }
        switch claim {
        case .text:
            return PlainText.read(data, limits: limits)
        case .pdf:
            // Readers accept the header anywhere in the first kilobyte; some programs put bytes before it.
            if data.prefix(1024).range(of: Data("%PDF-".utf8)) != nil {
                return documentLibraries.withLock { _ in PDFText.read(data, limits: limits) }
            }
            return .refused("the file is declared a PDF but is not one (it does not start with %PDF-); ask the sender to attach it again")
        case .some(let claimed):
            return .refused("the file is declared a \(claimed.name) but is not one; ask the sender to attach it again")
        case nil:
            return .notADocument
        }
    }

    /// "50 MB", "1.5 MB", "300 KB".
    static func megabytes(_ bytes: Int) -> String {
        if bytes >= 1024 * 1024 {
            let value = Double(bytes) / (1024 * 1024)
            return value == value.rounded() ? "\(Int(value)) MB" : String(format: "%.1f MB", value)
        }
        return "\(max(1, bytes / 1024)) KB"
    }
}

/// What the content's first bytes say the file is.
enum DocumentSignature: Equatable {
    case pdf
    case zip
    /// An OLE2 compound file (Word 97–2003, Excel 97, Outlook .msg); `isWord` when it holds a WordDocument stream.
    case compoundFile(isWord: Bool)
    case rtf
    case other

    init(_ data: Data) {
        let head = data.prefix(1024)
        if head.starts(with: Data("PK\u{03}\u{04}".utf8)) {
            self = .zip
        } else if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // The directory names its streams in UTF-16: a Word file has one called "WordDocument".
            let name = Data("WordDocument".utf16.flatMap { [UInt8($0), 0] })
            self = .compoundFile(isWord: data.range(of: name) != nil)
        } else if head.starts(with: Data("{\\rtf".utf8)) {
            self = .rtf
        } else if head.starts(with: Data("%PDF-".utf8)) {
            self = .pdf
        } else {
            self = .other
        }
    }
}

/// What the sender's name or declared type says the file is.
enum DocumentClaim: Equatable {
    case pdf, docx, odt, word97, text

    init?(_ attachment: MailAttachment) {
        let type = attachment.contentType.lowercased()
        let name = attachment.filename.lowercased().trimmingCharacters(in: .whitespaces)
        func named(_ extensions: String...) -> Bool { extensions.contains { name.hasSuffix("." + $0) } }
        if type == "application/pdf" || type == "application/x-pdf" || named("pdf") {
            self = .pdf
        } else if type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document" || named("docx", "docm") {
            self = .docx
        } else if type == "application/vnd.oasis.opendocument.text" || named("odt") {
            self = .odt
        } else if type == "application/msword" || named("doc", "dot") {
            self = .word97
        } else if type == "text/plain" || named("txt") {
            self = .text
        } else {
            return nil
        }
    }

    /// "PDF", "DOCX", …
    var name: String {
        switch self {
        case .pdf: "PDF"
        case .docx: "DOCX"
        case .odt: "ODT"
        case .word97: "Word document"
        case .text: "text file"
        }
    }
}
