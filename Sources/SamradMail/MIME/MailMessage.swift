import Foundation
import SamradCore

/// One email as Samråd writes it; ``MIMEWriter/render(_:)`` turns it into RFC 5322 bytes.
public struct MailMessage: Sendable {
    /// The author (From).
    public var from: Mailbox
    /// The primary recipients (To); at least one.
    public var to: [Mailbox]
    /// Copy recipients (Cc); the header is left out when empty.
    public var cc: [Mailbox]
    /// Where replies should go (Reply-To); the header is left out when empty.
    public var replyTo: [Mailbox]
    /// The subject; any Unicode, without control characters.
    public var subject: String
    /// The Date header's instant, written in Europe/Stockholm time.
    public var date: Date
    /// The Message-ID without angle brackets: `mal-2019.BUN.mailout.3f9a@kommun.example`.
    public var messageID: String
    /// Message ids this message follows up, oldest first, without angle brackets.
    ///
    /// The last one is the direct parent and becomes In-Reply-To; all of them, in order, become
    /// References. Both headers are left out when the list is empty.
    public var inReplyTo: [String] = []
    /// Further headers written after the standard ones, e.g. `Auto-Submitted: auto-generated`.
    ///
    /// Values are unstructured text: non-ASCII words become RFC 2047 encoded words. Names that
    /// the writer sets itself (Subject, Content-Type, …) and Bcc are refused.
    public var extraHeaders: [MailHeader] = []
    /// The content: one part, or a tree of multiparts.
    public var body: MIMEPart

    /// Makes a message; cc, reply-to, in-reply-to and extra headers default to none.
    public init(
        from: Mailbox,
        to: [Mailbox],
        cc: [Mailbox] = [],
        replyTo: [Mailbox] = [],
        subject: String,
        date: Date,
        messageID: String,
        inReplyTo: [String] = [],
        extraHeaders: [MailHeader] = [],
        body: MIMEPart
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.extraHeaders = extraHeaders
        self.body = body
    }
}

/// A header the caller adds, such as `X-Auto-Response-Suppress: OOF, AutoReply`.
public struct MailHeader: Sendable, Hashable {
    /// The field name: printable ASCII without ":" or space, at most 50 characters.
    public var name: String
    /// The value as text; the writer encodes and folds it.
    public var value: String

    /// Makes a header from its name and value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A MIME body part, or a tree of them.
public indirect enum MIMEPart: Sendable {
    /// Text of the given subtype ("plain", "html"): UTF-8, quoted-printable, line breaks normalised to CRLF.
    case text(String, subtype: String)
    /// An iCalendar object: `text/calendar; method=…; charset=UTF-8`, quoted-printable.
    case calendar(String, method: String)
    /// A file: base64, `Content-Disposition: attachment`.
    case attachment(Attachment)
    /// Parts under one multipart subtype ("mixed", "alternative", "related").
    case multipart(subtype: String, parts: [MIMEPart])
}

/// A file to attach; its base64 text is computed once, so one attachment can go out in many messages.
public struct Attachment: Sendable {
    /// The file name shown to the recipient, exactly as given (it is encoded, never altered).
    public let filename: String
    /// The media type, `type/subtype` without parameters, e.g. `application/pdf`.
    public let contentType: String
    /// The data in base64: lines of 76 characters, each ending in CRLF; empty for empty data. Every message that
    /// carries the attachment shares these bytes (see ``MIMEWriter/renderParts(_:)``).
    let base64Body: Data

    /// Makes an attachment and base64-encodes `data` once for every later render.
    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.base64Body = Self.base64Lines(data)
    }

    /// RFC 2045 §6.8 base64 in lines of 76 characters, each ending in CRLF.
    private static func base64Lines(_ data: Data) -> Data {
        let encoded = Array(data.base64EncodedString().utf8)
        let lineLength = 76
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + (encoded.count / lineLength + 1) * 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLength, encoded.count)
            output.append(contentsOf: encoded[start..<end])
            output.append(contentsOf: [0x0D, 0x0A])
            start = end
        }
        return Data(output)
    }
}
