import Foundation
import GRDB
import SamradCore

/// A round as the database holds it: the current revision and where it was read from.
public struct StoredConsultation: Sendable, Equatable {
    /// The round as of its current revision.
    public var consultation: Consultation
    /// The revision number, counted from 1; it goes up each time a changed file is added.
    public var revision: Int
    /// The absolute path of the file the current revision was read from; attachments are relative to it.
    public var sourcePath: String
    /// When the round was first added.
    public var createdAt: Date
    /// When the current revision was added.
    public var updatedAt: Date
    /// When the round was closed, if it was.
    public var closedAt: Date?
}

/// What adding a round's file did.
public enum ConsultationChange: Sendable, Equatable {
    /// A new round, at revision 1.
    case added
    /// The file holds what the database already has: nothing changed.
    case unchanged(revision: Int)
    /// The file changed the round: a new revision was recorded.
    case revised(revision: Int)
}

extension AppDatabase {
    /// Records a round's file: a new round, a new revision of a changed one, or nothing when the same.
    public func addConsultation(
        _ consultation: Consultation, source: String, sourcePath: String, now: Date, audit: (ConsultationChange) -> AuditNote?
    ) throws -> ConsultationChange {
        let document = try Self.canonicalJSON(consultation)
        return try write(audit: audit) { db in
            let current = try Row.fetchOne(
                db,
                sql: """
                    SELECT c.revision, r.document, c.source_path FROM consultation c
                    JOIN consultation_revision r ON r.consultation_id = c.id AND r.revision = c.revision
                    WHERE c.id = ?
                    """, arguments: [consultation.id])
            let revision: Int
            if let current {
                if current["document"] as String == document && current["source_path"] as String == sourcePath {
                    return .unchanged(revision: current["revision"])
                }
                revision = current["revision"] as Int + 1
                try db.execute(
                    sql: """
                        UPDATE consultation SET reference = ?, title = ?, revision = ?, source_path = ?, updated_at = ?, next_due_at = NULL
                        WHERE id = ?
                        """,
                    arguments: [consultation.reference, consultation.title, revision, sourcePath, now, consultation.id])
            } else {
                revision = 1
                try db.execute(
                    sql: """
                        INSERT INTO consultation (id, reference, title, revision, source_path, created_at, updated_at)
                        VALUES (?, ?, ?, 1, ?, ?, ?)
                        """,
                    arguments: [consultation.id, consultation.reference, consultation.title, sourcePath, now, now])
            }
            try db.execute(
                sql: """
                    INSERT INTO consultation_revision (consultation_id, revision, document, source, source_path, added_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [consultation.id, revision, document, source, sourcePath, now])
            return revision == 1 ? .added : .revised(revision: revision)
        }
    }

    /// One revision of a round as its file read then, and when it was added; nil when there is no such revision.
    public func consultation(_ id: String, revision: Int) throws -> (consultation: Consultation, addedAt: Date)? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT document, added_at FROM consultation_revision WHERE consultation_id = ? AND revision = ?",
                arguments: [id, revision]
            ).map { (try JSONDecoder().decode(Consultation.self, from: Data(($0["document"] as String).utf8)), $0["added_at"]) }
        }
    }

    /// The revision of a round that was current at an instant: the last one added then or before; nil before the first.
    public func revision(of id: String, at instant: Date) throws -> Int? {
        try writer.read { db in
            try Int.fetchOne(
                db, sql: "SELECT max(revision) FROM consultation_revision WHERE consultation_id = ? AND added_at <= ?",
                arguments: [id, instant])
        }
    }

    /// Every round, in id order.
    public func consultations() throws -> [StoredConsultation] {
        try writer.read { db in
            try Row.fetchAll(db, sql: Self.consultationQuery + " ORDER BY c.id").map(Self.storedConsultation)
        }
    }

    /// One round, or nil.
    public func consultation(_ id: String) throws -> StoredConsultation? {
        try writer.read { db in
            try Row.fetchOne(db, sql: Self.consultationQuery + " WHERE c.id = ?", arguments: [id]).map(Self.storedConsultation)
        }
    }

    static let consultationQuery = """
        SELECT c.revision, c.source_path, c.created_at, c.updated_at, c.closed_at, r.document
        FROM consultation c JOIN consultation_revision r ON r.consultation_id = c.id AND r.revision = c.revision
        """

    static func storedConsultation(_ row: Row) throws -> StoredConsultation {
        let consultation = try JSONDecoder().decode(Consultation.self, from: Data((row["document"] as String).utf8))
        return StoredConsultation(
            consultation: consultation, revision: row["revision"], sourcePath: row["source_path"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], closedAt: row["closed_at"])
    }

    /// The round as JSON with sorted keys, so that the same round always gives the same text.
    static func canonicalJSON(_ consultation: Consultation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(consultation), as: UTF8.self)
    }
}
