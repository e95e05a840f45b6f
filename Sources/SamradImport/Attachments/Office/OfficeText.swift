import Foundation

/// The text of a ZIP-based office document: a DOCX (it holds `word/document.xml`) or an ODT (its `mimetype`
/// entry says `application/vnd.oasis.opendocument.text`). Any other ZIP is not a document.
enum OfficeText {
    /// Why an office document was not read.
    enum Failure: Error {
        /// What is read expands to more than the limit.
        case tooLarge
        /// The archive or a part of it is damaged; the reason says how.
        case damaged(String)
        /// A part declares a DTD.
        case declaresDTD(part: String)
    }

    static let odtType = "application/vnd.oasis.opendocument.text"

    static func read(_ data: Data, claim: DocumentClaim?, limits: AttachmentText.Limits) -> AttachmentReading {
        // What the content showed the file to be, once it has; until then, what the sender said it is.
        var identified: String?
        var format: String { identified ?? (claim == .odt ? "ODT" : "DOCX") }
        do {
            let archive = try OfficeArchive(data: data, budget: limits.maxExpandedBytes)
            if archive.contains("word/document.xml") {
                identified = "DOCX"
                return try DOCXText.read(archive, limits: limits)
            }
            if archive.contains("mimetype"), let type = try archive.part("mimetype"),
                String(decoding: type.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == odtType
            {
                identified = "ODT"
                return try ODTText.read(archive, limits: limits)
            }
            switch claim {
            case .docx: return .refused("the DOCX is damaged: it holds no word/document.xml; ask the sender to attach it again")
            case .odt: return .refused("the ODT is damaged: its mimetype is not \(odtType); ask the sender to attach it again")
            default: return .notADocument
            }
        } catch {
            switch error {
            case .tooLarge:
                return .refused("the ZIP expands to more than \(AttachmentText.megabytes(limits.maxExpandedBytes)); ask for a PDF")
            case .damaged(let reason):
                guard identified != nil || claim == .docx || claim == .odt else { return .notADocument }
                return .refused("the \(format) is damaged: \(reason); ask the sender to attach it again")
            case .declaresDTD(let part):
                return .refused("the \(format) is refused: its \(part) declares a DTD, which office programs never write")
            }
        }
    }

    /// Runs a parse of the part `name`, naming the part in what goes wrong.
    static func parse<T>(_ name: String, _ body: () throws(OfficeXML.Failure) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .declaresDTD: throw .declaresDTD(part: name)
            case .malformed(let reason): throw .damaged("\(name) is not well-formed XML (\(reason))")
            }
        }
    }
}
