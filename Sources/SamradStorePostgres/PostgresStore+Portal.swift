import Foundation
import PostgresNIO
import SamradCore
import SamradStore

// The answer portal on PostgreSQL: links by the SHA-256 of their token, drafts, submissions and the coordinators who
// may log in, with the same behaviour as `AppDatabase+Portal`. A submission takes its register number from the
// round's locked counter row, and its receipt is queued in the same transaction.

extension PostgresStore: PortalStore {
    public func addPortalLink(_ match: RoundBody, tokenSHA256: String, messageID: String?, now: Date) throws {
        try connections.transaction { session in
            try session.execute(
                """
                INSERT INTO portal_link (consultation_id, organization_id, token_sha256, message_id, created_at)
                VALUES (\(match.consultation), \(match.body), \(tokenSHA256), \(messageID), \(now))
                """)
        }
    }

    public func portalLink(tokenSHA256: String) throws -> PortalLink? {
        try connections.withSession { session in try Self.portalLink(tokenSHA256: tokenSHA256, session: session) }
    }

    static func portalLink(tokenSHA256: String, session: PostgresSession) throws -> PortalLink? {
        guard
            let row = try session.rows(
                "SELECT consultation_id, organization_id, revoked_at FROM portal_link WHERE token_sha256 = \(tokenSHA256)"
            ).first
        else { return nil }
        return PortalLink(
            match: RoundBody(consultation: try row.value("consultation_id"), body: try row.value("organization_id")),
            revokedAt: try row.optional("revoked_at"))
    }

    public func portalPage(tokenSHA256: String, history: Bool) throws -> PortalPageFacts? {
        try connections.transaction(readOnly: true) { session in
            guard let link = try Self.portalLink(tokenSHA256: tokenSHA256, session: session) else { return nil }
            let match = link.match
            var facts = PortalPageFacts(link: link, round: nil, body: nil, submissions: [], draft: nil)
            guard link.revokedAt == nil else { return facts }
            facts.round = try Self.portalRound(match.consultation, session: session)
            facts.body = try Self.portalBody(match.body, session: session)
            var submissions: PostgresQuery = """
                \(unescaped: Self.submissionQuery)
                WHERE i.kind = 'portal' AND i.consultation_id = \(match.consultation) AND i.organization_id = \(match.body)
                """
            submissions.sql += history ? " ORDER BY i.id" : " ORDER BY i.id DESC LIMIT 1"
            facts.submissions = try session.rows(submissions).map(Self.submission)
            if let row = try session.rows(
                """
                SELECT form, saved_at FROM portal_draft
                WHERE consultation_id = \(match.consultation) AND organization_id = \(match.body)
                """
            ).first {
                let form = try JSONDecoder().decode(PortalForm.self, from: Data(try row.value("form", as: String.self).utf8))
                facts.draft = (form, try row.value("saved_at"))
            }
            return facts
        }
    }

    /// A round as its current revision's file read it, for the portal's page; nil when the database has no such round.
    /// Reads `consultation_revision`, the rounds' table with the same columns as SQLite's.
    static func portalRound(_ id: String, session: PostgresSession) throws -> StoredConsultation? {
        guard
            let row = try session.rows(
                """
                SELECT c.revision, c.source_path, c.created_at, c.updated_at, c.closed_at, r.document::text AS document
                FROM consultation c JOIN consultation_revision r ON r.consultation_id = c.id AND r.revision = c.revision
                WHERE c.id = \(id)
                """
            ).first
        else { return nil }
        return StoredConsultation(
            consultation: try JSONDecoder().decode(Consultation.self, from: Data(try row.value("document", as: String.self).utf8)),
            revision: try row.value("revision"), sourcePath: try row.value("source_path"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"), closedAt: try row.optional("closed_at"))
    }

    /// A body of the registry with its contacts, for the portal's page; nil when the registry has no such body.
    /// Reads `contact`, the registry's table with the same columns as SQLite's.
    static func portalBody(_ id: String, session: PostgresSession) throws -> Body? {
        guard var body = try bodies(session: session, only: id)[id] else { return nil }
        body.contacts = try session.rows(
            "SELECT name, role, email FROM contact WHERE organization_id = \(id) ORDER BY position"
        ).map { row in
            Contact(
                name: try row.value("name"), role: try decode(ContactRole.self, try row.value("role", as: String.self)),
                email: try EmailAddress(try row.value("email", as: String.self)))
        }
        return body
    }

    @discardableResult
    public func revokePortalLinks(_ match: RoundBody, now: Date, audit: (Int) -> AuditNote?) throws -> Int {
        try connections.transaction { session in
            let revoked = try session.execute(
                """
                UPDATE portal_link SET revoked_at = \(now)
                WHERE consultation_id = \(match.consultation) AND organization_id = \(match.body) AND revoked_at IS NULL
                """)
            try session.execute(
                """
                INSERT INTO portal_revocation (consultation_id, organization_id, revoked_at)
                VALUES (\(match.consultation), \(match.body), \(now))
                """)
            if let note = audit(revoked) { try Self.append(note, session: session) }
            return revoked
        }
    }

    public func pendingPortalRevocation(_ match: RoundBody) throws -> Int64? {
        try connections.withSession { session in
            try session.scalar(
                """
                SELECT id FROM portal_revocation
                WHERE consultation_id = \(match.consultation) AND organization_id = \(match.body) AND link_queued_at IS NULL
                ORDER BY id DESC LIMIT 1
                """, as: Int64.self)
        }
    }

    public func queuePortalLink(_ message: QueuedMessage, revocation: Int64, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try connections.transaction { session in
            let inserted = try Self.insert([message], session: session, now: now) == 1
            try session.execute("UPDATE portal_revocation SET link_queued_at = \(now) WHERE id = \(revocation)")
            if let note = audit(inserted) { try Self.append(note, session: session) }
            return inserted
        }
    }

    public func savePortalDraft(_ match: RoundBody, form: PortalForm, now: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        try connections.transaction { session in
            try session.execute(
                """
                INSERT INTO portal_draft (consultation_id, organization_id, form, saved_at)
                VALUES (\(match.consultation), \(match.body), \(json), \(now))
                ON CONFLICT (consultation_id, organization_id) DO UPDATE SET form = EXCLUDED.form, saved_at = EXCLUDED.saved_at
                """)
        }
    }

    public func recordPortalAnswer(
        _ answer: PortalAnswer, receipt: (_ key: String, _ registration: String) throws -> QueuedMessage, now: Date,
        audit: (String) -> AuditNote
    ) throws -> (key: String, registration: String) {
        let form = try JSONEncoder().encode(answer.form)
        return try connections.transaction { session in
            let round = answer.match.consultation
            let number = try Self.nextRegisterNumber(session: session, consultation: round)
            let key = "portal:\(UUID().uuidString.lowercased())"
            let sender = [answer.form.respondent, answer.form.role].filter { !$0.isEmpty }.joined(separator: ", ")
            guard
                let incoming = try session.scalar(
                    """
                    INSERT INTO incoming (key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at,
                        imported_at, source, raw, register_number, register_consultation)
                    VALUES (\(key), \(IncomingKind.portal.rawValue), \(round), \(answer.match.body), \(MatchRule.portal.rawValue),
                        \(sender), \(answer.subject), \(answer.date), \(now), 'svarsportalen', \(form), \(number), \(round))
                    RETURNING id
                    """, as: Int64.self)
            else { throw PostgresStoreError("the database gave the new message in no id") }
            if let document = answer.form.document {
                try Self.insertAttachment(document, incoming: incoming, session: session)
            }
            _ = try Self.insertResponse(
                session: session, incoming: incoming, match: answer.match, kind: .portal, matchedBy: .portal, receivedAt: answer.date,
                now: now, late: answer.late, source: "svarsportalen", contributions: answer.contributions)
            let registration = try Self.registration(ofIncoming: incoming, session: session) ?? key
            // The receipt takes the round's next number after the answer's, in this same transaction.
            _ = try Self.insert([try receipt(key, registration)], session: session, now: now)
            try session.execute(
                "DELETE FROM portal_draft WHERE consultation_id = \(round) AND organization_id = \(answer.match.body)")
            try Self.append(audit(registration), session: session)
            return (key, registration)
        }
    }

    public func portalSubmissions(_ match: RoundBody) throws -> [PortalSubmission] {
        try connections.withSession { session in
            try session.rows(
                """
                \(unescaped: Self.submissionQuery)
                WHERE i.kind = 'portal' AND i.consultation_id = \(match.consultation) AND i.organization_id = \(match.body)
                ORDER BY i.id
                """
            ).map(Self.submission)
        }
    }

    public func portalSubmission(key: String) throws -> PortalSubmission? {
        try connections.withSession { session in
            try session.rows("\(unescaped: Self.submissionQuery) WHERE i.kind = 'portal' AND i.key = \(key)").first.map(
                Self.submission)
        }
    }

    static let submissionQuery = """
        SELECT i.key, i.consultation_id, i.organization_id, i.sent_at, i.raw, i.register_number, c.reference, r.late
        FROM incoming i JOIN consultation c ON c.id = i.register_consultation
        LEFT JOIN response r ON r.incoming_id = i.id AND r.withdrawn_at IS NULL
        """

    static func submission(_ row: PostgresRandomAccessRow) throws -> PortalSubmission {
        let raw = try row.optional("raw", as: Data.self) ?? Data()
        return PortalSubmission(
            key: try row.value("key"),
            match: RoundBody(consultation: try row.value("consultation_id"), body: try row.value("organization_id")),
            registration: written(
                number: try row.value("register_number"), reference: try row.value("reference", as: String.self), year: nil),
            date: try row.value("sent_at"), late: try row.optional("late") ?? false,
            form: try JSONDecoder().decode(PortalForm.self, from: raw))
    }

    @discardableResult
    public func setCoordinator(_ name: String, passwordHash: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try connections.transaction { session in
            // One statement, so two processes setting the same new name at once do not both insert it: `xmax = 0` holds
            // for a row this statement inserted, not for one it updated.
            let new =
                try session.scalar(
                    """
                    INSERT INTO coordinator (name, password_hash, created_at, updated_at)
                    VALUES (\(name), \(passwordHash), \(now), \(now))
                    ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = EXCLUDED.updated_at
                    RETURNING (xmax = 0) AS new
                    """, as: Bool.self) ?? false
            if let note = audit(new) { try Self.append(note, session: session) }
            return new
        }
    }

    public func coordinatorPasswordHash(_ name: String) throws -> String? {
        try connections.withSession { session in
            try session.scalar("SELECT password_hash FROM coordinator WHERE name = \(name)", as: String.self)
        }
    }
}
