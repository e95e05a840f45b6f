import Foundation
import GRDB
import SamradCore
import Testing

@testable import SamradStore

/// The audit trail: every change that carries out a command appends its line in its own
/// transaction, so that no change is ever committed without its line.
@Suite("The audit trail")
struct AuditTrailTests {
    static let now = StoreFixture.now

    static func entry(_ command: String, _ detail: String = "changed", consultation: String? = "mal-2019") -> AuditNote {
        AuditNote(command: command, consultation: consultation, detail: detail, user: "handlaggare", at: now)
    }

    /// An audit closure that always makes its entry.
    static func note<Outcome>(_ command: String, _ detail: String = "changed") -> (Outcome) -> AuditNote? {
        { _ in entry(command, detail) }
    }

    /// A database whose audit table refuses every new line, as a crash between a change and its
    /// line would leave things if they were two transactions.
    static func refusingAudit(_ connection: DatabaseQueue) throws {
        try connection.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END")
        }
    }

    /// Every intent-named write of a command, each given a note; each returns what it changed, as text.
    static let changes: [(name: String, change: @Sendable (AppDatabase) throws -> Void)] = [
        ("contacts load", { try $0.loadRegistry([try StoreFixture.body("NY")], now: now, audit: note("contacts load")) }),
        (
            "consultation add",
            { try $0.addConsultation(try StoreFixture.round(id: "ny"), source: "r", sourcePath: "/n.yaml", now: now, audit: note("add")) }
        ),
        ("consultation close", { try $0.closeConsultation("mal-2019", now: now, audit: note("consultation close")) }),
        ("send", { try $0.queue([try StoreFixture.mailout("B2")], now: now, audit: note("send")) }),
        (
            "remind",
            {
                try $0.queue(
                    [try StoreFixture.mailout("B2")], invitations: [], nextDue: ("mal-2019", now.addingTimeInterval(3600)), now: now,
                    audit: note("remind"))
            }
        ),
        (
            "resend",
            {
                _ = try $0.requeueFailed(
                    consultation: "mal-2019", body: "B1",
                    currentRecipients: [Recipient(address: try EmailAddress("b1@kommun.example"), role: .to)],
                    now: now,
                    audit: note("resend"))
            }
        ),
        (
            "import",
            {
                _ = try $0.importItems(
                    [
                        ImportItem(
                            record: IncomingRecord(
                                key: "svar@b1.example", kind: .reply, match: RoundBody(consultation: "mal-2019", body: "B1"),
                                matchedBy: nil,
                                sender: "b1@kommun.example", subject: "Svar", sentAt: now, source: "svar.eml", raw: Data("x".utf8)),
                            contributions: [Contribution(goalArea: 1, stance: .supports, text: "Ja")])
                    ], now: now, audit: { _ in [entry("import")] })
            }
        ),
        (
            "assign",
            {
                _ = try $0.assign(
                    "okand@privat.example", to: RoundBody(consultation: "mal-2019", body: "B1"), late: false, contributions: [],
                    review: [], now: now, audit: { _ in entry("assign") })
            }
        ),
    ]

    /// A round with B1's mailout failed and an unmatched message waiting, so that every change has something to change.
    static func prepared() throws -> AppDatabase {
        try preparedWithConnection().database
    }

    /// The prepared database and its connection, for a test that looks under the store's API.
    static func preparedWithConnection() throws -> (database: AppDatabase, connection: DatabaseQueue) {
        let connection = try DatabaseQueue()
        let database = try AppDatabase(connection)
        try database.loadRegistry([try StoreFixture.body("B1"), try StoreFixture.body("B2")], now: now, audit: { _ in nil })
        _ = try database.addConsultation(try StoreFixture.round(), source: "r", sourcePath: "/r.yaml", now: now, audit: { _ in nil })
        try database.queue([try StoreFixture.mailout("B1")], now: now, audit: { _ in nil })
        let claim = try database.claimDeliveries(StoreFixture.everything, now: now, lease: 300, limit: 10)
        for delivery in claim.deliveries {
            try database.record(.failed(reply: "550"), delivery: delivery.id, claim: claim.token, now: now)
        }
        _ = try database.importItems(
            [
                ImportItem(
                    record: IncomingRecord(
                        key: "okand@privat.example", kind: .unmatched, match: nil, matchedBy: nil, sender: "okand@privat.example",
                        subject: "Synpunkter", sentAt: now, source: "x.eml", raw: Data("From: okand@privat.example\r\n\r\nJa.\r\n".utf8)))
            ], now: now, audit: { _ in [] })
        return (database, connection)
    }

    static func snapshot(_ connection: DatabaseQueue) throws -> String {
        try connection.read { db in
            try ["organization", "consultation", "message", "delivery", "incoming", "response", "audit", "register_counter"].map { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map(\.description).joined(separator: "\n")
            }.joined(separator: "\n--\n")
        }
    }

    @Test(arguments: changes.map(\.name))
    func eachChangeAppendsItsLineInTheSameTransaction(_ name: String) throws {
        let change = try #require(Self.changes.first { $0.name == name }?.change)
        let database = try Self.prepared()
        let before = try database.auditTrail(consultation: nil).count
        try change(database)
        let trail = try database.auditTrail(consultation: nil)
        #expect(trail.count == before + 1, "\(name) appended \(trail.count - before) lines")
        #expect(trail.last?.user == "handlaggare")
        #expect(trail.last?.at == Self.now)
    }

    @Test(arguments: changes.map(\.name))
    func aChangeWhoseLineCannotBeWrittenIsNotMadeAtAll(_ name: String) throws {
        let change = try #require(Self.changes.first { $0.name == name }?.change)
        let (database, connection) = try Self.preparedWithConnection()
        try Self.refusingAudit(connection)
        let before = try Self.snapshot(connection)
        #expect(throws: DatabaseError.self) { try change(database) }
        #expect(try Self.snapshot(connection) == before, "\(name) changed the database without its audit line")
    }

    @Test func aChangeThatChangesNothingLeavesNoLine() throws {
        let database = try Self.prepared()
        let unchanged: (RegistryChanges) -> AuditNote? = { changes in changes.isEmpty ? nil : Self.entry("contacts load") }
        try database.loadRegistry([try StoreFixture.body("B1"), try StoreFixture.body("B2")], now: Self.now, audit: unchanged)
        let closed: (Bool) -> AuditNote? = { $0 ? Self.entry("consultation close", "closed") : nil }
        #expect(try database.closeConsultation("mal-2019", now: Self.now, audit: closed))
        #expect(try database.closeConsultation("mal-2019", now: Self.now, audit: closed) == false)
        #expect(try database.auditTrail(consultation: nil).map(\.command) == ["consultation close"])
    }

    @Test func anImportWritesALinePerRoundItConcerns() throws {
        let database = try Self.prepared()
        _ = try database.addConsultation(
            try StoreFixture.round(id: "annan"), source: "r", sourcePath: "/a.yaml", now: Self.now, audit: { _ in nil })
        _ = try database.importItems([], now: Self.now) { outcomes in
            [Self.entry("import", "\(outcomes.count) items"), Self.entry("import", "\(outcomes.count) items", consultation: "annan")]
        }
        #expect(try database.auditTrail(consultation: "mal-2019").map(\.detail) == ["0 items"])
        #expect(try database.auditTrail(consultation: "annan").map(\.detail) == ["0 items"])
    }

    @Test func theTrailCannotBeAlteredOrShortened() throws {
        let (database, connection) = try Self.preparedWithConnection()
        try Self.changes[0].change(database)
        #expect(throws: DatabaseError.self) {
            try connection.write { db in try db.execute(sql: "UPDATE audit SET detail = 'nothing'") }
        }
        #expect(throws: DatabaseError.self) {
            try connection.write { db in try db.execute(sql: "DELETE FROM audit") }
        }
        #expect(try database.auditTrail(consultation: nil).count == 1)
    }
}
