import Foundation
import SamradCore
import SamradStore
import Synchronization

/// Carries the ledger's due deliveries to the mail transport.
///
/// Workers (one transport, so one connection, each) claim small batches under a random token and
/// a lease, render each message once per batch, deliver one recipient per transaction and record
/// each outcome as soon as it is known. Before each message a worker renews its lease, which is
/// long enough for one message at the rate limit and the transport's time limits, so a claim never
/// runs out while its run is alive. A run whose claim was taken over nevertheless (it was stopped,
/// e.g. in a debugger, for longer than the lease) finds its renewal or record refused, drops that
/// delivery and says so.
///
/// A process killed at any moment loses nothing: an unrecorded claim runs out its lease and is sent
/// again, with the same Message-ID; at most the one delivery each worker had in flight goes twice.
public struct DeliveryRunner: Sendable {
    /// What to deliver and how.
    public struct Options: Sendable {
        /// Only this round's deliveries, or every open round's.
        public var consultation: String?
        /// Only these kinds of message.
        public var kinds: [MessageKind] = MessageKind.allCases
        /// Also deferred deliveries whose retry time has come.
        public var includeDeferred = false
        /// Not these rounds' deliveries.
        public var excluding: Set<String> = []
        /// Workers, each with its own connection.
        public var connections = 4
        /// The per-server rate limit, if any.
        public var rate: SendRate?
        /// Deliveries claimed at a time by one worker.
        public var batchSize = 32
        /// Called after each delivery with the running totals.
        public var progress: (@Sendable (SendReport) -> Void)?

        /// Creates options.
        public init(consultation: String?, kinds: [MessageKind] = MessageKind.allCases, includeDeferred: Bool = false) {
            self.consultation = consultation
            self.kinds = kinds
            self.includeDeferred = includeDeferred
        }

        /// The deliveries these options send.
        var due: DueDeliveries {
            DueDeliveries(consultation: consultation, kinds: kinds, includeDeferred: includeDeferred, excluding: excluding)
        }
    }

    /// Renders the message a delivery belongs to; the same message for every recipient.
    public typealias Renderer = @Sendable (StoredMessage) throws -> OutgoingMail
    /// The envelope sender of one delivery (the bounce address with its token, or the sender).
    public typealias EnvelopeSender = @Sendable (DeliveryRecord) -> EmailAddress

    let workspace: Workspace

    /// Creates a runner.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// How long a claim's lease lasts from its last renewal: the longest one message can take —
    /// the wait for its turn at the rate limit, shared by every worker, and the transport's time
    /// limits — with a minute to spare.
    public func lease(_ options: Options) -> TimeInterval {
        let turn = options.rate.map { Self.seconds($0.interval) * Double(max(1, options.connections)) } ?? 0
        return turn + Self.seconds(workspace.transport.longestDelivery) + 60
    }

    /// Delivers everything due; returns what happened.
    ///
    /// A server that refuses the login stops every worker: what they held goes back untried, and
    /// the report's ``SendReport/halted`` says why. A message that cannot be rendered (its round's
    /// attachment went missing) stops that round's deliveries alone, in the same way.
    public func run(_ options: Options, render: @escaping Renderer, sender: @escaping EnvelopeSender) throws -> SendReport {
        guard try workspace.database.hasDueDeliveries(options.due, now: workspace.now()) else { return SendReport() }
        let state = RunState()
        let workers = max(1, options.connections)
        let lease = lease(options)
        let group = DispatchGroup()
        for index in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    try work(options, lease: lease, render: render, sender: sender, state: state)
                } catch {
                    state.failure.withLock { $0 = $0 ?? error }
                    state.stop.store(true, ordering: .relaxed)
                }
            }
            thread.name = "samrad-delivery-\(index)"
            thread.start()
        }
        group.wait()
        if let error = state.failure.withLock({ $0 }) { throw error }
        return state.report.withLock { $0 }
    }

    private func work(
        _ options: Options, lease: TimeInterval, render: Renderer, sender: EnvelopeSender, state: RunState
    ) throws {
        let transport = try workspace.makeTransport()
        let database = workspace.database
        while !state.stop.load(ordering: .relaxed) {
            var due = options.due
            due.excluding.formUnion(state.report.withLock { $0.unrenderable.keys })
            let claim = try database.claimDeliveries(due, now: workspace.now(), lease: lease, limit: options.batchSize)
            if claim.deliveries.isEmpty { return }
            try Fault.reach(.afterClaim)
            /// Gives back what this worker still holds, from `position` on, untried.
            func giveBack(from position: Int) throws {
                try database.release(claim.deliveries[position...].map(\.id), claim: claim.token, now: workspace.now())
            }
            // A message's deliveries (To, then each Cc) are claimed one after another, so keeping
            // only the last rendered message renders each once without holding a batch of them.
            var rendered: (id: String, mail: OutgoingMail)?
            for (position, delivery) in claim.deliveries.enumerated() {
                if state.stop.load(ordering: .relaxed) { return try giveBack(from: position) }
                let round = delivery.message.consultationID
                if state.report.withLock({ $0.unrenderable[round] != nil }) {
                    try database.release([delivery.id], claim: claim.token, now: workspace.now())
                    continue
                }
                let now = workspace.now()
                guard try database.renew(claim: claim.token, until: now.addingTimeInterval(lease), now: now).contains(delivery.id) else {
                    state.report.withLock { $0.takenOver.append(delivery) }
                    continue
                }
                let message = delivery.message
                let mail: OutgoingMail
                if let rendered, rendered.id == message.messageID {
                    mail = rendered.mail
                } else {
                    do {
                        mail = try render(message)
                    } catch {
                        // A round's attachment or template went missing: nothing of that round
                        // goes until it is back, and what was claimed of it goes back untried.
                        state.report.withLock { $0.unrenderable[round] = $0.unrenderable[round] ?? SamradError.from(error) }
                        try database.release([delivery.id], claim: claim.token, now: workspace.now())
                        continue
                    }
                    rendered = (message.messageID, mail)
                }
                options.rate?.acquire()
                let outcome = transport.deliver(mail, envelope: Envelope(sender: sender(delivery), recipient: delivery.recipient))
                try Fault.reach(.afterSend)
                if case .misconfigured(let reply) = outcome {
                    // The server refused this client, not the recipient: every delivery goes back untried.
                    state.halt(SamradError(.configuration, reply))
                    return try giveBack(from: position)
                }
                let recorded = try database.record(
                    outcome, delivery: delivery.id, claim: claim.token, now: workspace.now(),
                    retryAt: Self.retryTime(after: delivery.attempts, from: workspace.now()))
                let snapshot = state.report.withLock { report in
                    if recorded {
                        report.count(outcome, for: delivery)
                    } else {
                        report.takenOver.append(delivery)
                        report.sentAfterTakeover.append(delivery)
                    }
                    return report
                }
                options.progress?(snapshot)
                if case .unreachable = outcome {
                    // The server cannot be reached: give the rest back untried and stop every worker.
                    state.stop.store(true, ordering: .relaxed)
                    return try giveBack(from: position + 1)
                }
            }
        }
    }

    /// When a deferred delivery is tried again: exponential backoff from five minutes up to six
    /// hours, with ±10 % jitter so that many deferrals do not come back at the same moment.
    static func retryTime(after attempts: Int, from now: Date) -> Date {
        let base = 300.0 * pow(2.0, Double(min(max(0, attempts - 1), 10)))
        return now.addingTimeInterval(min(base, 6 * 3600) * Double.random(in: 0.9...1.1))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// What the workers of one run share.
private final class RunState: Sendable {
    let report = Mutex(SendReport())
    let stop = Atomic<Bool>(false)
    let failure = Mutex<(any Error)?>(nil)

    /// Stops every worker for a reason a person must fix; the first reason is kept.
    func halt(_ error: SamradError) {
        report.withLock { $0.halted = $0.halted ?? error }
        stop.store(true, ordering: .relaxed)
    }
}

/// What a delivery run did.
public struct SendReport: Sendable {
    /// One delivery that did not go, with the server's words.
    public struct Problem: Sendable {
        /// The delivery.
        public var delivery: DeliveryRecord
        /// The reply.
        public var reply: String
    }

    /// Deliveries sent (or written to the outbox).
    public var sent = 0
    /// Deliveries deferred: tried again later.
    public var deferred: [Problem] = []
    /// Deliveries that failed for good.
    public var failed: [Problem] = []
    /// Whether the server could not be reached.
    public var unreachable: Problem?
    /// Why every worker stopped before its work was done, when a person must fix something first
    /// (the server refused the login); what they held went back untried.
    public var halted: SamradError?
    /// Rounds whose messages could not be rendered (an attachment or template is missing), with
    /// why: their deliveries went back untried and wait until it is fixed.
    public var unrenderable: [String: SamradError] = [:]
    /// Deliveries this run had claimed but another run took over after the lease ran out: this
    /// run left them to that one.
    public var takenOver: [DeliveryRecord] = []
    /// Of those, the ones this run had already handed to the server: they may arrive twice, with
    /// the same Message-ID.
    public var sentAfterTakeover: [DeliveryRecord] = []

    /// Creates an empty report.
    public init() {}

    /// Every delivery counted so far.
    public var total: Int { sent + deferred.count + failed.count + (unreachable == nil ? 0 : 1) }

    mutating func count(_ outcome: DeliveryOutcome, for delivery: DeliveryRecord) {
        switch outcome {
        case .sent: sent += 1
        case .deferred(let reply): deferred.append(Problem(delivery: delivery, reply: reply))
        case .failed(let reply): failed.append(Problem(delivery: delivery, reply: reply))
        case .unreachable(let reply): unreachable = unreachable ?? Problem(delivery: delivery, reply: reply)
        case .misconfigured: break
        }
    }

    /// The exit status (sysexits) of this run alone: the halting error's (78 for a refused login, 66
    /// for a missing attachment),
    /// 69 when the server could not be reached and nothing went, 75 when something waits for a
    /// retry, 65 when an address was refused for good, else 0.
    public var exitStatus: Int32 {
        if let halted { return halted.exitStatus }
        if let round = unrenderable.keys.sorted().first, let error = unrenderable[round] { return error.exitStatus }
        if unreachable != nil && sent == 0 { return SamradError.Code.unavailable.rawValue }
        if unreachable != nil || !deferred.isEmpty { return SamradError.Code.temporaryFailure.rawValue }
        if !failed.isEmpty { return SamradError.Code.dataError.rawValue }
        return 0
    }
}
