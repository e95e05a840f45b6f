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

    /// Creates a round as a database holds it.
    public init(consultation: Consultation, revision: Int, sourcePath: String, createdAt: Date, updatedAt: Date, closedAt: Date?) {
        self.consultation = consultation
        self.revision = revision
        self.sourcePath = sourcePath
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.closedAt = closedAt
    }
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
            let revision: Int
            if var round = try RoundRow.fetchOne(db, key: consultation.id) {
                let current = try RevisionRow.filter(
                    RevisionRow.Columns.roundID == round.id && RevisionRow.Columns.revision == round.revision
                ).fetchOne(db)
                if current?.document == document && round.sourcePath == sourcePath {
                    return .unchanged(revision: round.revision)
                }
                revision = round.revision + 1
                round.reference = consultation.reference
                round.title = consultation.title
                round.revision = revision
                round.sourcePath = sourcePath
                round.updatedAt = now
                round.nextDueAt = nil
                try round.update(db)
            } else {
                revision = 1
                try RoundRow(
                    id: consultation.id, reference: consultation.reference, title: consultation.title, revision: 1,
                    sourcePath: sourcePath, closedAt: nil, createdAt: now, updatedAt: now, nextDueAt: nil
                ).insert(db)
            }
            try RevisionRow(
                roundID: consultation.id, revision: revision, document: document, source: source, sourcePath: sourcePath, addedAt: now
            ).insert(db)
            return revision == 1 ? .added : .revised(revision: revision)
        }
    }

    /// One revision of a round as its file read then, and when it was added; nil when there is no such revision.
    public func consultation(_ id: String, revision: Int) throws -> (consultation: Consultation, addedAt: Date)? {
        try read { db in
            try RevisionRow.filter(RevisionRow.Columns.roundID == id && RevisionRow.Columns.revision == revision).fetchOne(db).map {
                (try JSONDecoder().decode(Consultation.self, from: Data($0.document.utf8)), $0.addedAt)
            }
        }
    }

    /// The revision of a round that was current at an instant: the last one added then or before; nil before the first.
    public func revision(of id: String, at instant: Date) throws -> Int? {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT max(revision) FROM consultation_revision WHERE consultation_id = ? AND added_at <= ?",
                arguments: [id, instant])
        }
    }

    /// Every round, in id order.
    public func consultations() throws -> [StoredConsultation] {
        try read { db in try Self.storedConsultations(db, RoundRow.order(RoundRow.Columns.id)) }
    }

    /// One round, or nil.
    public func consultation(_ id: String) throws -> StoredConsultation? {
        try read { db in try Self.storedConsultations(db, RoundRow.filter(key: id)).first }
    }

    /// The rounds a request selects, each as of its current revision.
    static func storedConsultations(_ db: Database, _ rounds: QueryInterfaceRequest<RoundRow>) throws -> [StoredConsultation] {
        try rounds.fetchAll(db).map { round in
            guard
                let revision = try RevisionRow.filter(
                    RevisionRow.Columns.roundID == round.id && RevisionRow.Columns.revision == round.revision
                )
                .fetchOne(db)
            else {
                throw StoreError(
                    .invalidData, "the round \(round.id) has no revision \(round.revision) in the database; restore it from a backup")
            }
            return StoredConsultation(
                consultation: try JSONDecoder().decode(Consultation.self, from: Data(revision.document.utf8)), revision: round.revision,
                sourcePath: round.sourcePath, createdAt: round.createdAt, updatedAt: round.updatedAt, closedAt: round.closedAt)
        }
    }

    /// The round as JSON with sorted keys, so that the same round always gives the same text.
    package static func canonicalJSON(_ consultation: Consultation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(consultation), as: UTF8.self)
    }
}
