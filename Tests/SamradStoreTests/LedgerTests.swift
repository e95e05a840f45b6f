import Foundation
import SamradCore
import SamradStore
import Synchronization
import Testing

/// The ledger on a database file, as two processes share it: claims under a token and a lease,
/// records and renewals refused once a claim is taken over, and the races between runs.
@Suite("The ledger")
struct LedgerTests {
    static let now = StoreFixture.now
    static let due = DueDeliveries(consultation: "mal-2019", includeDeferred: false)
    static let dueAndDeferred = DueDeliveries(consultation: "mal-2019", includeDeferred: true)

    @Test func claimsAreExclusiveAndOutcomesAreRecorded() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        let database = fixture.database
        #expect(try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil }) == 1)
        #expect(try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil }) == 0)

        let claim = try database.claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 10)
        #expect(claim.deliveries.map(\.recipient.description) == ["b1@kommun.example", "sek.b1@kommun.example"])
        #expect(claim.deliveries.allSatisfy { $0.state == .sending && $0.attempts == 1 })
        #expect(claim.token.count == 32)
        #expect(try database.claimDeliveries(Self.dueAndDeferred, now: Self.now, lease: 300, limit: 10).deliveries.isEmpty)

        #expect(try database.record(.sent(reply: "250 ok"), delivery: claim.deliveries[0].id, claim: claim.token, now: Self.now))
        let later = Self.now.addingTimeInterval(600)
        #expect(
            try database.record(
                .deferred(reply: "451 try later"), delivery: claim.deliveries[1].id, claim: claim.token, now: Self.now, retryAt: later))
        #expect(try database.claimDeliveries(Self.dueAndDeferred, now: Self.now, lease: 300, limit: 10).deliveries.isEmpty)
        let retried = try database.claimDeliveries(Self.dueAndDeferred, now: later, lease: 300, limit: 10)
        #expect(retried.deliveries.map(\.recipient.description) == ["sek.b1@kommun.example"])
        #expect(retried.deliveries.first?.attempts == 2)
        #expect(retried.token != claim.token)

        let ledger = try database.deliveries(consultation: "mal-2019")
        #expect(ledger.map(\.state) == [.sent, .sending])
        #expect(ledger.first?.reply == "250 ok")
    }

    @Test func aClaimWhoseLeaseRanOutIsClaimedAgain() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        #expect(try database.claimDeliveries(Self.due, now: Self.now, lease: 60, limit: 1).deliveries.count == 1)
        #expect(try database.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(30), lease: 60, limit: 1).deliveries.count == 1)
        let again = try database.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(61), lease: 60, limit: 1)
        #expect(again.deliveries.first?.message.messageID == "mal-2019.B1@kommun.example")
        #expect(again.deliveries.first?.attempts == 2)
    }

    @Test func aRecordOrRenewalUnderAClaimAnotherRunTookOverIsRefused() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        try fixture.database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        // Two processes on one file: the first claims, stops for longer than its lease, and the second takes over.
        let first = fixture.database
        let second = try fixture.reopen()
        let old = try first.claimDeliveries(Self.due, now: Self.now, lease: 60, limit: 10)
        #expect(old.deliveries.count == 2)
        let new = try second.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(61), lease: 60, limit: 10)
        #expect(Set(new.deliveries.map(\.id)) == Set(old.deliveries.map(\.id)))

        #expect(try first.renew(claim: old.token, until: Self.now.addingTimeInterval(200), now: Self.now.addingTimeInterval(62)).isEmpty)
        #expect(
            try first.record(
                .sent(reply: "250 late"), delivery: old.deliveries[0].id, claim: old.token, now: Self.now.addingTimeInterval(63))
                == false)
        #expect(try first.release(old.deliveries.map(\.id), claim: old.token, now: Self.now.addingTimeInterval(63)) == 0)
        // The refused writes changed nothing: the second run still holds both, and records them.
        #expect(try second.deliveries(consultation: "mal-2019").map(\.state) == [.sending, .sending])
        #expect(
            try second.renew(claim: new.token, until: Self.now.addingTimeInterval(300), now: Self.now.addingTimeInterval(64))
                == Set(new.deliveries.map(\.id)))
        for delivery in new.deliveries {
            #expect(
                try second.record(.sent(reply: "250 ok"), delivery: delivery.id, claim: new.token, now: Self.now.addingTimeInterval(65)))
        }
        let ledger = try first.deliveries(consultation: "mal-2019")
        #expect(ledger.map(\.state) == [.sent, .sent])
        #expect(ledger.allSatisfy { $0.reply == "250 ok" && $0.attempts == 2 })
    }

    @Test func aRenewedLeaseKeepsTheClaimPastItsFirstEnd() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        let claim = try database.claimDeliveries(Self.due, now: Self.now, lease: 60, limit: 10)
        let held = try database.renew(claim: claim.token, until: Self.now.addingTimeInterval(110), now: Self.now.addingTimeInterval(50))
        #expect(held == Set(claim.deliveries.map(\.id)))
        #expect(try database.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(100), lease: 60, limit: 10).deliveries.isEmpty)
        #expect(try database.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(111), lease: 60, limit: 10).deliveries.count == 2)
        // A recorded delivery is no longer held by the claim.
        let retaken = try database.claimDeliveries(Self.due, now: Self.now.addingTimeInterval(200), lease: 60, limit: 10)
        try database.record(
            .sent(reply: "250"), delivery: retaken.deliveries[0].id, claim: retaken.token, now: Self.now.addingTimeInterval(201))
        #expect(
            try database.renew(claim: retaken.token, until: Self.now.addingTimeInterval(300), now: Self.now.addingTimeInterval(202))
                == [retaken.deliveries[1].id])
    }

    @Test func concurrentClaimsFromSeveralProcessesNeverShareADelivery() throws {
        let fixture = try StoreFixture(bodies: 60)
        defer { fixture.remove() }
        let total = try fixture.queueMailouts(bodies: 60)
        let databases = try (0..<6).map { _ in try fixture.reopen() }
        let claimed = Mutex<[Int64]>([])
        DispatchQueue.concurrentPerform(iterations: databases.count) { index in
            while let claim = try? databases[index].claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 7),
                !claim.deliveries.isEmpty
            {
                claimed.withLock { $0 += claim.deliveries.map(\.id) }
                for delivery in claim.deliveries {
                    _ = try? databases[index].record(.sent(reply: "250"), delivery: delivery.id, claim: claim.token, now: Self.now)
                }
            }
        }
        let ids = claimed.withLock { $0 }
        #expect(ids.count == total, "claimed \(ids.count) of \(total)")
        #expect(Set(ids).count == ids.count, "a delivery was claimed twice")
        #expect(try fixture.database.deliveries(consultation: "mal-2019").allSatisfy { $0.state == .sent && $0.attempts == 1 })
    }

    @Test func aDeliveryGivenBackOrRefusedByTheServersLoginGoesBackUntried() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        let claim = try database.claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 10)
        #expect(try database.release([claim.deliveries[1].id], claim: "another run's token", now: Self.now) == 0)
        #expect(try database.release([claim.deliveries[1].id], claim: claim.token, now: Self.now) == 1)
        #expect(
            try database.record(
                .misconfigured(reply: "535 authentication failed"), delivery: claim.deliveries[0].id, claim: claim.token, now: Self.now))
        let ledger = try database.deliveries(consultation: "mal-2019")
        #expect(ledger.map(\.state) == [.queued, .queued])
        #expect(ledger.map(\.attempts) == [0, 0])
        #expect(ledger.allSatisfy { $0.reply == nil })
    }

    @Test func dueMeansTheSameForTheQuickCheckTheCountAndTheClaim() throws {
        let fixture = try StoreFixture(bodies: 2)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        _ = try database.addConsultation(
            try StoreFixture.round(id: "annan"), source: "r", sourcePath: "/a.yaml", now: Self.now, audit: { _ in nil })
        try database.queue([try StoreFixture.mailout("B2", round: "annan")], now: Self.now, audit: { _ in nil })
        func agree(_ due: DueDeliveries, at now: Date, _ expected: Int) throws {
            #expect(try database.hasDueDeliveries(due, now: now) == (expected > 0))
            #expect(try database.dueCount(due, now: now) == expected)
        }
        try agree(StoreFixture.everything, at: Self.now, 4)
        try agree(DueDeliveries(consultation: nil, includeDeferred: true, excluding: ["annan"]), at: Self.now, 2)
        try agree(DueDeliveries(consultation: "mal-2019", kinds: [.reminder], includeDeferred: true), at: Self.now, 0)
        // A closed round has nothing due: not for the quick check, the count or the claim.
        try database.closeConsultation("annan", now: Self.now, audit: { _ in nil })
        try agree(StoreFixture.everything, at: Self.now, 2)
        // Deferred: due for a retry only when asked, and only once its time has come.
        let claim = try database.claimDeliveries(StoreFixture.everything, now: Self.now, lease: 300, limit: 10)
        #expect(Set(claim.deliveries.map(\.message.consultationID)) == ["mal-2019"])
        let retry = Self.now.addingTimeInterval(900)
        for delivery in claim.deliveries {
            try database.record(.deferred(reply: "451"), delivery: delivery.id, claim: claim.token, now: Self.now, retryAt: retry)
        }
        try agree(StoreFixture.everything, at: Self.now.addingTimeInterval(600), 0)
        try agree(StoreFixture.everything, at: retry, 2)
        try agree(DueDeliveries(consultation: nil, includeDeferred: false), at: retry, 0)
        #expect(try database.claimDeliveries(StoreFixture.everything, now: retry, lease: 300, limit: 10).deliveries.count == 2)
    }

    @Test func theStandingCountsWhatIsStillToGoInTheRound() throws {
        let fixture = try StoreFixture(bodies: 4)
        defer { fixture.remove() }
        let database = fixture.database
        try fixture.queueMailouts(bodies: 4)
        // 8 deliveries: 2 sent, 1 failed, 1 deferred, 2 claimed now, 1 claimed by a run that died, 1 queued.
        let first = try database.claimDeliveries(Self.due, now: Self.now, lease: 60, limit: 5)
        let ids = first.deliveries.map(\.id)
        try database.record(.sent(reply: "250"), delivery: ids[0], claim: first.token, now: Self.now)
        try database.record(.sent(reply: "250"), delivery: ids[1], claim: first.token, now: Self.now)
        try database.record(.failed(reply: "550 5.1.1 unknown"), delivery: ids[2], claim: first.token, now: Self.now)
        let retry = Self.now.addingTimeInterval(3600)
        try database.record(.deferred(reply: "451"), delivery: ids[3], claim: first.token, now: Self.now, retryAt: retry)
        let later = Self.now.addingTimeInterval(120)
        let second = try database.claimDeliveries(Self.due, now: later, lease: 300, limit: 2)
        #expect(second.deliveries.map(\.id).contains(ids[4]), "the dead run's claim is taken again")
        let standing = try database.standing(consultation: "mal-2019", kinds: [.mailout], now: later)
        #expect(standing.sent == 2)
        #expect(standing.failed.map(\.reply) == ["550 5.1.1 unknown"])
        #expect(standing.deferred == 1 && standing.nextAttempt == retry)
        #expect(standing.sending == 2 && standing.sendingUntil == later.addingTimeInterval(300))
        #expect(standing.queued == 2)
        #expect(standing.unknown == 0)
        #expect(standing.pending == 5 && standing.total == 8)
        // Once the second run's lease has run out too, whether its two went is unknown.
        let dead = try database.standing(consultation: "mal-2019", kinds: [.mailout], now: later.addingTimeInterval(301))
        #expect(dead.unknown == 2 && dead.sending == 0)
        #expect(try database.standing(consultation: "mal-2019", kinds: [.reminder], now: later).total == 0)
    }

    @Test func twoResendsAtOnceQueueAFailedDeliveryOnce() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        try fixture.queueMailouts(bodies: 1)
        let claim = try fixture.database.claimDeliveries(Self.due, now: Self.now, lease: 300, limit: 10)
        for delivery in claim.deliveries {
            try fixture.database.record(.failed(reply: "550 unknown"), delivery: delivery.id, claim: claim.token, now: Self.now)
        }
        // The secretary moved: the Cc goes to the new address, the mailbox is tried again as it is.
        let current = [
            Recipient(address: try EmailAddress("b1@kommun.example"), role: .to),
            Recipient(address: try EmailAddress("ny.sek.b1@kommun.example"), role: .cc),
        ]
        let databases = [fixture.database, try fixture.reopen(), try fixture.reopen(), try fixture.reopen()]
        let requeued = Mutex<[[String]]>([])
        DispatchQueue.concurrentPerform(iterations: databases.count) { index in
            let addresses =
                (try? databases[index].requeueFailed(
                    consultation: "mal-2019", body: "B1", currentRecipients: current, now: Self.now, audit: { _ in nil })) ?? []
            requeued.withLock { $0.append(addresses.map(\.description)) }
        }
        let results = requeued.withLock { $0 }.filter { !$0.isEmpty }
        #expect(results == [["b1@kommun.example", "ny.sek.b1@kommun.example"]], "\(results)")
        let ledger = try fixture.database.deliveries(consultation: "mal-2019")
        #expect(ledger.map(\.recipient.description).sorted() == ["b1@kommun.example", "ny.sek.b1@kommun.example", "sek.b1@kommun.example"])
        #expect(ledger.filter { $0.state == .queued }.count == 2)
        #expect(ledger.first { $0.recipient.description == "sek.b1@kommun.example" }?.state == .failed)
    }
}
