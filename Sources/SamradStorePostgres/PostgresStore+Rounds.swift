import Foundation
import PostgresNIO
import SamradCore
import SamradStore

extension PostgresStore: RoundStore {
    public func addConsultation(
        _ consultation: Consultation, source: String, sourcePath: String, now: Date, audit: (ConsultationChange) -> AuditNote?
    ) throws -> ConsultationChange {
        let document = try AppDatabase.canonicalJSON(consultation)
        return try connections.transaction { session in
            let change: ConsultationChange
            // A new round is inserted at once; a known one is locked, so two runs adding the same changed file record
            // one revision, the second finding it unchanged.
            let inserted = try session.execute(
                """
                INSERT INTO consultation (id, reference, title, revision, source_path, closed_at, created_at, updated_at, next_due_at)
                VALUES (\(consultation.id), \(consultation.reference), \(consultation.title), 1, \(sourcePath), NULL, \(now), \(now), NULL)
                ON CONFLICT (id) DO NOTHING
                """)
            if inserted == 1 {
                change = .added
            } else {
                guard
                    let round = try session.rows(
                        """
                        SELECT c.revision, c.source_path, r.document FROM consultation c
                        LEFT JOIN consultation_revision r ON r.consultation_id = c.id AND r.revision = c.revision
                        WHERE c.id = \(consultation.id) FOR UPDATE OF c
                        """
                    ).first
                else { throw PostgresStoreError("the round \(consultation.id) vanished while it was being added; add it again") }
                let current = try round.value("revision", as: Int.self)
                if try round.optional("document", as: String.self) == document && round.value("source_path", as: String.self) == sourcePath
                {
                    change = .unchanged(revision: current)
                    if let note = audit(change) { try Self.append(note, session: session) }
                    return change
                }
                change = .revised(revision: current + 1)
                try session.execute(
                    """
                    UPDATE consultation SET reference = \(consultation.reference), title = \(consultation.title), revision = \(current + 1),
                        source_path = \(sourcePath), updated_at = \(now), next_due_at = NULL
                    WHERE id = \(consultation.id)
                    """)
            }
            let revision = if case .revised(let revision) = change { revision } else { 1 }
            try session.execute(
                """
                INSERT INTO consultation_revision (consultation_id, revision, document, source, source_path, added_at)
                VALUES (\(consultation.id), \(revision), \(document), \(source), \(sourcePath), \(now))
                """)
            if let note = audit(change) { try Self.append(note, session: session) }
            return change
        }
    }

    public func consultations() throws -> [StoredConsultation] {
        try connections.transaction(readOnly: true) { session in try Self.storedConsultations(session) }
    }

    public func consultation(_ id: String) throws -> StoredConsultation? {
        try connections.transaction(readOnly: true) { session in try Self.storedConsultations(session, id: id).first }
    }

    public func consultation(_ id: String, revision: Int) throws -> (consultation: Consultation, addedAt: Date)? {
        try connections.withSession { session in
            guard
                let row = try session.rows(
                    "SELECT document, added_at FROM consultation_revision WHERE consultation_id = \(id) AND revision = \(revision)"
                ).first
            else { return nil }
            let document = try row.value("document", as: String.self)
            return (try JSONDecoder().decode(Consultation.self, from: Data(document.utf8)), try row.value("added_at", as: Date.self))
        }
    }

    public func revision(of id: String, at instant: Date) throws -> Int? {
        try connections.withSession { session in
            try session.scalar(
                "SELECT max(revision) FROM consultation_revision WHERE consultation_id = \(id) AND added_at <= \(instant)", as: Int.self)
        }
    }

    public func consultationsToPlan(now: Date) throws -> [StoredConsultation] {
        try connections.transaction(readOnly: true) { session in
            try Self.storedConsultations(session, toPlanAt: now)
        }
    }

    @discardableResult
    public func closeConsultation(_ id: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try connections.transaction { session in
            let closed = try session.execute("UPDATE consultation SET closed_at = \(now) WHERE id = \(id) AND closed_at IS NULL") == 1
            if let note = audit(closed) { try Self.append(note, session: session) }
            return closed
        }
    }

    /// The rounds in id order, each as of its current revision: all of them, the one with an id, or the open ones that
    /// may have something due at an instant.
    static func storedConsultations(_ session: PostgresSession, id: String? = nil, toPlanAt now: Date? = nil) throws
        -> [StoredConsultation]
    {
        let query: PostgresQuery = """
            SELECT c.id, c.revision, c.source_path, c.created_at, c.updated_at, c.closed_at, r.document FROM consultation c
            LEFT JOIN consultation_revision r ON r.consultation_id = c.id AND r.revision = c.revision
            WHERE (\(id)::text IS NULL OR c.id = \(id))
                AND (\(now)::timestamptz IS NULL OR (c.closed_at IS NULL AND (c.next_due_at IS NULL OR c.next_due_at <= \(now))))
            ORDER BY c.id
            """
        return try session.rows(query).map { row in
            let id = try row.value("id", as: String.self)
            let revision = try row.value("revision", as: Int.self)
            guard let document = try row.optional("document", as: String.self) else {
                throw PostgresStoreError("the round \(id) has no revision \(revision) in the database; restore it from a backup")
            }
            return StoredConsultation(
                consultation: try JSONDecoder().decode(Consultation.self, from: Data(document.utf8)), revision: revision,
                sourcePath: try row.value("source_path"), createdAt: try row.value("created_at"), updatedAt: try row.value("updated_at"),
                closedAt: try row.optional("closed_at"))
        }
    }
}
