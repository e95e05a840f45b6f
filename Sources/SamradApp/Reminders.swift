import Foundation
import SamradCore
import SamradMail
import SamradStore

/// The cron entry: everything due now in every open round — planned sends (mailout, invitations,
/// reminders) and deferred deliveries whose retry time has come — each exactly once.
///
/// Safe to run twice at once and to kill at any moment: a planned send is recorded under a key
/// unique per round and body before it goes, and deliveries are claimed inside transactions.
public struct Reminders: Sendable {
    let workspace: Workspace
    let planner: SchedulePlanner

    /// Creates the use case with the working-day calendar reminders are counted in.
    public init(_ workspace: Workspace, calendar: WorkingDayCalendar = WorkingDayCalendar()) {
        self.workspace = workspace
        self.planner = SchedulePlanner(calendar: calendar)
    }

    /// One thing `remind` did or, in a dry run, would do.
    public struct Action: Sendable, Encodable {
        /// The round.
        public var consultation: String
        /// The body.
        public var body: String
        /// What it is, e.g. `before_deadline 5`.
        public var what: String
        /// The day it was planned for.
        public var date: LocalDate
        /// The addresses.
        public var recipients: [String]
        /// Why it goes.
        public var reason: String
    }

    /// What a `remind` run did.
    public struct Report: Sendable {
        /// The planned sends recorded by this run (or due, in a dry run).
        public var actions: [Action] = []
        /// Deliveries due to be sent or retried (dry run only; a real run delivers them).
        public var retries = 0
        /// What the deliveries did.
        public var deliveries = SendReport()
        /// Whether mail really left the machine.
        public var delivered = false
        /// The transport, e.g. the outbox.
        public var transport = ""
        /// Bodies that joined the registry after a round's mailout, by round: nothing goes to them
        /// until the coordinator says so.
        public var waiting: [(consultation: String, body: String)] = []
        /// Rounds that could not be planned or whose messages could not be prepared (e.g. an
        /// attachment is missing), with why: nothing of theirs was recorded, so all of it stays due.
        public var failures: [(consultation: String, error: SamradError)] = []

        /// Whether there was nothing to do.
        public var isEmpty: Bool { actions.isEmpty && retries == 0 && deliveries.total == 0 && failures.isEmpty }

        /// The exit status: a round that failed first (a person must act), then the deliveries'.
        public var exitStatus: Int32 {
            failures.first?.error.exitStatus ?? deliveries.exitStatus
        }
    }

    /// The planned sends of one round, with their state now.
    public func schedule(_ id: String) throws -> [PlannedSend] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        return planner.plan(
            stored.consultation, registry: try workspace.database.registry(), facts: try workspace.database.scheduleFacts(for: stored),
            now: workspace.now())
    }

    /// The planned sends of one round, only one body's when `body` is given, only those still to come
    /// (due, upcoming, waiting) when `upcoming`.
    public func schedule(_ id: String, body: String?, upcoming: Bool) throws -> [PlannedSend] {
        if let body { try Rounds(workspace).requireBody(body, round: id) }
        let still: Set<PlannedSend.State> = [.due, .upcoming, .waiting]
        return try schedule(id).filter { (body == nil || $0.body == body) && (!upcoming || still.contains($0.state)) }
    }

    /// Records what is due in every open round, then delivers every due delivery.
    ///
    /// Each round is planned on its own: everything its messages need is read first, then its due
    /// sends and its next due time are recorded in one transaction, so a round that fails (its
    /// attachment is missing) records nothing and stays due, and the other rounds go on.
    public func run(dryRun: Bool = false, options: DeliveryRunner.Options = DeliveryRunner.Options(consultation: nil)) throws -> Report {
        let now = workspace.now()
        var report = Report(delivered: workspace.transport.delivers, transport: workspace.transport.summary)
        let toPlan = try workspace.database.consultationsToPlan(now: now)
        let everything = DueDeliveries(consultation: nil, includeDeferred: true)
        let retriesDue = try workspace.database.hasDueDeliveries(everything, now: now)
        if toPlan.isEmpty && !dryRun && !retriesDue { return report }
        let registry = try workspace.database.registry()
        let renderer = try MessageRenderer(workspace, registry: registry)
        // Only rounds whose next send has come (or is not known yet) are planned: a quiet cron run
        // reads one query and stops.
        for stored in toPlan {
            do {
                try plan(stored, registry: registry, renderer: renderer, dryRun: dryRun, now: now, into: &report)
            } catch {
                report.failures.append((stored.consultation.id, SamradError.from(error)))
            }
        }
        if dryRun {
            report.retries = try workspace.database.dueCount(everything, now: now)
            return report
        }
        var runOptions = options
        runOptions.consultation = nil
        runOptions.includeDeferred = true
        runOptions.excluding = Set(report.failures.map(\.consultation))
        report.deliveries = try DeliveryRunner(workspace).run(
            runOptions, render: renderer.render,
            sender: { delivery in
                (try? renderer.composer(for: delivery.message.consultationID).envelopeSender(token: delivery.token))
                    ?? delivery.recipient
            })
        return report
    }

    /// Plans one round and, unless a dry run, records its due sends and next due time together.
    private func plan(
        _ stored: StoredConsultation, registry: Registry, renderer: MessageRenderer, dryRun: Bool, now: Date, into report: inout Report
    ) throws {
        let round = stored.consultation
        let facts = try workspace.database.scheduleFacts(for: stored)
        let (due, next) = planner.dueAndNext(round, registry: registry, facts: facts, now: now)
        report.waiting += round.waitingRecipients(in: registry, mailedOut: facts.mailedOut, joined: facts.joined).map { (round.id, $0.id) }
        // Render first: a missing attachment or template stops the round here, with nothing recorded.
        if !due.isEmpty { try renderer.prepare(due.map(\.purpose), round: round.id) }
        var messages: [QueuedMessage] = []
        var invitations: [NewInvitationVersion] = []
        var actions: [Action] = []
        if !due.isEmpty {
            let composer = try renderer.composer(for: round.id)
            for send in due {
                let purpose = String(decoding: try JSONEncoder().encode(send.purpose), as: UTF8.self)
                messages.append(
                    QueuedMessage(
                        consultationID: round.id, bodyID: send.body, kind: send.purpose.messageKind, key: send.purpose.key,
                        messageID: composer.newMessageID(body: send.body, key: send.purpose.key),
                        subject: composer.subject(for: send.purpose), date: now,
                        recipients: send.recipients, purpose: purpose))
                if let version = invitationVersion(send.purpose, round: round, facts: facts) {
                    invitations.append(NewInvitationVersion(consultationID: round.id, version: version))
                }
                actions.append(
                    Action(
                        consultation: round.id, body: send.body, what: send.purpose.label, date: send.date,
                        recipients: send.recipients.map(\.address.description), reason: send.reason))
            }
        }
        report.actions += actions
        if dryRun { return }
        let kinds = Dictionary(grouping: due, by: { $0.purpose.label.split(separator: " ").first.map(String.init) ?? "" })
            .map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
        try workspace.database.queue(
            messages, invitations: invitations, nextDue: (round.id, next ?? .distantFuture), now: now,
            audit: workspace.auditing("remind", consultation: round.id) { recorded in
                recorded > 0 ? "\(recorded) planned messages recorded (\(kinds))" : nil
            })
    }

    /// The invitation version a planned send records, if it carries one.
    func invitationVersion(_ purpose: PlannedSend.Purpose, round: Consultation, facts: ScheduleFacts) -> InvitationVersion? {
        switch purpose {
        case .invitation(let id, let sequence):
            return round.dialogues.first { $0.id == id }.map { InvitationVersion(sequence: sequence, dialogue: $0, cancelled: false) }
        case .cancellation(let id, let sequence):
            return facts.invitations[id].map { InvitationVersion(sequence: sequence, dialogue: $0.dialogue, cancelled: true) }
        default:
            return nil
        }
    }
}
