import Foundation
import SamradCore
import SamradMail
import SamradStore

/// Sends a round's mailout: one message per recipient body, recorded in the ledger before it goes.
public struct MailoutSender: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// One body's line in the plan.
    public struct PlannedMessage: Sendable, Equatable {
        /// The body.
        public var body: Organization
        /// The envelope recipients, To first.
        public var recipients: [EmailAddress]
        /// Whether the ledger already holds the message (then nothing new is queued).
        public var alreadyQueued: Bool
    }

    /// What `send` did.
    public struct Summary: Sendable {
        /// What the transport is, e.g. the outbox.
        public var transport: String
        /// Whether mail really left the machine.
        public var delivered: Bool
        /// Messages newly recorded.
        public var queued: Int
        /// Bodies the ledger already had a mailout for.
        public var alreadySent: Int
        /// What the deliveries did.
        public var report: DeliveryReport
        /// Deliveries still claimed by another run, or by one that stopped, and when the last lease ends.
        public var leased: (count: Int, until: Date?) = (0, nil)

        /// The exit status (sysexits), from the deliveries.
        public var exitStatus: Int32 { report.exitStatus }
    }

    /// What a send would do now, without changing anything.
    public func plan(_ id: String) throws -> [PlannedMessage] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try composer(for: stored)
        let existing = Set(try workspace.database.messages(consultation: id, kind: .mailout).map(\.organizationID))
        let registry = try workspace.database.registry()
        return stored.consultation.recipients(in: registry).map { body in
            PlannedMessage(
                body: body, recipients: composer.mailoutRecipients(body).map(\.address), alreadyQueued: existing.contains(body.id))
        }
    }

    /// Records the mailout for every recipient body not yet sent it, then delivers every due delivery.
    public func send(_ id: String, retry: Bool = false, options: DeliveryRunner.Options? = nil) throws -> Summary {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try composer(for: stored)
        let now = workspace.now()
        let planned = try plan(id)
        let new = planned.filter { !$0.alreadyQueued }
        let queued = try workspace.database.queue(
            new.map { item in
                QueuedMessage(
                    consultationID: id, organizationID: item.body.id, kind: .mailout, key: "mailout",
                    messageID: composer.newMessageID(body: item.body.id, key: "mailout"), subject: composer.mailoutSubject, date: now,
                    recipients: composer.mailoutRecipients(item.body).map { ($0.address, $0.cc ? .cc : .to) })
            }, now: now)
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = [.mailout]
        runOptions.includeDeferred = retry
        let report = try deliver(composer: composer, options: runOptions)
        return Summary(
            transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: queued,
            alreadySent: planned.count - new.count, report: report,
            leased: try workspace.database.leasedDeliveries(consultation: id, now: workspace.now()))
    }

    /// Queues a body's failed mailout deliveries again, to the addresses the registry has now, and delivers them.
    public func resend(_ id: String, body bodyID: String, options: DeliveryRunner.Options? = nil) throws -> (
        requeued: [EmailAddress], summary: Summary
    ) {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try composer(for: stored)
        let registry = try workspace.database.registry()
        guard let body = registry[bodyID] else {
            throw SamradError(.dataError, "there is no body '\(bodyID)' in the registry; 'samrad contacts list' shows the ids")
        }
        let requeued = try workspace.database.requeueFailed(
            consultation: id, organization: bodyID,
            currentRecipients: composer.mailoutRecipients(body).map { ($0.address, $0.cc ? .cc : .to) }, now: workspace.now())
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = [.mailout]
        let report = try deliver(composer: composer, options: runOptions)
        return (
            requeued,
            Summary(
                transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: 0, alreadySent: 0, report: report)
        )
    }

    func deliver(composer: MessageComposer, options: DeliveryRunner.Options) throws -> DeliveryReport {
        let registry = try workspace.database.registry()
        return try DeliveryRunner(workspace).run(
            options,
            render: { message in
                guard let body = registry[message.organizationID] else {
                    throw SamradError(.software, "the ledger names a body \(message.organizationID) the registry no longer has")
                }
                return try composer.mailout(to: body, messageID: message.messageID, date: message.date)
            },
            sender: { composer.envelopeSender(token: $0.token) })
    }

    /// The composer for a round: its template (its own or the bundled one) and its attachments, read once.
    func composer(for stored: StoredConsultation) throws -> MessageComposer {
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
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw SamradError(
                    .noInput,
                    "the attachment \(url.path) of round '\(consultation.id)' cannot be read; put it back or correct the round's file and add it again"
                )
            }
            return Attachment(filename: url.lastPathComponent, contentType: Self.contentType(of: url.pathExtension), data: data)
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
