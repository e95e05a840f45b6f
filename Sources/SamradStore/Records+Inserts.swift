import Foundation
import GRDB

// The rows an import writes for every message, inserted through cached statements: GRDB builds a record's INSERT
// from its Encodable conformance each time (some 100,000 instructions a row, more than running it), where a cached
// statement only binds the values. The columns and values are those the record's own insert writes; RecordInsertTests
// compares the rows each way writes.

extension Database {
    /// Runs a cached INSERT of one new row and returns the id the database gave it.
    fileprivate func insertNew(_ sql: String, _ arguments: StatementArguments) throws -> Int64 {
        try cachedStatement(sql: sql).execute(arguments: arguments)
        return lastInsertedRowID
    }
}

extension IncomingRow {
    /// Inserts the new row (`id` nil) and takes the id the database gave it.
    mutating func insertCached(_ db: Database) throws {
        precondition(id == nil, "insertCached inserts a new row")
        id = try db.insertNew(
            """
            INSERT INTO incoming (key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at,
                imported_at, source, raw, note, register_number, register_consultation, register_year, candidates)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                key, kind.rawValue, roundID, bodyID, matchedBy, sender, subject, sentAt, importedAt, source, raw, note, registerNumber,
                registerRound, registerYear, candidates,
            ])
    }
}

extension ResponseRow {
    /// Inserts the new row (`id` nil) and takes the id the database gave it.
    mutating func insertCached(_ db: Database) throws {
        precondition(id == nil, "insertCached inserts a new row")
        id = try db.insertNew(
            """
            INSERT INTO response (consultation_id, organization_id, kind, received_at, recorded_at, source, incoming_id,
                matched_by, late, withdrawn_at, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                roundID, bodyID, kind.rawValue, receivedAt, recordedAt, source, incomingID, matchedBy, late, withdrawnAt, note,
            ])
    }
}

extension ContributionRow {
    /// Inserts the new row (`id` nil) and takes the id the database gave it.
    mutating func insertCached(_ db: Database) throws {
        precondition(id == nil, "insertCached inserts a new row")
        id = try db.insertNew(
            """
            INSERT INTO contribution (response_id, goal_area, stance, text, clause, attachment, page, rule)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [responseID, goalArea, stance?.rawValue, text, clause, attachment, page, rule?.rawValue])
    }
}
