import Foundation
import SamradCore

/// Turns a message read out of GMime into a ``ParsedMail``: addresses, identifiers, text, files, bounce, forwards.
enum MailInterpreter {
    /// Reads `message` and the messages it carries, down to ``MailReader/maximumForwardDepth``.
    static func parsedMail(from message: MimeMessageValue, depth: Int) throws(MailReadError) -> ParsedMail {
        var warnings: [MailReadWarning] = []
        let part = message.path.isEmpty ? nil : message.path
        let fields = message.headers
        var mail = ParsedMail()
        mail.headers = fields.map { (name: $0.name, value: HeaderCodec.decodeText($0.value)) }
        mail.messageID = fields.first("Message-ID").flatMap(HeaderCodec.messageID)
        mail.inReplyTo = fields.all("In-Reply-To").flatMap(HeaderCodec.references)
        mail.references = fields.all("References").flatMap(HeaderCodec.references)
        mail.subject = fields.first("Subject").map(HeaderCodec.decodeText) ?? ""
        mail.date = fields.first("Date").flatMap(HeaderCodec.date)
        if let date = fields.first("Date"), mail.date == nil {
            warnings.append(MailReadWarning(part: part, message: "the Date \(InputEcho.quote(date)) cannot be read; left out"))
        }
        mail.from = mailboxes(in: fields, named: "From", part: part, warnings: &warnings).first
        mail.replyTo = mailboxes(in: fields, named: "Reply-To", part: part, warnings: &warnings)
        mail.to = mailboxes(in: fields, named: "To", part: part, warnings: &warnings)
        mail.cc = mailboxes(in: fields, named: "Cc", part: part, warnings: &warnings)
        mail.deliveredTo = unique(
            ["Delivered-To", "X-Original-To", "Envelope-To"]
                .flatMap { mailboxes(in: fields, named: $0, part: part, warnings: &warnings) }
                .map(\.address)
        )
        mail.returnPath = fields.first("Return-Path")
            .flatMap { HeaderCodec.addresses($0).first }
            .flatMap { try? EmailAddress($0.address) }

        let selection = BodySelection(body: message.body)
        mail.text = TextRendering.text(of: selection.textParts, warnings: &warnings, isForward: ForwardSubject.isForward(mail.subject))
        for part in selection.textParts where part.truncated {
            mail.truncatedText = true
            warnings.append(
                MailReadWarning(
                    part: part.partNumber,
                    message: "the text is longer than \(MailReader.maximumTextBytes / 1024 / 1024) MB; only its first "
                        + "\(MailReader.maximumTextBytes / 1024 / 1024) MB were read (the whole message is kept): read the rest in the message"
                )
            )
        }
        mail.attachments = selection.attachments.prefix(MailReader.maximumAttachments).map { entity in
            MailAttachment(filename: entity.filename ?? "", contentType: entity.mediaType, data: entity.content ?? Data())
        }
        mail.omittedAttachments = max(0, selection.attachments.count - MailReader.maximumAttachments)
        if mail.omittedAttachments > 0 {
            warnings.append(
                MailReadWarning(
                    part: part,
                    message: "the message has \(selection.attachments.count) attachments; the first \(MailReader.maximumAttachments) "
                        + "are kept as files, the other \(mail.omittedAttachments) only in the message, which is kept whole"
                )
            )
        }
        if let status = selection.deliveryStatus {
            mail.report = DeliveryReportReader.report(status: status, returned: selection.returnedOriginal)
        }
        for inner in selection.messages {
            guard depth < MailReader.maximumForwardDepth else {
                throw MailReadError(
                    .nestedTooDeeply, part: inner.path.isEmpty ? nil : inner.path,
                    reason: "messages are forwarded inside each other more than \(MailReader.maximumForwardDepth) levels deep",
                    fix: "forward the innermost reply on its own, or save it from the mail client as .eml"
                )
            }
            mail.forwarded.append(try parsedMail(from: inner, depth: depth + 1))
        }
        mail.warnings = warnings
        return mail
    }

    /// The valid mailboxes of every field `name`; an invalid address is left out with a warning.
    private static func mailboxes(
        in fields: [HeaderField], named name: String, part: String?, warnings: inout [MailReadWarning]
    ) -> [Mailbox] {
        var result: [Mailbox] = []
        for value in fields.all(name) {
            for address in HeaderCodec.addresses(value) {
                do {
                    result.append(Mailbox(name: address.name, address: try EmailAddress(address.address)))
                } catch {
                    warnings.append(
                        MailReadWarning(
                            part: part,
                            message: "the \(name) address \(InputEcho.quote(address.address)) is left out: \(error.reason)"
                        )
                    )
                }
            }
        }
        return result
    }

    private static func unique(_ addresses: [EmailAddress]) -> [EmailAddress] {
        var seen: Set<EmailAddress> = []
        return addresses.filter { seen.insert($0).inserted }
    }
}
