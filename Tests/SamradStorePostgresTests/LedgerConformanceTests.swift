import Foundation
import SamradCore
import SamradStore
import Synchronization
import Testing

/// The ledger and the register, one suite for both stores: what a run may rely on whichever database holds them.
/// Each case starts its own database (a temporary SQLite file, or a PostgreSQL cluster of its own) and removes it.
@Suite("The ledger and register on every store", .serialized)
struct LedgerConformanceTests {
    static let now = LedgerSubject.now
    static let due = DueDeliveries(consultation: LedgerSubject.round, includeDeferred: false)
    static let dueAndDeferred = DueDeliveries(consultation: LedgerSubject.round, includeDeferred: true)

    @Test(arguments: Backend.allCases)
    func aClaimIsExclusiveAndOnlyItsTokenRecords(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = subject.store
        #expect(try store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { _ in nil }) == 1)
        #expect(try store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { _ in nil }) == 0)
        #expect(try store.dueCount(Self.due, now: Self.now) == 2)
        #expect(try store.hasDueDeliveries(Self.due, now: Self.now))

        let claim = try store.claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 10)
        #expect(claim.deliveries.map(\.recipient.description) == ["b1@kommun.example", "sek.b1@kommun.example"])
        #expect(claim.deliveries.allSatisfy { $0.state == .sending && $0.attempts == 1 })
        #expect(claim.token.count == 32)
        #expect(claim.leaseUntil == Self.now.addingTimeInterval(300))
        #expect(try store.claimDeliveries(Self.dueAndDeferred, now: Self.now, lease: 300, limit: 10).deliveries.isEmpty)
        #expect(try !store.hasDueDeliveries(Self.dueAndDeferred, now: Self.now))

        #expect(try store.record(.sent(reply: "250 ok"), delivery: claim.deliveries[0].id, claim: claim.token, now: Self.now))
        #expect(try !store.record(.sent(reply: "250 again"), delivery: claim.deliveries[0].id, claim: claim.token, now: Self.now))
        #expect(try !store.record(.sent(reply: "250 forged"), delivery: claim.deliveries[1].id, claim: "forged", now: Self.now))
        let later = Self.now.addingTimeInterval(600)
        #expect(
            try store.record(
                .deferred(reply: "451 try later"), delivery: claim.deliveries[1].id, claim: claim.token, now: Self.now, retryAt: later))
        #expect(try store.claimDeliveries(Self.dueAndDeferred, now: Self.now, lease: 300, limit: 10).deliveries.isEmpty)
        let retried = try store.claimDeliveries(Self.dueAndDeferred, now: later, lease: 300, limit: 10)
        #expect(retried.deliveries.map(\.recipient.description) == ["sek.b1@kommun.example"])
        #expect(retried.deliveries.first?.attempts == 2)
        #expect(retried.token != claim.token)

        let ledger = try store.deliveries(consultation: LedgerSubject.round)
        #expect(ledger.map(\.state) == [.sent, .sending])
        #expect(ledger.first?.reply == "250 ok")
        #expect(ledger.first?.sentAt == Self.now)
        #expect(try store.messages(consultation: LedgerSubject.round, kind: .mailout).map(\.bodyID) == ["B1"])
        #expect(
            try store.recipients(ofMessage: "mal-2019.B1.mailout@kommun.example").map(\.address.description)
                == ["b1@kommun.example", "sek.b1@kommun.example"])
        let standing = try store.standing(consultation: LedgerSubject.round, now: later)
        #expect(standing.sent == 1 && standing.sending == 1 && standing.total == 2)
    }

    @Test(arguments: Backend.allCases)
    func aSecondClaimAfterTheLeaseTakesOverAndTheOldTokenChangesNothing(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        try subject.store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { _ in nil })
        // Two processes on one database: the first claims, stops for longer than its lease, and the second takes over.
        let first = subject.store
        let second = try subject.reopen()
        let old = try first.claimDeliveries(Self.due, now: Self.now, lease: 60, limit: 10)
        #expect(old.deliveries.count == 2)
        #expect(try second.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(30), lease: 60, limit: 10).deliveries.isEmpty)
        let new = try second.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(61), lease: 60, limit: 10)
        #expect(Set(new.deliveries.map(\.id)) == Set(old.deliveries.map(\.id)))
        #expect(new.deliveries.allSatisfy { $0.attempts == 2 })

        #expect(try first.renew(claim: old.token, until: Self.now.addingTimeInterval(200), now: Self.now.addingTimeInterval(62)).isEmpty)
        #expect(
            try !first.record(
                .sent(reply: "250 late"), delivery: old.deliveries[0].id, claim: old.token, now: Self.now.addingTimeInterval(63)))
        #expect(try first.release(old.deliveries.map(\.id), claim: old.token, now: Self.now.addingTimeInterval(63)) == 0)
        #expect(try second.deliveries(consultation: LedgerSubject.round).map(\.state) == [.sending, .sending])

        #expect(
            try second.renew(claim: new.token, until: Self.now.addingTimeInterval(300), now: Self.now.addingTimeInterval(64))
                == Set(new.deliveries.map(\.id)))
        // Renewed: not due at the first lease's end.
        #expect(try first.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(200), lease: 60, limit: 10).deliveries.isEmpty)
        #expect(try second.release([new.deliveries[1].id], claim: new.token, now: Self.now.addingTimeInterval(65)) == 1)
        #expect(
            try second.record(
                .sent(reply: "250 ok"), delivery: new.deliveries[0].id, claim: new.token, now: Self.now.addingTimeInterval(65)))
        let ledger = try first.deliveries(consultation: LedgerSubject.round)
        #expect(ledger.map(\.state) == [.sent, .queued])
        #expect(ledger.map(\.attempts) == [2, 1])
        #expect(ledger[0].reply == "250 ok")
    }

    @Test(arguments: Backend.allCases)
    func concurrentClaimsNeverShareADelivery(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 30)
        defer { subject.remove() }
        try subject.store.queue(try (1...30).map { try LedgerSubject.message("B\($0)") }, now: Self.now, audit: { _ in nil })
        let stores = try (0..<4).map { _ in try subject.reopen() }
        let claimed = Mutex<[Int64]>([])
        let failures = Mutex<[String]>([])
        runOnThreads(stores.count) { index in
            do {
                while true {
                    let claim = try stores[index].claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 4)
                    if claim.deliveries.isEmpty { break }
                    claimed.withLock { $0 += claim.deliveries.map(\.id) }
                    for delivery in claim.deliveries {
                        try stores[index].record(.sent(reply: "250"), delivery: delivery.id, claim: claim.token, now: Self.now)
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let ids = claimed.withLock { $0 }
        #expect(ids.count == 60)
        #expect(Set(ids).count == ids.count)
        #expect(try subject.store.standing(consultation: LedgerSubject.round, now: Self.now).sent == 60)
    }

    @Test(arguments: Backend.allCases)
    func failedDeliveriesAreQueuedAgainToTheCorrectedAddress(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = subject.store
        try store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { _ in nil })
        let claim = try store.claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 10)
        for delivery in claim.deliveries {
            try store.record(.failed(reply: "550 no such user"), delivery: delivery.id, claim: claim.token, now: Self.now)
        }
        #expect(try store.standing(consultation: LedgerSubject.round, now: Self.now).failed.count == 2)

        // The mailbox is unchanged (queued again as it is); the secretary changed (a new delivery in the old one's place).
        let current = [
            Recipient(address: try EmailAddress("b1@kommun.example"), role: .to),
            Recipient(address: try EmailAddress("ny.sek.b1@kommun.example"), role: .cc),
        ]
        let later = Self.now.addingTimeInterval(3600)
        let queued = try store.requeueFailed(
            consultation: LedgerSubject.round, body: "B1", currentRecipients: current, now: later,
            audit: { LedgerSubject.note("queued again: \($0.map(\.description).joined(separator: " "))") })
        #expect(queued.map(\.description) == ["b1@kommun.example", "ny.sek.b1@kommun.example"])
        let ledger = try store.deliveries(consultation: LedgerSubject.round)
        #expect(ledger.map(\.recipient.description) == ["b1@kommun.example", "sek.b1@kommun.example", "ny.sek.b1@kommun.example"])
        #expect(ledger.map(\.state) == [.queued, .failed, .queued])
        #expect(ledger[0].attempts == 0 && ledger[0].reply == nil)
        let standing = try store.standing(consultation: LedgerSubject.round, now: later)
        #expect(standing.queued == 2 && standing.failed.isEmpty)
        #expect(try store.dueCount(Self.due, now: later) == 2)
        #expect(
            try store.auditTrail(consultation: LedgerSubject.round).map(\.detail)
                == ["queued again: b1@kommun.example ny.sek.b1@kommun.example"])
        // Nothing failed any more: a second requeue queues nothing.
        #expect(
            try store.requeueFailed(
                consultation: LedgerSubject.round, body: "B1", currentRecipients: current, now: later, audit: { _ in nil }
            ).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func registerNumbersHaveNoGapsUnderEightConcurrentWriters(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 8)
        defer { subject.remove() }
        let stores = try (0..<8).map { _ in try subject.reopen() }
        let writers = 8
        let perWriter = 6
        let refused = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        runOnThreads(writers) { writer in
            do {
                for index in 0..<perWriter {
                    let body = "B\(writer + 1)"
                    // Each writer records its own messages, and one all writers race for: it is recorded once.
                    try stores[writer].queue(
                        [try LedgerSubject.message(body, key: "reminder-\(index)", kind: .reminder)], now: Self.now,
                        audit: { LedgerSubject.note("queued \($0)") })
                    try stores[writer].queue(
                        [try LedgerSubject.message("B1", key: "notice-\(index)", kind: .notice)], now: Self.now, audit: { _ in nil })
                    // A message to a body the registry does not have is refused whole: it takes no number.
                    do {
                        try stores[writer].queue(
                            [try LedgerSubject.message("B\(writer + 1)", key: "x-\(index)"), try LedgerSubject.message("NOPE")],
                            now: Self.now, audit: { _ in nil })
                    } catch {
                        refused.add(1, ordering: .relaxed)
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(refused.load(ordering: .relaxed) == writers * perWriter)
        let register = try subject.store.register(consultation: LedgerSubject.round)
        let expected = writers * perWriter + perWriter
        #expect(register.count == expected)
        #expect(register.map(\.number) == Array(1...expected))
        #expect(register.allSatisfy { $0.registration == "KS 2019/017-\($0.number)" && $0.direction == .outgoing })
        #expect(register.first?.state == "queued")
        #expect(try subject.count("SELECT count(*) FROM message") == expected)
        #expect(try subject.store.auditTrail(consultation: LedgerSubject.round).count == writers * perWriter)
    }

    @Test(arguments: Backend.allCases)
    func theAuditTrailRefusesUpdateAndDelete(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        try subject.store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { LedgerSubject.note("queued \($0)") })
        #expect(try subject.store.auditTrail(consultation: nil).map(\.detail) == ["queued 1"])
        #expect(try subject.store.auditTrail(consultation: "another").isEmpty)

        let update = #expect(throws: (any Error).self) { try subject.rawSQL("UPDATE audit SET detail = 'nothing happened'") }
        #expect("\(update.map { "\($0)" } ?? "")".contains("append-only"))
        let delete = #expect(throws: (any Error).self) { try subject.rawSQL("DELETE FROM audit") }
        #expect("\(delete.map { "\($0)" } ?? "")".contains("append-only"))
        if backend == .postgres {
            let truncate = #expect(throws: (any Error).self) { try subject.rawSQL("TRUNCATE audit") }
            #expect("\(truncate.map { "\($0)" } ?? "")".contains("append-only"))
        }
        let trail = try subject.store.auditTrail(consultation: LedgerSubject.round)
        #expect(trail.map(\.detail) == ["queued 1"])
        #expect(trail.first?.user == "handläggare" && trail.first?.command == "send" && trail.first?.at == Self.now)
        // Appending goes on.
        try subject.store.queue([try LedgerSubject.message("B1", key: "r1")], now: Self.now, audit: { LedgerSubject.note("queued \($0)") })
        #expect(try subject.store.auditTrail(consultation: nil).map(\.detail) == ["queued 1", "queued 1"])
    }
}

/// Runs `body(0..<count)` on `count` threads of their own at once and returns when all have ended: real
/// concurrency even on two cores, unlike `concurrentPerform`, which runs as many at once as there are cores.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchSemaphore(value: 0)
    for index in 0..<count {
        let thread = Thread {
            body(index)
            done.signal()
        }
        thread.start()
    }
    for _ in 0..<count { done.wait() }
}
