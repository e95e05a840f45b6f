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
    private let composers = Mutex<[String: (composer: MessageComposer, stored: StoredConsultation)]>([:])
    private let templates = Mutex<[String: MessageTemplates]>([:])
    /// A notice's attached files, read and encoded once for every body that gets the notice.
    private let noticeFiles = Mutex<[String: Attachment]>([:])
    /// What changed between two revisions of a round, worked out once for every body told.
    private let roundChanges = Mutex<[String: [RoundChange]]>([:])
    private let registry: Registry

    /// Creates a renderer over the registry as it is now (or as the caller just read it).
    public init(_ workspace: Workspace, registry: Registry? = nil) throws {
        self.workspace = workspace
        self.registry = try registry ?? workspace.database.registry()
    }

    /// The composer of a round: its template and attachments, read on first use.
    public func composer(for id: String) throws -> MessageComposer {
        try round(id).composer
    }

    private func round(_ id: String) throws -> (composer: MessageComposer, stored: StoredConsultation) {
        if let round = composers.withLock({ $0[id] }) { return round }
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let round = (try Self.composer(for: stored), stored)
        composers.withLock { $0[id] = round }
        return round
    }

    /// Reads what rendering messages for these purposes needs — the round's template and
    /// attachments, the bundled templates, a notice's files — so that a missing file is found
    /// before anything is recorded.
    public func prepare(_ purposes: [PlannedSend.Purpose], round id: String) throws {
        _ = try composer(for: id)
        for purpose in purposes {
            if let slot = Self.slot(of: purpose) { _ = try template(slot, round: id) }
            if case .invitation = purpose { _ = try bundled("invitation.html") }
            if case .cancellation = purpose { _ = try bundled("invitation.html") }
            if case .notice(_, let paths) = purpose {
                for path in paths where !FileManager.default.isReadableFile(atPath: path) {
                    throw SamradError(
                        .noInput, "the attachment \(path) of the notice cannot be read; put it back and run the command again")
                }
            }
        }
    }

    /// The message a purpose is written as, for its template; nil for the mailout, whose template the composer holds.
    static func slot(of purpose: PlannedSend.Purpose) -> TemplateSlot? {
        switch purpose {
        case .mailout: nil
        case .reminder(let reminder): .reminder(reminder.kind)
        case .invitation(_, let sequence): sequence == 0 ? .invitation : .update
        case .cancellation: .cancellation
        case .notice("kvitto", _): .receipt
        case .notice("portal-lank", _): .portalLink
        case .notice(let template, _): .notice(template)
        case .changes: .changes
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
        case .reminder:
            let answered = try workspace.database.answeredAreas(
                consultation: message.consultationID, body: body.id, areas: composer.consultation.goalAreas.map(\.id))
            let open = composer.consultation.goalAreas.filter { !answered.contains($0.id) }
            return try composer.reminder(
                purpose, to: body, recipients: recipients, openAreas: open, messageID: message.messageID, date: message.date,
                inReplyTo: try workspace.database.mailoutMessageID(consultation: message.consultationID, body: body.id),
                template: try template(Self.slot(of: purpose), round: message.consultationID), portalLink: try portalLink(composer, message)
            )
        case .changes(let from, let to):
            return try changesNotice(from: from, to: to, message: message, composer: composer, body: body, recipients: recipients)
        case .notice(let name, _) where Self.portalTemplates.contains(name):
            return try portalMessage(name, message: message, composer: composer, body: body, recipients: recipients)
        case .notice(let name, let paths):
            let files = try paths.map(noticeFile)
            return try composer.notice(
                purpose, to: body, recipients: recipients, attachments: files, messageID: message.messageID, date: message.date,
                template: try template(.notice(name), round: message.consultationID))
        case .invitation(let dialogue, let sequence), .cancellation(let dialogue, let sequence):
            guard
                let version = try workspace.database.invitation(
                    consultation: message.consultationID, dialogue: dialogue, sequence: sequence)
            else {
                throw SamradError(.software, "the invitation \(dialogue) version \(sequence) is missing from the database")
            }
            let slot = Self.slot(of: purpose)
            let own = slot.flatMap { composer.consultation.templates.template(for: $0) } != nil
            return try composer.invitation(
                version, to: body, recipients: recipients, messageID: message.messageID, date: message.date,
                text: try template(slot, round: message.consultationID), html: own ? nil : try bundled("invitation.html"))
        }
    }

    /// A notice's attached file, read and base64-encoded on first use; every body's notice shares it.
    private func noticeFile(_ path: String) throws -> Attachment {
        if let file = noticeFiles.withLock({ $0[path] }) { return file }
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            throw SamradError(.noInput, "the attachment of the notice \(error); put the file back and run the command again")
        }
        let url = URL(fileURLWithPath: path)
        let file = Attachment(filename: url.lastPathComponent, contentType: Self.contentType(of: url.pathExtension), data: data)
        noticeFiles.withLock { $0[path] = file }
        return file
    }

    /// What changed in a round between two revisions, read from the database on first use.
    private func changes(of id: String, from: Int, to: Int, key: String) throws -> [RoundChange] {
        let cacheKey = "\(id)|\(from)|\(to)"
        if let changes = roundChanges.withLock({ $0[cacheKey] }) { return changes }
        guard let old = try workspace.database.consultation(id, revision: from),
            let new = try workspace.database.consultation(id, revision: to)
        else {
            throw SamradError(.software, "the notice \(key) names revisions \(from) and \(to), which the database lacks")
        }
        let changes = RoundChange.between(old.consultation, new.consultation)
        roundChanges.withLock { $0[cacheKey] = changes }
        return changes
    }

    /// The notice of what changed between two revisions of the round, to one body.
    private func changesNotice(
        from: Int, to: Int, message: StoredMessage, composer: MessageComposer, body: Body, recipients: [Recipient]
    ) throws -> OutgoingMail {
        let changes = try changes(of: message.consultationID, from: from, to: to, key: message.key).filter { $0.concerns(body.id) }
        let content = MessageContent(
            changes: changes, revision: to, consultation: composer.consultation, body: body, replyAddress: composer.replyAddress
        ).withPortalLink(try portalLink(composer, message))
        return try composer.notice(
            content, purpose: .changes(from: from, to: to), to: body, recipients: recipients, attachments: [], messageID: message.messageID,
            date: message.date, template: try template(.changes, round: message.consultationID))
    }

    /// The template a message of a round is written from, read once: the round's own or the bundled one.
    func template(_ slot: TemplateSlot?, round id: String) throws -> MessageTemplates {
        let stored = try round(id).stored
        guard let slot else { return try Self.template(for: .mailout, of: stored) }
        let key = "\(id)|\(slot.fileKey)"
        if let template = templates.withLock({ $0[key] }) { return template }
        let template = try Self.template(for: slot, of: stored)
        templates.withLock { $0[key] = template }
        return template
    }

    /// A bundled template, read once.
    func bundled(_ name: String) throws -> MessageTemplates {
        if let template = templates.withLock({ $0[name] }) { return template }
        let template: MessageTemplates
        do {
            template = try MessageTemplates.bundled(name)
        } catch {
            throw SamradError(.software, error.description)
        }
        templates.withLock { $0[name] = template }
        return template
    }

    /// The template of a message of a round: the round's own as it was recorded with the round (a round recorded
    /// before templates were kept whole reads its file), a notice's file named by its absolute path, or the bundled
    /// one.
    static func template(for slot: TemplateSlot, of stored: StoredConsultation) throws -> MessageTemplates {
        let folder = URL(fileURLWithPath: stored.sourcePath).deletingLastPathComponent()
        do {
            if case .notice(let name) = slot, name.hasPrefix("/") {
                return try MessageTemplates.file(name)
            }
            guard let (_, own) = stored.consultation.templates.template(for: slot) else {
                return try MessageTemplates.bundled(slot.bundledName)
            }
            let path = folder.appendingPathComponent(own.path).path
            if let text = own.text { return try MessageTemplates.text(text, shownAs: path) }
            return try MessageTemplates.file(path)
        } catch {
            throw SamradError(.dataError, error.description)
        }
    }

    /// The composer for a round: its template (its own or the bundled one) and its attachments, read once.
    static func composer(for stored: StoredConsultation) throws -> MessageComposer {
        let folder = URL(fileURLWithPath: stored.sourcePath).deletingLastPathComponent()
        let consultation = stored.consultation
        let template = try template(for: .mailout, of: stored)
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
