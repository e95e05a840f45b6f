import Foundation
import GRDB
import SamradCore
import Testing

@testable import SamradStore

/// The rows an import inserts through cached statements are the rows the records' own inserts write: every column,
/// with its type (text, integer, blob, NULL), for rows with and without their optional values.
@Suite("Cached inserts")
struct RecordInsertTests {
    /// Two empty databases of the current schema, without foreign keys, so rows can stand alone.
    static func databases() throws -> (DatabaseQueue, DatabaseQueue) {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let first = try DatabaseQueue(configuration: configuration)
        let second = try DatabaseQueue(configuration: configuration)
        try AppDatabase.migrator.migrate(first)
        try AppDatabase.migrator.migrate(second)
        return (first, second)
    }

    /// Every row of a table with the type of each value.
    static func rows(_ queue: DatabaseQueue, _ table: String) throws -> [Row] {
        try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") }
    }

    /// Inserts each row into one database through its record and into the other through its cached statement.
    static func insert<Row: MutablePersistableRecord>(
        _ rows: [Row], byRecord: DatabaseQueue, byCache: DatabaseQueue, cached: (inout Row, Database) throws -> Void,
        id: (Row) -> Int64?
    ) throws {
        for row in rows {
            var first = row
            var second = row
            try byRecord.write { db in try first.insert(db) }
            try byCache.write { db in try cached(&second, db) }
            #expect(id(first) == id(second))
        }
    }

    static let date = Date(timeIntervalSince1970: 1_558_000_000.123)

    @Test func incomingRowsAreWrittenAsTheRecordWritesThem() throws {
        let (byRecord, byCache) = try Self.databases()
        let rows = [
            IncomingRow(
                key: "<a@kommun.example>", kind: .reply, round: "mal-2019", body: "kfn", matchedBy: "reference", sender: "a@kommun.example",
                subject: "SV: Målområden ✓", sentAt: Self.date, importedAt: Self.date.addingTimeInterval(60), source: "svar.mbox#1",
                raw: Data([0, 1, 2, 255]), note: "en anteckning", registration: Registration(number: 7, round: "mal-2019", year: nil),
                candidates: ["kfn", "bun"]),
            IncomingRow(
                key: "sha256:00", kind: .unmatched, round: nil, body: nil, matchedBy: nil, sender: nil, subject: "", sentAt: nil,
                importedAt: Self.date, source: "x.eml", raw: nil, note: nil, registration: Registration(number: 3, round: nil, year: 2019)),
            IncomingRow(
                key: "<b@kommun.example>", kind: .autoReply, round: "mal-2019", body: nil, matchedBy: nil, sender: "b@kommun.example",
                subject: "Frånvaro", sentAt: Self.date, importedAt: Self.date, source: "y.eml", raw: Data(),
                registration: Registration(number: 1, round: "mal-2019", year: nil)),
        ]
        try Self.insert(rows, byRecord: byRecord, byCache: byCache, cached: { try $0.insertCached($1) }, id: \.id)
        #expect(try Self.rows(byRecord, "incoming") == Self.rows(byCache, "incoming"))
        #expect(try Self.rows(byCache, "incoming").count == rows.count)
    }

    @Test func responsesAndContributionsAreWrittenAsTheRecordsWriteThem() throws {
        let (byRecord, byCache) = try Self.databases()
        let responses = [
            ResponseRow(
                id: nil, roundID: "mal-2019", bodyID: "kfn", kind: .mail, receivedAt: Self.date, recordedAt: Self.date,
                source: "svar.mbox#1",
                incomingID: 4, matchedBy: "reference", late: false, withdrawnAt: nil, note: nil),
            ResponseRow(
                id: nil, roundID: "mal-2019", bodyID: nil, kind: .portal, receivedAt: Self.date,
                recordedAt: Self.date.addingTimeInterval(1),
                source: "portal", incomingID: nil, matchedBy: nil, late: true, withdrawnAt: Self.date, note: "sent in late ✓"),
        ]
        try Self.insert(responses, byRecord: byRecord, byCache: byCache, cached: { try $0.insertCached($1) }, id: \.id)
        let contributions = [
            Contribution(
                goalArea: 2, stance: .supports, text: "Nämnden tillstyrker målområde 2.",
                evidence: Evidence(clause: "tillstyrker målområde 2", attachment: "Yttrande.pdf", page: 3, rule: .namedArea)),
            Contribution(goalArea: nil, stance: nil, text: "Övrigt."),
            Contribution(goalArea: 4, stance: .opposes, text: "", evidence: Evidence(clause: "avstyrker", rule: .namedArea)),
        ]
        try Self.insert(
            contributions.map { ContributionRow(response: 1, $0) }, byRecord: byRecord, byCache: byCache,
            cached: { try $0.insertCached($1) }, id: \.id)
        for table in ["response", "contribution"] {
            #expect(try Self.rows(byRecord, table) == Self.rows(byCache, table), "\(table)")
        }
        #expect(try Self.rows(byCache, "contribution").count == contributions.count)
    }
}
