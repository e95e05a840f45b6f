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
