import Foundation
import SamradCore
import SamradMail
import SamradStore

extension MessageRenderer {
    /// The templates of the portal's own messages: the receipt of an answer, and a body's new link.
    static let portalTemplates: Set<String> = ["kvitto", "portal-lank"]

    /// A fresh link to the answer portal for the body a message goes to, when its round uses the portal.
    func portalLink(_ composer: MessageComposer, _ message: StoredMessage) throws -> String? {
        guard composer.consultation.portal else { return nil }
        return try PortalTokens(workspace).newLink(
            for: RoundBody(consultation: message.consultationID, body: message.bodyID), messageID: message.messageID)
    }

    /// The receipt of an answer given in the portal (its key names the submission), or the message with a body's new link.
    func portalMessage(
        _ name: String, message: StoredMessage, composer: MessageComposer, body: Body, recipients: [Recipient]
    ) throws -> OutgoingMail {
        let round = composer.consultation
        if name == "portal-lank" {
            let content = MessageContent(consultation: round, body: body, attachmentNames: [], replyAddress: composer.replyAddress)
                .withPortalLink(try portalLink(composer, message))
            return try composer.portalMessage(
                content, subject: message.subject, key: message.key, to: body, recipients: recipients, messageID: message.messageID,
                date: message.date, template: try template(.portalLink, round: message.consultationID))
        }
        let key = String(message.key.dropFirst(PortalAnswers.receiptKeyPrefix.count))
        guard message.key.hasPrefix(PortalAnswers.receiptKeyPrefix), let submission = try workspace.database.portalSubmission(key: key)
        else {
            throw SamradError(.software, "the receipt \(message.key) names no answer given in the portal")
        }
        let content = MessageContent(
            receipt: submission.form, registration: submission.registration, date: submission.date, late: submission.late,
            consultation: round, body: body, replyAddress: composer.replyAddress)
        return try composer.portalMessage(
            content, subject: message.subject, key: message.key, to: body, recipients: recipients, messageID: message.messageID,
            date: message.date, template: try template(.receipt, round: message.consultationID))
    }
}
