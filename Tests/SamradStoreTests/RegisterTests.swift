import Foundation
import GRDB
import SamradCore
import Synchronization
import Testing

@testable import SamradStore

/// The round's register series and the import's all-or-nothing transaction.
@Suite("The register and imports")
struct RegisterTests {
    static let now = StoreFixture.now

    static func reply(_ key: String, body: String, round: String = "mal-2019") -> ImportItem {
        ImportItem(
            record: IncomingRecord(
                key: key, kind: .reply, match: RoundBody(consultation: round, body: body), matchedBy: .senderAlone,
                sender: "\(body.lowercased())@kommun.example", subject: "Svar", sentAt: now, source: "\(key).eml", raw: Data(key.utf8)),
            contributions: [Contribution(goalArea: 1, stance: .supports, text: "Ja")])
    }

    @Test func messagesOutAndRepliesInShareOneSeriesWithoutGaps() throws {
        let fixture = try StoreFixture(bodies: 3)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1"), try StoreFixture.mailout("B2")], now: Self.now, audit: { _ in nil })
        let outcomes = try database.importItems(
            [Self.reply("r1", body: "B1"), Self.reply("r1", body: "B1"), Self.reply("r2", body: "B2")], now: Self.now, audit: { _ in [] })
        #expect(
            outcomes == [
                .imported(kind: .reply, registration: "KS 2019/017-3"), .duplicate, .imported(kind: .reply, registration: "KS 2019/017-4"),
            ])
        try database.queue([try StoreFixture.mailout("B3")], now: Self.now, audit: { _ in nil })
        let register = try database.register(consultation: "mal-2019")
        #expect(register.map(\.number) == [1, 2, 3, 4, 5])
        #expect(register.map(\.direction) == [.outgoing, .outgoing, .incoming, .incoming, .outgoing])
        #expect(register.first?.registration == "KS 2019/017-1")
    }

    @Test func severalProcessesRecordingAtOnceLeaveNoGapAndNoNumberTwice() throws {
        let fixture = try StoreFixture(bodies: 40)
        defer { fixture.remove() }
        let databases = try (0..<4).map { _ in try fixture.reopen() }
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for n in stride(from: worker + 1, through: 40, by: 4) {
                if n % 2 == 0 {
                    _ = try? databases[worker].queue([try StoreFixture.mailout("B\(n)")], now: Self.now, audit: { _ in nil })
                } else {
                    _ = try? databases[worker].importItems([Self.reply("svar-\(n)", body: "B\(n)")], now: Self.now, audit: { _ in [] })
                }
            }
        }
        let numbers = try fixture.database.register(consultation: "mal-2019").map(\.number)
        #expect(numbers == Array(1...40))
    }

    @Test func anImportThatFailsPartWayKeepsNothingAndUsesNoNumber() throws {
        let fixture = try StoreFixture(bodies: 2)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        let before = try database.register(consultation: "mal-2019")
        // The third item names a body the registry does not have: the foreign key stops the transaction there.
        let items = [Self.reply("ok-1", body: "B1"), Self.reply("ok-2", body: "B2"), Self.reply("bad", body: "OKAND")]
        #expect(throws: DatabaseError.self) { try database.importItems(items, now: Self.now, audit: { _ in [] }) }
        #expect(try database.register(consultation: "mal-2019") == before)
        let kept = try fixture.count("incoming")
        #expect(kept == 0)
        // The good items alone go in afterwards, numbered straight after the mailout.
        let outcomes = try database.importItems(Array(items.prefix(2)), now: Self.now, audit: { _ in [] })
        #expect(
            outcomes == [.imported(kind: .reply, registration: "KS 2019/017-2"), .imported(kind: .reply, registration: "KS 2019/017-3")])
    }

    @Test func everyMessageInIsNumberedOnArrivalAndAnAssignmentKeepsItsNumber() throws {
        let fixture = try StoreFixture(bodies: 1)
        defer { fixture.remove() }
        let database = fixture.database
        try database.queue([try StoreFixture.mailout("B1")], now: Self.now, audit: { _ in nil })
        let claim = try database.claimDeliveries(StoreFixture.everything, now: Self.now, lease: 300, limit: 10)
        for delivery in claim.deliveries {
            try database.record(.sent(reply: "250"), delivery: delivery.id, claim: claim.token, now: Self.now)
        }
        let token = try #require(claim.deliveries.last?.token)
        let bounce = ImportItem(
            record: IncomingRecord(
                key: "dsn-1", kind: .bounce, match: nil, matchedBy: nil, sender: "mailer-daemon@kommun.example", subject: "Undelivered",
                sentAt: Self.now, source: "dsn.eml", raw: nil),
            bounce: .token(token.uppercased(), reason: "5.1.1 user unknown"))
        let unmatched = ImportItem(
            record: IncomingRecord(
                key: "okand-1", kind: .unmatched, match: nil, matchedBy: nil, sender: "okand@privat.example", subject: "Svar",
                sentAt: Self.now, source: "x.eml", raw: Data("From: x\r\n\r\nJa\r\n".utf8)))
        let outcomes = try database.importItems([bounce, unmatched], now: Self.now, audit: { _ in [] })
        // The bounce belongs to the round of the delivery it names; the unmatched message, whose subject names no
        // round, to the year's general series.
        #expect(
            outcomes == [.imported(kind: .bounce, registration: "KS 2019/017-2"), .imported(kind: .unmatched, registration: "INK 2019-1")])
        let failed = try database.deliveries(consultation: "mal-2019", state: .failed)
        #expect(failed.map(\.token) == [token])
        #expect(failed.first?.reply == "bounced: 5.1.1 user unknown")
        #expect(try database.unmatched().map(\.messageID) == ["okand-1"])
        let audit = AuditNote(command: "assign", consultation: "mal-2019", detail: "x", user: "u", at: Self.now)
        let number = try database.assign(
            "okand-1", to: RoundBody(consultation: "mal-2019", body: "B1"), late: false, contributions: [], review: [], now: Self.now,
            audit: { _ in audit })
        #expect(number == "INK 2019-1")
        #expect(try database.unmatched().isEmpty)
        // The round's register lists it after its own series, with its number from the general one.
        #expect(try database.register(consultation: "mal-2019").last?.registration == "INK 2019-1")
        // Assigning it again replaces the answer; unassigning puts it back among the unmatched.
        #expect(
            try database.assign(
                "okand-1", to: RoundBody(consultation: "mal-2019", body: "B1"), late: false, contributions: [], review: [],
                now: Self.now, audit: { _ in audit }) == "INK 2019-1")
        _ = try database.unassign("okand-1", now: Self.now) { _ in audit }
        #expect(try database.unmatched().map(\.messageID) == ["okand-1"])
        #expect(throws: StoreError.self) { try database.unassign("okand-1", now: Self.now) { _ in audit } }
    }

    @Test func aLockHeldByAnotherConnectionIsReadAsBusy() throws {
        let error = DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked")
        #expect(StoreError.from(error)?.code == .busy)
        #expect(StoreError.from(DatabaseError(resultCode: .SQLITE_LOCKED))?.code == .busy)
        #expect(StoreError.from(DatabaseError(resultCode: .SQLITE_CANTOPEN))?.code == .cannotOpen)
        #expect(StoreError.from(CocoaError(.fileNoSuchFile)) == nil)
    }
}
