import Foundation
import SamradCore

/// Reads one mail message (an .eml file, one mbox entry, one Maildir file) into a ``ParsedMail``.
///
/// ```swift
/// for item in try MailSource.items(at: url, format: nil) {
///     let mail = try MailReader.parse(item)   // errors name item.provenance
/// }
/// ```
///
/// GMime does the MIME parsing; on top of it the reader refuses what GMime would quietly accept
/// but a person must look at: an empty input, one without a header, a header in an undeclared
/// 8-bit charset, a multipart cut off before its closing boundary, a boundary that never occurs,
/// a missing boundary, a message/partial fragment and nesting beyond reason. What it reads
/// anyway but finds odd goes into ``ParsedMail/warnings``.
public enum MailReader {
    /// How many messages deep forwarded messages are read; a deeper one is refused.
    public static let maximumForwardDepth = 8
    /// How much of a text part is read (10 MiB); the rest stays in the message, which is kept whole,
    /// and the reply is flagged (``ParsedMail/truncatedText``).
    public static let maximumTextBytes = 10 * 1024 * 1024
    /// How many attachments of a message are kept as files; the rest stay in the message, which
    /// is kept whole, and are counted (``ParsedMail/omittedAttachments``).
    public static let maximumAttachments = 500

    /// Reads a message from its bytes.
    public static func parse(_ data: Data) throws(MailReadError) -> ParsedMail {
        let bytes = try HeaderSection.messageBytes(of: data)
        // GMime reads the bytes where they are; nothing made from them leaves the closure but Swift values.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(MailReadError) in try parse(borrowing: buffer) }
        }
        return try result.get()
    }

    /// Reads a message from bytes that stay valid during the call.
    private static func parse(borrowing bytes: UnsafeRawBufferPointer) throws(MailReadError) -> ParsedMail {
        guard let parser = MimeParser(borrowing: bytes, format: .message) else {
            throw MailReadError(
                .unreadableSource, reason: "GMime could not set up a parser for \(bytes.count) bytes",
                fix: "try again; if it happens again, the machine is short of memory"
            )
        }
        guard let message = parser.nextMessage() else {
            throw MailReadError(
                .noHeader, reason: "GMime found no message header in the input",
                fix: "this is not a saved message; save the reply from the mail client as .eml"
            )
        }
        return try read(message, warnings: parser.warnings.reports, offsetBase: 0)
    }

    /// Reads a message GMime has parsed, with what its parser reported on the way; `offsetBase` is the
    /// offset of the message's first byte in the parser's stream, so that warnings count from the message.
    static func read(_ message: MimeMessage, warnings reports: [ParserWarnings.Report], offsetBase: Int64) throws(MailReadError)
        -> ParsedMail
    {
        if reports.contains(where: { $0.code == ParserWarnings.nestingOverflow }) {
            throw MailReadError(
                .nestedTooDeeply, reason: "parts are nested deeper than GMime follows",
                fix: "no mail client writes such a message; ask the sender to send the reply again as an ordinary message"
            )
        }
        let tree = try MimeTreeReader().read(message, path: "", depth: 0)
        try HeaderSection.requireMailField(in: tree.headers)
        var warnings = try StructureCheck.check(tree)
        for dropped in reports where dropped.code == ParserWarnings.invalidHeaderName {
            let line = dropped.item.map { InputEcho.quote($0) } ?? "a line"
            warnings.append(
                MailReadWarning(
                    part: nil,
                    message:
                        "\(line) at byte \(dropped.offset - offsetBase) stands in a header section but is not a header field; it was left out"
                )
            )
        }
        var mail = try MailInterpreter.parsedMail(from: tree, depth: 0)
        mail.warnings = warnings + mail.warnings
        return mail
    }

    /// Reads a message from an mbox, a Maildir or a file, naming its provenance in any error.
    public static func parse(_ item: MailItem) throws(MailReadError) -> ParsedMail {
        do {
            return try parse(item.data)
        } catch {
            throw error.from(source: item.provenance)
        }
    }
}
