import Foundation
import SamradCore

/// The checks GMime does not make before a message is read: is there anything, and does it start with a header?
///
/// GMime reads any bytes as a message, so a text file would come out as a message with no
/// header and its first line lost. These checks look at the raw bytes first.
enum HeaderSection {
    /// Header fields of which a real message has at least one.
    static let mailFields: Set<String> = [
        "from", "sender", "reply-to", "to", "cc", "bcc", "date", "subject", "message-id", "in-reply-to", "references",
        "received", "return-path", "delivered-to", "mime-version", "content-type", "content-transfer-encoding",
    ]

    /// The bytes of the message proper: without an mbox "From " line in front, when there is one.
    ///
    /// Throws when the input is empty, holds only blank lines, or does not start with a header field.
    static func messageBytes(of data: Data) throws(MailReadError) -> Data {
        guard !data.isEmpty else {
            throw MailReadError(
                .emptyInput, reason: "the input is empty (0 bytes)",
                fix: "save the message again from the mail client (as .eml, or the whole mailbox as mbox)"
            )
        }
        guard data.contains(where: { !isWhiteSpace($0) }) else {
            throw MailReadError(
                .emptyInput, reason: "the input holds only white space and blank lines (\(data.count) bytes)",
                fix: "save the message again from the mail client (as .eml, or the whole mailbox as mbox)"
            )
        }
        var start = data.startIndex
        if data.starts(with: Array("From ".utf8)) {
            // An mbox "From " line in front of a single message: not part of the message.
            start = data[start...].firstIndex(of: UInt8(ascii: "\n")).map { data.index(after: $0) } ?? data.endIndex
        }
        let lineEnd = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
        var line = data[start..<lineEnd]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        guard !line.isEmpty else {
            throw MailReadError(
                .noHeader, reason: "the input starts with a blank line, so it has no header section (From, To, Subject, …)",
                fix: "this is not a saved message; save the reply from the mail client as .eml (\"Save as\" or drag it to a folder)"
            )
        }
        guard isFieldLine(line) else {
            let text = String(decoding: line.prefix(80), as: UTF8.self)
            throw MailReadError(
                .noHeader,
                reason: "the first line \(InputEcho.quote(text)) is not a header field ('Name: value'), so the input has no header section",
                fix: "this is not a saved message; save the reply from the mail client as .eml (\"Save as\" or drag it to a folder)"
            )
        }
        return data[start...]
    }

    /// Throws unless at least one field is one every mail has some of (From, Date, Subject, Received, …).
    static func requireMailField(in headers: [HeaderField]) throws(MailReadError) {
        guard !headers.contains(where: { mailFields.contains($0.name.lowercased()) }) else { return }
        let names = headers.prefix(5).map(\.name).map { InputEcho.quote($0) }.joined(separator: ", ")
        throw MailReadError(
            .noHeader,
            reason: headers.isEmpty
                ? "no header field could be read"
                : "none of the header fields (\(names)) is a mail header such as From, Date, Subject or Received",
            fix: "this is not a saved message; save the reply from the mail client as .eml (\"Save as\" or drag it to a folder)"
        )
    }

    /// `field-name ":"` as RFC 5322 writes it: printable ASCII except the colon, then optional blanks and a colon.
    private static func isFieldLine(_ line: Data) -> Bool {
        var sawName = false
        var afterName = false
        for byte in line {
            if byte == UInt8(ascii: ":") { return sawName }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                guard sawName else { return false }
                afterName = true
                continue
            }
            guard (0x21...0x7E).contains(byte), !afterName else { return false }
            sawName = true
        }
        return false
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
}
