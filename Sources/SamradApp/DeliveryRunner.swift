import Foundation
import SamradCore
import SamradStore
import Synchronization

/// Carries the ledger's due deliveries to the mail transport.
///
/// Workers (one transport, so one connection, each) claim small batches inside a transaction,
/// render each message once per batch, deliver one recipient per transaction and record each
/// outcome as soon as it is known. A process killed at any moment loses nothing: an unrecorded
/// claim runs out its lease and is sent again, with the same Message-ID.
public struct DeliveryRunner: Sendable {
    /// What to deliver and how.
    public struct Options: Sendable {
        /// Only this round's deliveries, or every open round's.
        public var consultation: String?
        /// Only these kinds of message.
        public var kinds: [MessageKind] = MessageKind.allCases
        /// Also deferred deliveries whose retry time has come.
        public var includeDeferred = false
        /// Workers, each with its own connection.
        public var connections = 4
        /// The per-server rate limit, if any.
        public var rate: SendRate?
        /// Deliveries claimed (and their outcomes recorded) at a time by one worker.
        public var batchSize = 32
        /// Called after each delivery with the running totals.
        public var progress: (@Sendable (SendReport) -> Void)?

        /// Creates options.
        public init(consultation: String?, kinds: [MessageKind] = MessageKind.allCases, includeDeferred: Bool = false) {
            self.consultation = consultation
            self.kinds = kinds
            self.includeDeferred = includeDeferred
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

    /// Delivers everything due; returns what happened.
    public func run(_ options: Options, render: @escaping Renderer, sender: @escaping EnvelopeSender) throws -> SendReport {
        guard
            try workspace.database.hasDueDeliveries(
                consultation: options.consultation, kinds: options.kinds, includeDeferred: options.includeDeferred, now: workspace.now())
        else { return SendReport() }
        let state = RunState()
        let workers = max(1, options.connections)
        let group = DispatchGroup()
        for index in 0..<workers {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    try work(options, render: render, sender: sender, state: state)
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
        _ options: Options, render: Renderer, sender: EnvelopeSender, state: RunState
    ) throws {

        let transport = try workspace.makeTransport()
        let database = workspace.database
        while !state.stop.load(ordering: .relaxed) {
            let claimed = try database.claimDeliveries(
                consultation: options.consultation, kinds: options.kinds, includeDeferred: options.includeDeferred,
                now: workspace.now(), limit: options.batchSize)
            if claimed.isEmpty { return }
            // A message's deliveries (To, then each Cc) are claimed one after another, so keeping
            // only the last rendered message renders each once without holding a batch of them.
            var rendered: (id: String, result: Result<OutgoingMail, any Error>)?
            // Outcomes are recorded once per batch: a process killed before that sends the batch
            // again, with the same Message-IDs, and loses nothing.
            var outcomes: [(delivery: Int64, outcome: DeliveryOutcome, retryAt: Date?)] = []
            defer { try? database.record(outcomes, now: workspace.now()) }
            for (position, delivery) in claimed.enumerated() {
                if state.stop.load(ordering: .relaxed) {
                    try database.release(claimed[position...].map(\.id), now: workspace.now())
                    return
                }
                let message = delivery.message
                let result = rendered?.id == message.messageID ? rendered!.result : Result { try render(message) }
                rendered = (message.messageID, result)
                let outcome: DeliveryOutcome
                switch result {
                case .success(let mail):
                    options.rate?.acquire()
                    outcome = transport.deliver(mail, envelope: Envelope(sender: sender(delivery), recipient: delivery.recipient))
                case .failure(let error):
                    outcome = .failed(reply: "cannot be written as mail: \(error)")
                }
                outcomes.append((delivery.id, outcome, Self.retryTime(after: delivery.attempts, from: workspace.now())))
                let snapshot = state.report.withLock { report in
                    report.count(outcome, for: delivery)
                    return report
                }
                options.progress?(snapshot)
                if case .unreachable = outcome {
                    // The server cannot be reached: give the rest back untried and stop every worker.
                    state.stop.store(true, ordering: .relaxed)
                    try database.record(outcomes, now: workspace.now())
                    outcomes = []
                    try database.release(claimed[(position + 1)...].map(\.id), now: workspace.now())
                    return
                }
            }
            try database.record(outcomes, now: workspace.now())
            outcomes = []
        }
    }

    /// When a deferred delivery is tried again: exponential backoff from five minutes up to six
    /// hours, with ±10 % jitter so that many deferrals do not come back at the same moment.
    static func retryTime(after attempts: Int, from now: Date) -> Date {
        let base = 300.0 * pow(2.0, Double(min(max(0, attempts - 1), 10)))
        return now.addingTimeInterval(min(base, 6 * 3600) * Double.random(in: 0.9...1.1))
    }
}

/// What the workers of one run share.
private final class RunState: Sendable {
    let report = Mutex(SendReport())
    let stop = Atomic<Bool>(false)
    let failure = Mutex<(any Error)?>(nil)
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
        }
    }

    /// The exit status (sysexits): 69 when the server could not be reached and nothing went,
    /// 75 when something waits for a retry, 65 when an address was refused for good, else 0.
    public var exitStatus: Int32 {
        if unreachable != nil && sent == 0 { return SamradError.Code.unavailable.rawValue }
        if unreachable != nil || !deferred.isEmpty { return SamradError.Code.temporaryFailure.rawValue }
        if !failed.isEmpty { return SamradError.Code.dataError.rawValue }
        return 0
    }
}
