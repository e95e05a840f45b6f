import Foundation
import SamradCore
import SamradMail
import SamradStore
import Synchronization

/// Renders any message the ledger holds — mailout, reminder, invitation — from the round as it
/// is now, with the Message-ID and Date recorded when it was queued.
///
/// One renderer serves every worker of a run; each round's template and attachments are read once.
public final class MessageRenderer: Sendable {
    let workspace: Workspace
    private let composers = Mutex<[String: MessageComposer]>([:])
    private let templates = Mutex<[String: MessageTemplates]>([:])
    private let registry: Registry

    /// Creates a renderer over the registry as it is now (or as the caller just read it).
    public init(_ workspace: Workspace, registry: Registry? = nil) throws {
        self.workspace = workspace
        self.registry = try registry ?? workspace.database.registry()
    }

    /// The composer of a round: its template and attachments, read on first use.
    public func composer(for id: String) throws -> MessageComposer {
        if let composer = composers.withLock({ $0[id] }) { return composer }
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try Self.composer(for: stored)
        composers.withLock { $0[id] = composer }
        return composer
    }

    /// Reads what rendering messages for these purposes needs — the round's template and
    /// attachments, the bundled templates, a notice's files — so that a missing file is found
    /// before anything is recorded.
    public func prepare(_ purposes: [PlannedSend.Purpose], round id: String) throws {
        _ = try composer(for: id)
        for purpose in purposes {
            switch purpose {
            case .mailout: break
            case .reminder: _ = try template("reminder")
            case .invitation, .cancellation:
                _ = try template("invitation")
                _ = try template("invitation.html")
            case .notice(let name, let paths):
                _ = try template(name)
                for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                    throw SamradError(
                        .noInput, "the attachment \(path) of the notice cannot be read; put it back and run the command again")
                }
            }
        }
    }

    /// Renders one message.
    public func render(_ message: StoredMessage) throws -> OutgoingMail {
        let composer = try composer(for: message.consultationID)
        guard let body = registry[message.bodyID] else {
            throw SamradError(.software, "the ledger names a body \(message.bodyID) the registry no longer has")
        }
        let purpose = try message.purpose.map { try JSONDecoder().decode(PlannedSend.Purpose.self, from: Data($0.utf8)) } ?? .mailout
        if purpose == .mailout {
            return try composer.mailout(
                to: body, messageID: message.messageID, date: message.date, replyToken: message.replyToken,
                portalLink: try portalLink(composer, message))
        }
        let recipients = try workspace.database.recipients(ofMessage: message.messageID).map {
            body.recipient($0.address, role: $0.role)
        }
        switch purpose {
        case .mailout:
            return try composer.mailout(to: body, messageID: message.messageID, date: message.date, replyToken: message.replyToken)
        case .reminder(let reminder):
            let answered = try workspace.database.answeredAreas(
                consultation: message.consultationID, body: body.id, areas: composer.consultation.goalAreas.map(\.id))
            let open = composer.consultation.goalAreas.filter { !answered.contains($0.id) }
            return try composer.reminder(
                purpose, to: body, recipients: recipients, openAreas: open, messageID: message.messageID, date: message.date,
                inReplyTo: try workspace.database.mailoutMessageID(consultation: message.consultationID, body: body.id),
                template: try template("reminder"), portalLink: try portalLink(composer, message))
        case .notice(let name, _) where Self.portalTemplates.contains(name):
            return try portalMessage(name, message: message, composer: composer, body: body, recipients: recipients)
        case .notice(let name, let paths):
            let files = try paths.map { path in
                let data: Data
                do {
                    data = try InputFile.read(path)
                } catch {
                    throw SamradError(.noInput, "the attachment of the notice \(error); put the file back and run the command again")
                }
                let url = URL(fileURLWithPath: path)
                return Attachment(filename: url.lastPathComponent, contentType: Self.contentType(of: url.pathExtension), data: data)
            }
            return try composer.notice(
                purpose, to: body, recipients: recipients, attachments: files, messageID: message.messageID, date: message.date,
                template: try template(name))
        case .invitation(let dialogue, let sequence), .cancellation(let dialogue, let sequence):
            guard
                let version = try workspace.database.invitation(
                    consultation: message.consultationID, dialogue: dialogue, sequence: sequence)
            else {
                throw SamradError(.software, "the invitation \(dialogue) version \(sequence) is missing from the database")
            }
            return try composer.invitation(
                version, to: body, recipients: recipients, messageID: message.messageID, date: message.date,
                text: try template("invitation"), html: try template("invitation.html"))
        }
    }

    func template(_ name: String) throws -> MessageTemplates {
        if let template = templates.withLock({ $0[name] }) { return template }
        let template = try MessageTemplates.bundled(name)
        templates.withLock { $0[name] = template }
        return template
    }

    /// The composer for a round: its template (its own or the bundled one) and its attachments, read once.
    static func composer(for stored: StoredConsultation) throws -> MessageComposer {
        let folder = URL(fileURLWithPath: stored.sourcePath).deletingLastPathComponent()
        let consultation = stored.consultation
        let template: MessageTemplates
        do {
            if let own = consultation.mailout.template {
                template = try MessageTemplates.file(folder.appendingPathComponent(own).path)
            } else {
                template = try MessageTemplates.bundled("mailout")
            }
        } catch {
            throw SamradError(.dataError, error.description)
        }
        let attachments = try consultation.mailout.attachments.map { relative in
            let url = folder.appendingPathComponent(relative)
            let data: Data
            do {
                data = try InputFile.read(url.path)
            } catch {
                throw SamradError(
                    .noInput,
                    "the attachment of round '\(consultation.id)' \(error); put it back or correct the round's file and add it again"
                )
            }
            return Attachment(filename: url.lastPathComponent, contentType: contentType(of: url.pathExtension), data: data)
        }
        return MessageComposer(consultation: consultation, template: template, attachments: attachments)
    }

    static func contentType(of pathExtension: String) -> String {
        switch pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "doc": "application/msword"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "odt": "application/vnd.oasis.opendocument.text"
        case "txt": "text/plain"
        case "html", "htm": "text/html"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        default: "application/octet-stream"
        }
    }
}
