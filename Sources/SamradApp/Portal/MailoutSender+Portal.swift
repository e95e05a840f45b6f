import Foundation
import SamradCore
import SamradMail
import SamradStore

extension MailoutSender {
    /// Queues the message with a body's new link to the answer portal when its links were revoked since the last
    /// one went; returns whether it did.
    func queuePortalLink(_ stored: StoredConsultation, composer: MessageComposer, body: Body) throws -> Bool {
        let round = stored.consultation
        let match = RoundBody(consultation: round.id, body: body.id)
        guard round.portal, let revocation = try workspace.database.pendingPortalRevocation(match) else { return false }
        let now = workspace.now()
        let purpose = PlannedSend.Purpose.notice(template: "portal-lank", attachments: [])
        let message = QueuedMessage(
            consultationID: round.id, bodyID: body.id, kind: .notice, key: "portal-link.\(revocation)",
            messageID: composer.newMessageID(body: body.id, key: "portal-link"), subject: composer.portalLinkSubject, date: now,
            recipients: body.recipients,
            purpose: String(decoding: try JSONEncoder().encode(purpose), as: UTF8.self))
        return try workspace.database.queuePortalLink(message, revocation: revocation, now: now) { new in
            new ? workspace.auditNote("resend", consultation: round.id, "\(body.id): its new portal link queued") : nil
        }
    }
}
