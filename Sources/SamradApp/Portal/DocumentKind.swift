import Foundation

/// The kinds of decided document the portal takes, known by their content, never by the name they came with.
public enum DocumentKind: String, Sendable, CaseIterable {
    /// A PDF file.
    case pdf
    /// A Word document (Office Open XML).
    case docx
    /// An OpenDocument text.
    case odt

    /// The kind the bytes are, or nil when they are none of them.
    public init?(content data: Data) {
        let head = [UInt8](data.prefix(4096))
        if head.starts(with: Array("%PDF-".utf8)) {
            self = .pdf
            return
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
        // An OpenDocument file stores its media type first, uncompressed, as the entry "mimetype" at offset 30.
        let odt = Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
        if head.count >= 30 + odt.count, Array(head[30..<(30 + odt.count)]) == odt {
            self = .odt
            return
        }
        // A Word document names its parts in the ZIP's local headers and central directory.
        if data.range(of: Data("word/document.xml".utf8)) != nil, data.range(of: Data("[Content_Types].xml".utf8)) != nil {
            self = .docx
            return
        }
        return nil
    }

    /// The media type the document is stored and sent with.
    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .odt: "application/vnd.oasis.opendocument.text"
        }
    }

    /// A plain file name for a document: the last part of the name it came with (no folders), without controls,
    /// ending in the extension its content has.
    public static func displayName(_ name: String, kind: DocumentKind) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var stem = String(
            last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }.map(Character.init))
        if let dot = stem.lastIndex(of: ".") { stem = String(stem[..<dot]) }
        stem = stem.trimmingCharacters(in: CharacterSet(charactersIn: ". ").union(.whitespaces))
        if stem.isEmpty { stem = "beslut" }
        return "\(stem.prefix(120)).\(kind.rawValue)"
    }
}
