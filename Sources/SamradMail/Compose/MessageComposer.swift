import Foundation
import SamradCore

/// Builds the messages of a round: one per recipient body, with stable headers.
public struct MessageComposer: Sendable {
    /// The round.
    public let consultation: Consultation
    let template: MessageTemplates
    let attachments: [Attachment]

    /// Creates a composer for a round with its template and loaded attachments.
    public init(consultation: Consultation, template: MessageTemplates, attachments: [Attachment]) {
        self.consultation = consultation
        self.template = template
        self.attachments = attachments
    }

    /// The subject of the mailout, carrying the round's reference, e.g.
    /// `Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]`.
    public var mailoutSubject: String {
        "Begäran om synpunkter: \(consultation.title) \(consultation.subjectTag)"
    }

    /// Where replies go: the round's reply-to, or its sender.
    public var replyAddress: EmailAddress {
        consultation.replyTo ?? consultation.from.email
    }

    /// The envelope sender (MAIL FROM) of one delivery: the round's bounce address with the
    /// delivery's token added VERP-style (`bounces+TOKEN@kommun.example`), or the sender.
    public func envelopeSender(token: String) -> EmailAddress {
        guard let bounce = consultation.bounceTo else { return consultation.from.email }
        let local = bounce.localPart
        // A quoted local part cannot take a suffix; tokens are hex, so the result is always valid.
        guard !local.hasPrefix("\""), let tokened = try? EmailAddress("\(local)+\(token)@\(bounce.domain)") else { return bounce }
        return tokened
    }

    /// A new Message-ID for a body's message with a key; random, so that no two rounds share one.
    public func newMessageID(body: String, key: String) -> String {
        let token = (0..<5).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let safe = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) ? $0 : "-" })
        }
        return "\(safe(consultation.id)).\(safe(body)).\(safe(key)).\(token)@\(consultation.from.email.asciiDomain)"
    }

    /// The file name stem for a body's message with a key, e.g. `mal-2019-BUN-mailout`.
    public func fileStem(body: String, key: String) -> String {
        let text = "\(consultation.id)-\(body)-\(key)"
        return String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
    }

    /// The mailout to one body: To its mailbox, Cc its secretaries.
    public func mailout(to body: Organization, messageID: String, date: Date) throws(MIMEError) -> OutgoingMail {
        let content = MessageContent(
            consultation: consultation, body: body, attachmentNames: attachments.map(\.filename), replyAddress: replyAddress)
        let text = template.render(content)
        let textPart = MIMEPart.text(text, subtype: "plain")
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: body.mailbox.map { [Mailbox(name: body.name, address: $0)] } ?? [],
            cc: body.contacts(.secretary).map { Mailbox(name: $0.name, address: $0.email) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress)],
            subject: mailoutSubject,
            date: date,
            messageID: messageID,
            extraHeaders: headers(body: body),
            body: attachments.isEmpty ? textPart : .multipart(subtype: "mixed", parts: [textPart] + attachments.map { .attachment($0) }))
        return OutgoingMail(messageID: messageID, fileStem: fileStem(body: body.id, key: "mailout"), data: try MIMEWriter.render(message))
    }

    /// The envelope recipients of a body's mailout: its mailbox on To, then each secretary on Cc.
    public func mailoutRecipients(_ body: Organization) -> [(address: EmailAddress, cc: Bool)] {
        var seen = Set<String>()
        var recipients: [(address: EmailAddress, cc: Bool)] = []
        if let mailbox = body.mailbox, seen.insert(mailbox.normalized).inserted { recipients.append((mailbox, false)) }
        for secretary in body.contacts(.secretary) where seen.insert(secretary.email.normalized).inserted {
            recipients.append((secretary.email, true))
        }
        return recipients
    }

    func headers(body: Organization) -> [MailHeader] {
        [
            MailHeader(name: "Auto-Submitted", value: "auto-generated"),
            MailHeader(name: "X-Auto-Response-Suppress", value: "OOF, AutoReply"),
            MailHeader(name: "X-Samrad-Round", value: consultation.id),
            MailHeader(name: "X-Samrad-Body", value: body.id),
        ]
    }
}
