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
        public var body: Body
        /// The envelope recipients, To first.
        public var recipients: [EmailAddress]
        /// Whether the ledger already holds the message (then nothing new is queued).
        public var alreadyQueued: Bool
        /// Whether the body joined the registry after the mailout and waits for `--include-new`.
        public var waiting = false
    }

    /// What `send` did, and where the round's deliveries stand after it.
    public struct Summary: Sendable {
        /// What the transport is, e.g. the outbox.
        public var transport: String
        /// Whether mail really left the machine.
        public var delivered: Bool
        /// Messages newly recorded.
        public var queued: Int
        /// Bodies the ledger already had a mailout for.
        public var alreadySent: Int
        /// Bodies that joined the registry after the mailout and were not mailed (no `--include-new`).
        public var waiting: [String] = []
        /// What this run's deliveries did.
        public var report: SendReport
        /// Where the round's deliveries (of the kinds this command sends) stand now: what is still to go.
        public var standing: DeliveryStanding

        /// The exit status (sysexits), counting the whole round and not only this run: 69 when the
        /// server could not be reached and nothing went, 75 while anything is still to go, 65
        /// while a delivery of the round has failed, else 0; or what stopped the run.
        public var exitStatus: Int32 {
            if report.halted != nil || !report.unrenderable.isEmpty { return report.exitStatus }
            if report.unreachable != nil && report.sent == 0 { return SamradError.Code.unavailable.rawValue }
            if standing.pending > 0 { return SamradError.Code.temporaryFailure.rawValue }
            if !standing.failed.isEmpty { return SamradError.Code.dataError.rawValue }
            return 0
        }
    }

    /// What a send would do now, without changing anything.
    public func plan(_ id: String) throws -> [PlannedMessage] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        // A template that cannot render stops the plan, as it would stop the send.
        _ = try MessageRenderer.composer(for: stored)
        let existing = try workspace.database.messages(consultation: id, kind: .mailout)
        let sent = Set(existing.map(\.bodyID))
        let registry = try workspace.database.registry()
        let waiting = Set(
            stored.consultation.waitingRecipients(
                in: registry, mailedOut: Dictionary(existing.map { ($0.bodyID, $0.date) }) { first, _ in first },
                joined: try workspace.database.joinedDates()
            ).map(\.id))
        return stored.consultation.recipients(in: registry).map { body in
            PlannedMessage(
                body: body, recipients: body.recipients.map(\.address), alreadyQueued: sent.contains(body.id),
                waiting: waiting.contains(body.id))
        }
    }

    /// Records the mailout for every recipient body not yet sent it, then delivers every due delivery.
    ///
    /// A body that joined the registry after the mailout is left waiting unless `includeNew`.
    public func send(_ id: String, retry: Bool = false, includeNew: Bool = false, options: DeliveryRunner.Options? = nil) throws
        -> Summary
    {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try MessageRenderer.composer(for: stored)
        let now = workspace.now()
        let planned = try plan(id)
        let new = planned.filter { !$0.alreadyQueued && (includeNew || !$0.waiting) }
        let queued = try workspace.database.queue(
            new.map { item in
                QueuedMessage(
                    consultationID: id, bodyID: item.body.id, kind: .mailout, key: "mailout",
                    messageID: composer.newMessageID(body: item.body.id, key: "mailout"), subject: composer.mailoutSubject, date: now,
                    recipients: item.body.recipients)
            }, now: now,
            audit: workspace.auditing("send", consultation: id) { recorded in
                let late = new.filter(\.waiting).map(\.body.id)
                return recorded == 0
                    ? nil
                    : "\(recorded) mailout messages recorded"
                        + (late.isEmpty ? "" : ", including bodies that joined later: \(late.joined(separator: " "))")
            })
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = [.mailout]
        runOptions.includeDeferred = retry
        let report = try deliver(composer: composer, options: runOptions)
        return Summary(
            transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: queued,
            alreadySent: planned.filter(\.alreadyQueued).count,
            waiting: planned.filter { !$0.alreadyQueued && $0.waiting && !includeNew }.map(\.body.id), report: report,
            standing: try workspace.database.standing(consultation: id, kinds: [.mailout], now: workspace.now()))
    }

    /// Queues a body's failed mailout deliveries again, to the addresses the registry has now, and delivers them;
    /// after `samrad portal revoke`, also the message with the body's new link to the answer portal.
    public func resend(_ id: String, body bodyID: String, options: DeliveryRunner.Options? = nil) throws -> (
        requeued: [EmailAddress], newPortalLink: Bool, summary: Summary
    ) {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try MessageRenderer.composer(for: stored)
        let registry = try workspace.database.registry()
        guard let body = registry[bodyID] else {
            throw SamradError(.dataError, "there is no body '\(bodyID)' in the registry; 'samrad contacts list' shows the ids")
        }
        let requeued = try workspace.database.requeueFailed(
            consultation: id, body: bodyID,
            currentRecipients: body.recipients, now: workspace.now(),
            audit: workspace.auditing("resend", consultation: id) { requeued in
                requeued.isEmpty ? nil : "\(bodyID): queued again to \(requeued.map(\.description).joined(separator: ", "))"
            })
        let newPortalLink = try queuePortalLink(stored, composer: composer, body: body)
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = newPortalLink ? [.mailout, .notice] : [.mailout]
        let report = try deliver(composer: composer, options: runOptions)
        return (
            requeued, newPortalLink,
            Summary(
                transport: workspace.transport.summary, delivered: workspace.transport.delivers, queued: 0, alreadySent: 0, report: report,
                standing: try workspace.database.standing(consultation: id, kinds: [.mailout], now: workspace.now()))
        )
    }

    func deliver(composer: MessageComposer, options: DeliveryRunner.Options) throws -> SendReport {
        let renderer = try MessageRenderer(workspace)
        return try DeliveryRunner(workspace).run(
            options, render: renderer.render, sender: { composer.envelopeSender(token: $0.token) })
    }
}
