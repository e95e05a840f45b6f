import Foundation
import SamradCore

/// One header field as text: UTF-8, unfolded, RFC 2047 encoded-words still encoded.
struct HeaderField: Equatable {
    /// The field name as written.
    var name: String
    /// The value, converted to UTF-8 from its raw bytes and unfolded.
    var value: String
    /// Where the field started in the input; -1 when unknown.
    var offset: Int64

    /// Whether the field is called `other`, compared case-insensitively.
    func isNamed(_ other: String) -> Bool {
        FieldName.same(name, other)
    }
}

extension Array where Element == HeaderField {
    /// The first value of the field `name`.
    func first(_ name: String) -> String? {
        first { $0.isNamed(name) }?.value
    }

    /// Every value of the field `name`, in order.
    func all(_ name: String) -> [String] {
        filter { $0.isNamed(name) }.map(\.value)
    }
}

/// A message read out of GMime into Swift values: its header fields and its body.
struct MimeMessageValue {
    /// The part number of the message/rfc822 part that holds it; "" for the outermost message.
    var path: String
    /// Every header field in input order (GMime's message fields and the body's Content-* fields merged).
    var headers: [HeaderField]
    /// The top-level entity; nil when GMime found none.
    var body: MimeEntity?
}

/// One MIME entity read out of GMime into Swift values.
struct MimeEntity {
    /// What the entity holds.
    enum Body {
        /// Decoded content (transfer encoding undone, charset untouched).
        case leaf(Data)
        /// The parts, and whether the closing boundary was met.
        case multipart([MimeEntity], hasClosingBoundary: Bool)
        /// An embedded message (message/rfc822, message/global).
        indirect case message(MimeMessageValue)
        /// A message/partial fragment.
        case partial(id: String?, number: Int, total: Int)
    }

    /// The part number as IMAP counts it ("1.2"); "" for a message's top-level entity.
    var path: String
    /// The media type, lower-cased ("text").
    var type: String
    /// The media subtype, lower-cased ("plain").
    var subtype: String
    /// The Content-Type parameters, names lower-cased (charset, boundary, format, delsp, report-type, …).
    var parameters: [String: String]
    /// The entity's header fields.
    var headers: [HeaderField]
    /// The Content-Disposition value, lower-cased ("attachment", "inline"); nil without the field.
    var disposition: String?
    /// The file name from Content-Disposition's filename or Content-Type's name, decoded; nil without either.
    var filename: String?
    /// The content.
    var body: Body
    /// Whether a text part's content goes on beyond ``MailReader/maximumTextBytes`` and was cut there.
    var truncated = false

    /// "text/plain".
    var mediaType: String { "\(type)/\(subtype)" }

    /// The part number for an error or a warning: nil for a message's top-level entity.
    var partNumber: String? { path.isEmpty ? nil : path }

    /// How to name the entity in a sentence: "the message body (multipart/mixed)" or "the multipart/alternative part".
    var label: String {
        let type = TerminalText.safe(mediaType, singleLine: true)
        return path.isEmpty ? "the message body (\(type))" : "the \(type) part"
    }

    /// The decoded content of a leaf; nil for anything else.
    var content: Data? {
        if case .leaf(let data) = body { return data }
        return nil
    }
}
