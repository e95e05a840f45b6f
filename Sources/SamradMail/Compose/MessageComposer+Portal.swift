import Foundation
import SamradCore

extension MessageComposer {
    /// The subject of the receipt of an answer given in the portal.
    public func receiptSubject(registration: String) -> String {
        "Kvitto: ert svar på \(consultation.title) (\(registration)) \(consultation.subjectTag)"
    }

    /// The subject of the message that carries a body's new link to the portal.
    public var portalLinkSubject: String {
        "Ny länk till svarsportalen: \(consultation.title) \(consultation.subjectTag)"
    }

    /// A message to one body from a template and a prepared context: the receipt of an answer, or a new portal link.
    public func portalMessage(
        _ content: MessageContent, subject: String, key: String, to body: Body, recipients: [Recipient], messageID: String,
        date: Date, template: MessageTemplates
    ) throws(MIMEError) -> OutgoingMail {
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: recipients.filter { $0.role == .to }.map { mailbox($0, body: body) },
            cc: recipients.filter { $0.role == .cc }.map { mailbox($0, body: body) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress)],
            subject: subject, date: date, messageID: messageID, extraHeaders: headers(body: body),
            body: .text(template.render(content), subtype: "plain"))
        return OutgoingMail(messageID: messageID, fileStem: fileStem(body: body.id, key: key), parts: try MIMEWriter.renderParts(message))
    }
}
