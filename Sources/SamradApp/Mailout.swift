import Foundation
import SamradCore
import SamradMail
import SamradStore

/// Sends a round's mailout: one message per recipient body, recorded in the ledger before it goes.
public struct Mailout: Sendable {
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
        /// Deliveries sent (or written) by this run.
        public var sent: Int
        /// Deliveries deferred by this run, with the server's words.
        public var deferred: [(address: EmailAddress, reply: String)]
        /// Deliveries failed by this run, with the server's words.
        public var failed: [(address: EmailAddress, reply: String)]
        /// Bodies the ledger already had a mailout for.
        public var alreadySent: Int

        /// The exit status: 0 when everything went, 75 when something waits for a retry, 65 when an address was refused.
        public var exitStatus: Int32 {
            if !deferred.isEmpty { return SamradError.Code.temporaryFailure.rawValue }
            if !failed.isEmpty { return SamradError.Code.dataError.rawValue }
            return 0
        }
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
    public func send(_ id: String, retry: Bool = false) throws -> Summary {
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
        var summary = Summary(
            transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: queued, sent: 0, deferred: [],
            failed: [], alreadySent: planned.count - new.count)
        try deliver(id, composer: composer, includeDeferred: retry, into: &summary)
        return summary
    }

    func deliver(_ id: String, composer: MessageComposer, includeDeferred: Bool, into summary: inout Summary) throws {
        let registry = try workspace.database.registry()
        var rendered: [String: OutgoingMail] = [:]
        while true {
            let now = workspace.now()
            let claimed = try workspace.database.claimDeliveries(
                consultation: id, kinds: [.mailout], includeDeferred: includeDeferred, now: now, limit: 50)
            if claimed.isEmpty { break }
            for delivery in claimed {
                let message = delivery.message
                let mail: OutgoingMail
                if let cached = rendered[message.messageID] {
                    mail = cached
                } else {
                    guard let body = registry[message.organizationID] else {
                        throw SamradError(.software, "the ledger names a body \(message.organizationID) the registry no longer has")
                    }
                    do {
                        mail = try composer.mailout(to: body, messageID: message.messageID, date: message.date)
                    } catch {
                        try workspace.database.record(
                            .failed(reply: "cannot be written as mail: \(error)"), delivery: delivery.id, now: now)
                        summary.failed.append((delivery.recipient, "cannot be written as mail: \(error)"))
                        continue
                    }
                    rendered[message.messageID] = mail
                }
                let outcome = workspace.transport.deliver(
                    mail, envelope: Envelope(sender: composer.envelopeSender, recipient: delivery.recipient))
                let retryAt = Self.retryTime(after: delivery.attempts, from: workspace.now())
                try workspace.database.record(outcome, delivery: delivery.id, now: workspace.now(), retryAt: retryAt)
                switch outcome {
                case .sent: summary.sent += 1
                case .deferred(let reply), .unreachable(let reply): summary.deferred.append((delivery.recipient, reply))
                case .failed(let reply): summary.failed.append((delivery.recipient, reply))
                }
            }
        }
    }

    /// When a deferred delivery is tried again: exponential backoff from five minutes, at most six hours.
    static func retryTime(after attempts: Int, from now: Date) -> Date {
        let base = 300.0 * pow(2.0, Double(max(0, attempts - 1)))
        return now.addingTimeInterval(min(base, 6 * 3600) * Double.random(in: 0.9...1.1))
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
