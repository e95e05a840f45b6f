import Foundation
import SamradCore

/// Writes a ``MailMessage`` as an RFC 5322 / MIME message.
///
/// The output is 7-bit ASCII with CRLF line endings, no line over 998 octets and header lines
/// folded within 78 columns (a single token longer than that, such as a long address, stays
/// whole). Rendering is deterministic: the same message gives the same bytes, so a message
/// recorded before sending can be sent again identically after a crash.
public enum MIMEWriter {
    /// The zone of every Date header: Samråd's municipalities keep Swedish time.
    static let timeZone: TimeZone? = SwedishTime.zone

    /// The longest message id accepted (without angle brackets), well inside one header line.
    static let maxMessageIDLength = 250
    /// The longest extra header name accepted, so that its first line keeps room for a value.
    static let maxHeaderNameLength = 50
    /// The longest attachment file name accepted in UTF-8 octets, as most file systems allow.
    static let maxFilenameLength = 255

    /// Headers the writer sets itself, in lower case; extra headers may not repeat them.
    static let reservedHeaders: Set<String> = [
        "date", "from", "sender", "to", "cc", "bcc", "reply-to", "subject", "message-id",
        "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
        "content-disposition",
    ]

    /// Renders `message`; throws, naming the header, when any input would make an unsafe or invalid message.
    public static func render(_ message: MailMessage) throws(MIMEError) -> Data {
        OutgoingMail.joined(try renderParts(message))
    }

    /// Renders `message` as consecutive pieces that together are ``render(_:)``'s bytes: the text written for this
    /// message, and each attachment's base64 as the very bytes the ``Attachment`` holds, so that a mailout of
    /// thousands of messages with one attachment keeps one copy of it. Every piece ends with CRLF.
    public static func renderParts(_ message: MailMessage) throws(MIMEError) -> [Data] {
        var writer = Writer(boundarySeed: boundarySeed(for: message.messageID))
        writer.reserve(for: message.body)
        try writer.writeHeaders(of: message)
        try writer.writePart(message.body)
        return writer.finished()
    }

    /// `Thu, 11 Apr 2019 08:00:00 +0200`: RFC 5322 §3.3 with English names, in `timeZone`'s offset.
    static func dateHeaderValue(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        let offset = timeZone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        return "\(weekday), \(parts.day ?? 1) \(month) \(pad(parts.year ?? 1970, 4)) "
            + "\(pad(parts.hour ?? 0)):\(pad(parts.minute ?? 0)):\(pad(parts.second ?? 0)) "
            + "\(sign)\(pad(abs(offset) / 60))\(pad(abs(offset) % 60))"
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// 16 hex digits of the FNV-1a 64-bit hash of the message id: stable across runs and
    /// machines, unlike `Hasher`, so boundaries (and hence the bytes) repeat exactly.
    static func boundarySeed(for messageID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Throws unless `id` is `id-left@id-right`, both dot-atom text (RFC 5322 §3.6.4).
    static func checkMessageID(_ id: String, field: String) throws(MIMEError) {
        try MIMEError.rejectControlCharacters(in: id, field: field, what: "the message id")
        let example = "'mal-2019.BUN.mailout.3f9a@kommun.example'"
        if id.hasPrefix("<") || id.hasSuffix(">") {
            throw MIMEError(
                field: field,
                reason: "the message id \(InputEcho.quote(id)) has angle brackets; give it without them, like \(example)"
            )
        }
        let sides = id.split(separator: "@", omittingEmptySubsequences: false)
        guard sides.count == 2, sides.allSatisfy(isDotAtomText) else {
            throw MIMEError(
                field: field,
                reason: "the message id \(InputEcho.quote(id)) is not two dot-atoms joined by one '@' "
                    + "(letters, digits, !#$%&'*+-/=?^_`{|}~ and single inner dots); write it like \(example)"
            )
        }
        guard id.utf8.count <= maxMessageIDLength else {
            throw MIMEError(
                field: field,
                reason: "the message id \(InputEcho.quote(id)) is \(id.utf8.count) characters long; "
                    + "keep it at most \(maxMessageIDLength)"
            )
        }
    }

    private static func isDotAtomText(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isAtext) }
    }

    /// Throws unless `name` is a usable extra header name.
    static func checkHeaderName(_ name: String) throws(MIMEError) {
        // Every message checks its extra headers: the name is quoted for a person only when it is refused.
        var shown: String { InputEcho.quote(name) }
        if let scalar = name.unicodeScalars.first(where: { !(0x21...0x7E).contains($0.value) || $0 == ":" }) {
            let what =
                scalar == " " ? "a space" : scalar == ":" ? "a colon" : "the character \(InputEcho.codePoint(scalar))"
            throw MIMEError(
                field: "extra header",
                reason: "the header name \(shown) contains \(what); a name is printable ASCII without ':' or "
                    + "space, like 'X-Samrad-Reference'"
            )
        }
        guard !name.isEmpty, name.utf8.count <= maxHeaderNameLength else {
            throw MIMEError(
                field: "extra header",
                reason: "the header name \(shown) must have 1 to \(maxHeaderNameLength) characters, like 'X-Samrad-Reference'"
            )
        }
        if reservedHeaders.contains(name.lowercased()) {
            let advice =
                name.lowercased() == "bcc"
                ? "blind copies belong in the SMTP envelope only, never in a header"
                : "the writer sets it from the message's own fields; set it there"
            throw MIMEError(field: name, reason: "\(name) cannot be an extra header: \(advice)")
        }
    }
}

/// The state of one render: the pieces so far, the bytes since the last one, and the number of multiparts written.
private struct Writer {
    private var pieces: [Data] = []
    private var bytes: [UInt8] = []
    private let boundarySeed: String
    private var multipartCount = 0

    init(boundarySeed: String) {
        self.boundarySeed = boundarySeed
    }

    /// Reserves room for a few kilobytes of headers and text; attachments are pieces of their own.
    mutating func reserve(for part: MIMEPart) {
        func size(_ part: MIMEPart) -> Int {
            switch part {
            case .text(let text, _), .calendar(let text, _): text.utf8.count * 3 / 2
            case .attachment: 512
            case .multipart(_, let parts): parts.reduce(256) { $0 + size($1) }
            }
        }
        bytes.reserveCapacity(size(part) + 4096)
    }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Ends the current piece and adds `shared` as the next one, without copying it.
    mutating func append(shared: Data) {
        guard !shared.isEmpty else { return }
        if !bytes.isEmpty { pieces.append(Data(bytes)) }
        bytes.removeAll(keepingCapacity: true)
        pieces.append(shared)
    }

    /// The pieces of the message, in order.
    mutating func finished() -> [Data] {
        if !bytes.isEmpty || pieces.isEmpty { pieces.append(Data(bytes)) }
        return pieces
    }

    mutating func write(_ field: HeaderField) {
        write(field.rendered)
    }

    /// A header whose value is a list of tokens, folded between them.
    mutating func writeHeader(_ name: String, _ tokens: [String]) throws(MIMEError) {
        var field = HeaderField(name)
        for token in tokens { try field.append(token) }
        write(field)
    }

    mutating func writeHeaders(of message: MailMessage) throws(MIMEError) {
        guard let timeZone = MIMEWriter.timeZone else {
            throw MIMEError(
                field: "Date",
                reason: "the time zone Europe/Stockholm is unknown on this machine; install the time zone data (tzdata)"
            )
        }
        try writeHeader("Date", [MIMEWriter.dateHeaderValue(message.date, in: timeZone)])
        try writeMailboxes("From", [message.from])
        guard !message.to.isEmpty else {
            throw MIMEError(field: "To", reason: "the message has no recipient; give at least one mailbox in `to`")
        }
        try writeMailboxes("To", message.to)
        if !message.cc.isEmpty { try writeMailboxes("Cc", message.cc) }
        if !message.replyTo.isEmpty { try writeMailboxes("Reply-To", message.replyTo) }

        try MIMEError.rejectControlCharacters(in: message.subject, field: "Subject", what: "the subject")
        var subject = HeaderField("Subject")
        try subject.appendUnstructured(message.subject)
        write(subject)

        try MIMEWriter.checkMessageID(message.messageID, field: "Message-ID")
        try writeHeader("Message-ID", ["<" + message.messageID + ">"])
        if let parent = message.inReplyTo.last {
            for id in message.inReplyTo { try MIMEWriter.checkMessageID(id, field: "In-Reply-To") }
            try writeHeader("In-Reply-To", ["<" + parent + ">"])
            try writeHeader("References", message.inReplyTo.map { "<" + $0 + ">" })
        }

        for header in message.extraHeaders {
            try MIMEWriter.checkHeaderName(header.name)
            try MIMEError.rejectControlCharacters(in: header.value, field: header.name, what: "the value")
            var field = HeaderField(header.name)
            try field.appendUnstructured(header.value)
            write(field)
        }
        try writeHeader("MIME-Version", ["1.0"])
    }

    private mutating func writeMailboxes(_ name: String, _ mailboxes: [Mailbox]) throws(MIMEError) {
        var field = HeaderField(name)
        try field.appendMailboxes(mailboxes)
        write(field)
    }

    /// Writes a part's headers, the blank line and its body; the body ends with CRLF unless empty.
    mutating func writePart(_ part: MIMEPart) throws(MIMEError) {
        switch part {
        case .text(let text, let subtype):
            try MIMEParameters.checkToken(subtype, field: "Content-Type", what: "the text subtype", example: "plain")
            try writeHeader("Content-Type", ["text/\(subtype);", "charset=UTF-8"])
            try writeHeader("Content-Transfer-Encoding", ["quoted-printable"])
            write("\r\n")
            write(QuotedPrintable.encode(text))

        case .calendar(let text, let method):
            try MIMEError.rejectControlCharacters(in: method, field: "Content-Type", what: "the calendar method")
            let isMethodName = method.unicodeScalars.allSatisfy {
                ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
            }
            guard !method.isEmpty, isMethodName else {
                throw MIMEError(
                    field: "Content-Type",
                    reason: "the calendar method \(InputEcho.quote(method)) is not an iCalendar method name "
                        + "(letters, digits, hyphens); write it like 'REQUEST'"
                )
            }
            try writeHeader("Content-Type", ["text/calendar;", "method=\(method);", "charset=UTF-8"])
            try writeHeader("Content-Transfer-Encoding", ["quoted-printable"])
            write("\r\n")
            write(QuotedPrintable.encode(text))

        case .attachment(let attachment):
            try writeAttachmentHeaders(attachment)
            write("\r\n")
            append(shared: attachment.base64Body)

        case .multipart(let subtype, let parts):
            try MIMEParameters.checkToken(subtype, field: "Content-Type", what: "the multipart subtype", example: "mixed")
            guard !parts.isEmpty else {
                throw MIMEError(
                    field: "Content-Type",
                    reason: "multipart/\(subtype) has no parts; give it at least one, or use the part itself"
                )
            }
            multipartCount += 1
            let boundary = boundary(number: multipartCount)
            try writeHeader("Content-Type", ["multipart/\(subtype);", "boundary=\"\(boundary)\""])
            write("\r\n")
            for child in parts {
                write("--\(boundary)\r\n")
                try writePart(child)
                // The CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1),
                // so the child keeps its own final line break.
                write("\r\n")
            }
            write("--\(boundary)--\r\n")
        }
    }

    /// The boundary of the `number`th multipart written, counting from 1 in document order.
    ///
    /// It cannot occur in any content: every body is quoted-printable or base64, and neither can
    /// write "=_" (in QP "=" is followed by two hex digits or a line break, and base64 has no "_"
    /// and "=" only as final padding), so no content line starts with "--=_". The number ends
    /// at "_", so no boundary is a prefix of another (a nested part's delimiter lines could
    /// otherwise match its parent's). The seed comes from the message id: bytes are repeatable.
    private func boundary(number: Int) -> String {
        "=_samrad_\(number)_\(boundarySeed)"
    }

    private mutating func writeAttachmentHeaders(_ attachment: Attachment) throws(MIMEError) {
        let filename = attachment.filename
        let type = attachment.contentType
        try MIMEError.rejectControlCharacters(in: filename, field: "Content-Disposition", what: "the attachment filename")
        guard !filename.isEmpty, filename.utf8.count <= MIMEWriter.maxFilenameLength else {
            throw MIMEError(
                field: "Content-Disposition",
                reason: "the attachment filename \(InputEcho.quote(filename)) must have 1 to "
                    + "\(MIMEWriter.maxFilenameLength) octets in UTF-8; shorten it"
            )
        }
        try MIMEError.rejectControlCharacters(in: type, field: "Content-Type", what: "the attachment content type")
        let halves = type.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, halves.allSatisfy(MIMEParameters.isToken) else {
            throw MIMEError(
                field: "Content-Type",
                reason: "the attachment content type \(InputEcho.quote(type)) is not 'type/subtype' without "
                    + "parameters; write it like 'application/pdf'"
            )
        }
        let topLevel = halves[0].lowercased()
        guard topLevel != "multipart" && topLevel != "message" else {
            throw MIMEError(
                field: "Content-Type",
                reason: "an attachment cannot be \(topLevel)/*, which MIME does not allow in base64; "
                    + "use application/octet-stream or a MIMEPart.multipart"
            )
        }
        let fallback = HeaderField.quotedString(MIMEParameters.asciiFallback(filename))
        try writeHeader("Content-Type", ["\(type);", "name=\(fallback)"])
        try writeHeader("Content-Transfer-Encoding", ["base64"])
        try writeHeader("Content-Disposition", ["attachment;"] + MIMEParameters.encodedFilename(filename))
    }
}
