import Foundation
import GRDB
import SamradCore
import Testing

@testable import SamradStore

/// A database made by an earlier version opens in this one with what it held, in the shape this one reads.
@Suite("Migrations")
struct MigrationTests {
    static let now = StoreFixture.now

    /// A database as version 6 left it: two boards, the round, a reply read the old way (a general stance lent to the
    /// areas it did not name), a general answer without a stance, and an unmatched message without a register number.
    static func version6() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v6: when each round next has something due")
        let document = try AppDatabase.canonicalJSON(try StoreFixture.round())
        try queue.write { db in
            for body in ["B1", "B2"] {
                try db.execute(
                    sql: "INSERT INTO organization (id, name, kind, mailbox, updated_at) VALUES (?, ?, 'board', ?, ?)",
                    arguments: [body, "Nämnd \(body)", "\(body.lowercased())@kommun.example", Self.now])
            }
            try db.execute(
                sql: """
                    INSERT INTO consultation (id, reference, title, revision, source_path, created_at, updated_at)
                    VALUES ('mal-2019', 'KS 2019/017', 'Nya mål', 1, '/r.yaml', ?, ?)
                    """, arguments: [Self.now, Self.now])
            try db.execute(
                sql: """
                    INSERT INTO consultation_revision (consultation_id, revision, document, source, source_path, added_at)
                    VALUES ('mal-2019', 1, ?, 'r', '/r.yaml', ?)
                    """, arguments: [document, Self.now])
            try db.execute(sql: "INSERT INTO register_counter (consultation_id, last) VALUES ('mal-2019', 2)")
            let rows: [(key: String, kind: String, body: String?, number: Int?)] = [
                ("b1@svar", "reply", "B1", 1), ("b2@svar", "reply", "B2", 2), ("okand@svar", "unmatched", nil, nil),
            ]
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO incoming (key, kind, consultation_id, organization_id, subject, imported_at, source, register_number)
                        VALUES (?, ?, ?, ?, 'Svar', ?, 'svar.mbox', ?)
                        """,
                    arguments: [row.key, row.kind, row.body == nil ? nil : "mal-2019", row.body, Self.now, row.number])
            }
            // B1: "Nämnden tillstyrker förslaget. Mål 1: vi vill lyfta X." — read as a general stance that covered area 2
            // and lent itself to area 1. B2: "Vi har tagit del av förslaget." — a general answer without a stance.
            for (id, body, number, items) in [
                (Int64(1), "B1", 1, [(nil, "supports", "Nämnden tillstyrker förslaget."), (1, "unstated", "Vi vill lyfta X.")]),
                (Int64(2), "B2", 2, [(Int?.none, "unstated", "Vi har tagit del av förslaget.")]),
            ] as [(Int64, String, Int, [(Int?, String, String)])] {
                try db.execute(
                    sql: """
                        INSERT INTO response (id, consultation_id, organization_id, registration_number, received_at, source, incoming_id,
                            matched_by)
                        VALUES (?, 'mal-2019', ?, ?, ?, 'svar.mbox', ?, 'sender')
                        """, arguments: [id, body, number, Self.now, id])
                for (area, stance, text) in items {
                    try db.execute(
                        sql: "INSERT INTO contribution (response_id, goal_area, stance, text) VALUES (?, ?, ?, ?)",
                        arguments: [id, area, stance, text])
                }
            }
        }
        return queue
    }

    @Test func answersReadBeforeVersion7KeepTheirStandingStances() throws {
        let database = try AppDatabase(try Self.version6())
        let stored = try #require(try database.consultation("mal-2019"))
        let status = try database.status(of: stored, now: Self.now.addingTimeInterval(86_400))
        let b1 = try #require(status.rows.first { $0.id == "B1" })
        let b2 = try #require(status.rows.first { $0.id == "B2" })
        #expect(b1.answers == ["1": .supports, "2": .supports])
        #expect(b2.answers == ["1": .unstated, "2": .unstated])
        // They carry the rule that says they were read before evidence was kept, and the report shows them.
        let facts = try database.responses(consultation: "mal-2019")
        #expect(facts.map(\.registration) == ["KS 2019/017-1", "KS 2019/017-2"])
        #expect(facts.flatMap(\.contributions).allSatisfy { $0.evidence == nil || $0.evidence?.rule == .earlier })
    }

    @Test func messagesInThatHadNoNumberGetOneInTheGeneralSeries() throws {
        let database = try AppDatabase(try Self.version6())
        let unmatched = try database.unmatched()
        #expect(unmatched.map(\.messageID) == ["okand@svar"])
        #expect(unmatched.first?.registration == "INK 2019-1")
        // The round's series goes on from where it was.
        let register = try database.register(consultation: "mal-2019")
        #expect(register.map(\.registration) == ["KS 2019/017-1", "KS 2019/017-2"])
    }
}
