import Foundation
import SamradCore
import SamradImport
import SamradStore

/// A message rendered as it would go, to read before it does: nothing is recorded, queued or sent.
public struct MessagePreview: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The round's mailout to one body, rendered now. A round on the answer portal shows where the body's link
    /// goes: the link itself is made only when the message is sent.
    public func mailout(_ id: String, body code: String) throws -> String {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let registry = try workspace.database.registry()
        guard let body = stored.consultation.recipients(in: registry).first(where: { $0.id == code }) else {
            throw SamradError(.dataError, "\(code) is not a recipient of round \(id); 'samrad consultation show \(id)' lists them")
        }
        let composer = try MessageRenderer(workspace, registry: registry).composer(for: id)
        let link =
            stored.consultation.portal
            ? "\(workspace.publicURL.map { "\($0)" } ?? "SAMRAD_PUBLIC_URL")/svar/(länken görs när meddelandet skickas)" : nil
        let mail = try composer.mailout(
            to: body, messageID: composer.newMessageID(body: code, key: "mailout"), date: workspace.now(), portalLink: link)
        return try Self.readable(mail.data)
    }

    /// What `remind` would send now in every open round, or only to one body: mailouts and reminders rendered
    /// whole, any other send (an invitation, a notice) named with its reason.
    public func due(calendar: WorkingDayCalendar, body code: String? = nil) throws -> [String] {
        let now = workspace.now()
        let registry = try workspace.database.registry()
        let renderer = try MessageRenderer(workspace, registry: registry)
        let planner = SchedulePlanner(calendar: calendar)
        var messages: [String] = []
        for stored in try workspace.database.consultations() where stored.closedAt == nil {
            let round = stored.consultation
            let facts = try workspace.database.scheduleFacts(for: stored)
            for send in planner.dueAndNext(round, registry: registry, facts: facts, now: now).due where code == nil || send.body == code {
                guard let body = registry[send.body] else { continue }
                let composer = try renderer.composer(for: round.id)
                let messageID = composer.newMessageID(body: send.body, key: send.purpose.key)
                let link =
                    round.portal
                    ? "\(workspace.publicURL.map { "\($0)" } ?? "SAMRAD_PUBLIC_URL")/svar/(länken görs när meddelandet skickas)" : nil
                let heading = "=== \(round.id) \(send.body) \(SwedishWords.purpose(send.purpose)) (\(send.reason))"
                switch send.purpose {
                case .mailout:
                    let mail = try composer.mailout(to: body, messageID: messageID, date: now, portalLink: link)
                    messages.append(heading + "\n" + (try Self.readable(mail.data)))
                case .reminder:
                    let answered = try workspace.database.answeredAreas(
                        consultation: round.id, body: body.id, areas: round.goalAreas.map(\.id))
                    let mail = try composer.reminder(
                        send.purpose, to: body, recipients: send.recipients.map { body.recipient($0.address, role: $0.role) },
                        openAreas: round.goalAreas.filter { !answered.contains($0.id) }, messageID: messageID, date: now,
                        inReplyTo: try workspace.database.mailoutMessageID(consultation: round.id, body: body.id),
                        template: try renderer.template(MessageRenderer.slot(of: send.purpose), round: round.id), portalLink: link)
                    messages.append(heading + "\n" + (try Self.readable(mail.data)))
                default:
                    messages.append(heading + "\n(rendered when remind records it; 'samrad schedule \(round.id)' lists it)")
                }
            }
        }
        return messages
    }

    /// A rendered message as a person reads it: its headers decoded, its text, and its attachments named.
    public static func readable(_ data: Data) throws -> String {
        let mail = try MailReader.parse(data)
        let shown = ["From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID", "In-Reply-To", "References"]
        var lines: [String] = []
        for name in shown {
            for value in mail.headerValues(name) { lines.append("\(name): \(value)") }
        }
        lines.append("")
        lines.append(mail.text.trimmingCharacters(in: .newlines))
        if !mail.attachments.isEmpty {
            lines.append("")
            lines += mail.attachments.map {
                "[bilaga: \($0.filename.isEmpty ? "namnlös" : $0.filename) (\($0.contentType), \($0.data.count) byte)]"
            }
        }
        return lines.joined(separator: "\n")
    }
}
