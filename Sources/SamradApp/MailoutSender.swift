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
        public var report: SendReport
        /// Deliveries still claimed by another run, or by one that stopped, and when the last lease ends.
        public var leased: (count: Int, until: Date?) = (0, nil)

        /// The exit status (sysexits), from the deliveries.
        public var exitStatus: Int32 { report.exitStatus }
    }

    /// What a send would do now, without changing anything.
    public func plan(_ id: String) throws -> [PlannedMessage] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try MessageRenderer.composer(for: stored)
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
        let composer = try MessageRenderer.composer(for: stored)
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
        if queued > 0 || report.total > 0 {
            try workspace.audit(
                "send", consultation: id,
                "\(queued) mailout messages recorded; \(report.sent) deliveries \(workspace.transport.delivers ? "sent" : "written to the outbox"), "
                    + "\(report.deferred.count) deferred, \(report.failed.count) failed")
        }
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
        let composer = try MessageRenderer.composer(for: stored)
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
        if !requeued.isEmpty {
            try workspace.audit(
                "resend", consultation: id,
                "\(bodyID): queued again to \(requeued.map(\.description).joined(separator: ", ")); \(report.sent) sent")
        }
        return (
            requeued,
            Summary(
                transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: 0, alreadySent: 0, report: report)
        )
    }

    func deliver(composer: MessageComposer, options: DeliveryRunner.Options) throws -> SendReport {
        let renderer = try MessageRenderer(workspace)
        return try DeliveryRunner(workspace).run(
            options, render: renderer.render, sender: { composer.envelopeSender(token: $0.token) })
    }
}
