import Foundation
import GRDB
import SamradCore

extension Schema {
    static let v9 = """
        -- A link to the answer portal that a message carried: only the SHA-256 of its token is kept. Every message a
        -- round with the portal sends a body carries a fresh one; revoking a body's links ends them all.
        CREATE TABLE portal_link (
            id INTEGER PRIMARY KEY,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            token_sha256 TEXT NOT NULL UNIQUE,
            message_id TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        ) STRICT;
        CREATE INDEX portal_link_body ON portal_link(consultation_id, organization_id);

        -- A revocation waits here until 'resend' has queued the message with the body's new link.
        CREATE TABLE portal_revocation (
            id INTEGER PRIMARY KEY,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            revoked_at TEXT NOT NULL,
            link_queued_at TEXT
        ) STRICT;

        -- What a body saved with "Spara utkast", one per body and round; a submission removes it.
        CREATE TABLE portal_draft (
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            form TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (consultation_id, organization_id)
        ) STRICT;

        -- Who may log in to the coordinator's pages, with a bcrypt hash of the password.
        CREATE TABLE coordinator (
            name TEXT PRIMARY KEY NOT NULL,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        """
}

/// What a portal link opens: the round and body, and whether the link was revoked.
public struct PortalLink: Sendable, Equatable {
    /// The round and body.
    public var match: RoundBody
    /// When the link was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a link.
    public init(match: RoundBody, revokedAt: Date?) {
        self.match = match
        self.revokedAt = revokedAt
    }
}

/// What a body's page needs, read in one transaction: the link, the round, the body, its latest submission (or all of
/// them) and its draft.
public struct PortalPageFacts: Sendable {
    /// The link, and whether it was revoked.
    public var link: PortalLink
    /// The round, when the database has it.
    public var round: StoredConsultation?
    /// The body, when the registry has it.
    public var body: Body?
    /// The body's submissions, oldest first: all of them, or only the latest.
    public var submissions: [PortalSubmission]
    /// The body's draft and when it was saved.
    public var draft: (form: PortalForm, savedAt: Date)?

    /// Creates the facts of a page.
    public init(
        link: PortalLink, round: StoredConsultation?, body: Body?, submissions: [PortalSubmission],
        draft: (form: PortalForm, savedAt: Date)?
    ) {
        self.link = link
        self.round = round
        self.body = body
        self.submissions = submissions
        self.draft = draft
    }
}

/// A body's answer given in the portal, to record.
public struct PortalAnswer: Sendable {
    /// The round and body.
    public var match: RoundBody
    /// What the body filled in.
    public var form: PortalForm
    /// When it was sent.
    public var date: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// The subject the register shows, e.g. "Svar via svarsportalen".
    public var subject: String
    /// The contributions it makes, per goal area and in general.
    public var contributions: [Contribution]

    /// Creates an answer.
    public init(match: RoundBody, form: PortalForm, date: Date, late: Bool, subject: String, contributions: [Contribution]) {
        self.match = match
        self.form = form
        self.date = date
        self.late = late
        self.subject = subject
        self.contributions = contributions
    }
}

/// A submission the portal recorded, as the body and its receipt see it again.
public struct PortalSubmission: Sendable, Equatable {
    /// The key of the message in (`portal:…`).
    public var key: String
    /// The round and body.
    public var match: RoundBody
    /// Its register number as written, e.g. `KS 2019/017-31`.
    public var registration: String
    /// When it was sent.
    public var date: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// What the body filled in.
    public var form: PortalForm

    /// Creates a submission.
    public init(key: String, match: RoundBody, registration: String, date: Date, late: Bool, form: PortalForm) {
        self.key = key
        self.match = match
        self.registration = registration
        self.date = date
        self.late = late
        self.form = form
    }
}

extension AppDatabase {
    /// Records a link a message carries, by the SHA-256 of its token.
    public func addPortalLink(_ match: RoundBody, tokenSHA256: String, messageID: String?, now: Date) throws {
        try write { db in
            var link = PortalLinkRow(
                id: nil, roundID: match.consultation, bodyID: match.body, tokenSHA256: tokenSHA256, messageID: messageID, createdAt: now,
                revokedAt: nil)
            try link.insert(db)
        }
    }

    /// The link with a token's SHA-256, or nil.
    public func portalLink(tokenSHA256: String) throws -> PortalLink? {
        try read { db in try PortalLinkRow.filter(PortalLinkRow.Columns.tokenSHA256 == tokenSHA256).fetchOne(db)?.link }
    }

    /// What a link's page needs, by the SHA-256 of its token, in one read; nil for a token no message carried.
    public func portalPage(tokenSHA256: String, history: Bool) throws -> PortalPageFacts? {
        try read { db in
            guard let link = try PortalLinkRow.filter(PortalLinkRow.Columns.tokenSHA256 == tokenSHA256).fetchOne(db)?.link else {
                return nil
            }
            let match = link.match
            var facts = PortalPageFacts(link: link, round: nil, body: nil, submissions: [], draft: nil)
            guard facts.link.revokedAt == nil else { return facts }
            facts.round = try Self.storedConsultations(db, RoundRow.filter(key: match.consultation)).first
            facts.body = try Self.registry(db, only: match.body)[match.body]
            let submissions = Self.submissionQuery + " WHERE i.kind = 'portal' AND i.consultation_id = ? AND i.organization_id = ?"
            facts.submissions = try Row.fetchAll(
                db, sql: submissions + (history ? " ORDER BY i.id" : " ORDER BY i.id DESC LIMIT 1"),
                arguments: [match.consultation, match.body]
            ).map(Self.submission)
            if let draft = try PortalDraftRow.fetchOne(db, key: Self.draftKey(match)) {
                facts.draft = (try JSONDecoder().decode(PortalForm.self, from: Data(draft.form.utf8)), draft.savedAt)
            }
            return facts
        }
    }

    /// Revokes every link of a body in a round, in one transaction with its audit entry; the body's next message
    /// (or `resend`) carries a new one. Returns how many links were revoked.
    @discardableResult
    public func revokePortalLinks(_ match: RoundBody, now: Date, audit: (Int) -> AuditNote?) throws -> Int {
        try write(audit: audit) { db in
            let revoked = try PortalLinkRow.filter(
                PortalLinkRow.Columns.roundID == match.consultation && PortalLinkRow.Columns.bodyID == match.body
                    && PortalLinkRow.Columns.revokedAt == nil
            ).updateAll(db, PortalLinkRow.Columns.revokedAt.set(to: now))
            var revocation = PortalRevocationRow(
                id: nil, roundID: match.consultation, bodyID: match.body, revokedAt: now, linkQueuedAt: nil)
            try revocation.insert(db)
            return revoked
        }
    }

    /// The body's revocation whose new link no message has carried yet, if any.
    public func pendingPortalRevocation(_ match: RoundBody) throws -> Int64? {
        try read { db in
            try PortalRevocationRow.filter(
                PortalRevocationRow.Columns.roundID == match.consultation && PortalRevocationRow.Columns.bodyID == match.body
                    && PortalRevocationRow.Columns.linkQueuedAt == nil
            ).order(PortalRevocationRow.Columns.id.desc).fetchOne(db)?.id
        }
    }

    /// Queues the message that carries a body's new link after a revocation, in one transaction with its audit
    /// entry; returns whether it was new.
    public func queuePortalLink(_ message: QueuedMessage, revocation: Int64, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try write(audit: audit) { db in
            let inserted = try Self.insert([message], db: db, now: now) == 1
            try PortalRevocationRow.filter(key: revocation).updateAll(db, PortalRevocationRow.Columns.linkQueuedAt.set(to: now))
            return inserted
        }
    }

    /// Keeps a body's draft, replacing the one before.
    public func savePortalDraft(_ match: RoundBody, form: PortalForm, now: Date) throws {
        let json = String(decoding: try JSONEncoder().encode(form), as: UTF8.self)
        try write { db in try PortalDraftRow(roundID: match.consultation, bodyID: match.body, form: json, savedAt: now).upsert(db) }
    }

    /// The primary key of a body's draft.
    static func draftKey(_ match: RoundBody) -> [String: any DatabaseValueConvertible] {
        [PortalDraftRow.CodingKeys.roundID.rawValue: match.consultation, PortalDraftRow.CodingKeys.bodyID.rawValue: match.body]
    }

    /// Records a body's answer from the portal in one transaction: the message in with the next register number
    /// (the form kept whole), its document, the response with its contributions, the receipt in the ledger, and the
    /// audit entry; the body's draft is removed. Returns the submission's key and register number.
    public func recordPortalAnswer(
        _ answer: PortalAnswer, receipt: (_ key: String, _ registration: String) throws -> QueuedMessage, now: Date,
        audit: (String) -> AuditNote
    ) throws -> (key: String, registration: String) {
        let form = try JSONEncoder().encode(answer.form)
        return try write { db in
            let number = try Self.nextRegisterNumber(db, consultation: answer.match.consultation)
            let key = "portal:\(UUID().uuidString.lowercased())"
            var row = IncomingRow(
                key: key, kind: .portal, round: answer.match.consultation, body: answer.match.body,
                matchedBy: MatchRule.portal.rawValue,
                sender: [answer.form.respondent, answer.form.role].filter { !$0.isEmpty }.joined(separator: ", "),
                subject: answer.subject, sentAt: answer.date, importedAt: now, source: "svarsportalen", raw: form,
                registration: Registration(number: number, round: answer.match.consultation, year: nil))
            try row.insert(db)
            guard let incoming = row.id else { throw StoreError(.invalidData, "the database gave the new message in no id") }
            if let document = answer.form.document {
                try AttachmentRow(incoming: incoming, document).insert(db)
            }
            _ = try Self.insertResponse(
                db, incoming: incoming, match: answer.match, kind: .portal, matchedBy: .portal, receivedAt: answer.date, now: now,
                late: answer.late, source: "svarsportalen", contributions: answer.contributions)
            let registration = try Self.registration(ofIncoming: incoming, db: db) ?? key
            _ = try Self.insert([try receipt(key, registration)], db: db, now: now)
            try PortalDraftRow.deleteOne(db, key: Self.draftKey(answer.match))
            try Self.append(audit(registration), db: db)
            return (key, registration)
        }
    }

    /// A body's submissions in the portal, oldest first.
    public func portalSubmissions(_ match: RoundBody) throws -> [PortalSubmission] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: Self.submissionQuery + " WHERE i.kind = 'portal' AND i.consultation_id = ? AND i.organization_id = ? ORDER BY i.id",
                arguments: [match.consultation, match.body]
            ).map(Self.submission)
        }
    }

    /// The submission with a key (`portal:…`), or nil.
    public func portalSubmission(key: String) throws -> PortalSubmission? {
        try read { db in
            try Row.fetchOne(db, sql: Self.submissionQuery + " WHERE i.kind = 'portal' AND i.key = ?", arguments: [key]).map(
                Self.submission)
        }
    }

    static let submissionQuery = """
        SELECT i.key, i.consultation_id, i.organization_id, i.sent_at, i.raw, i.register_number, c.reference, r.late
        FROM incoming i JOIN consultation c ON c.id = i.register_consultation
        LEFT JOIN response r ON r.incoming_id = i.id AND r.withdrawn_at IS NULL
        """

    static func submission(_ row: Row) throws -> PortalSubmission {
        let raw: Data = row["raw"] ?? Data()
        return PortalSubmission(
            key: row["key"], match: RoundBody(consultation: row["consultation_id"], body: row["organization_id"]),
            registration: Registration.written(number: row["register_number"], reference: row["reference"], year: nil),
            date: row["sent_at"], late: row["late"] ?? false, form: try JSONDecoder().decode(PortalForm.self, from: raw))
    }

    /// Adds a coordinator, or sets a new password for one, with its audit entry; returns whether the name was new.
    @discardableResult
    public func setCoordinator(_ name: String, passwordHash: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try write(audit: audit) { db in
            guard var coordinator = try CoordinatorRow.fetchOne(db, key: name) else {
                try CoordinatorRow(name: name, passwordHash: passwordHash, createdAt: now, updatedAt: now).insert(db)
                return true
            }
            coordinator.passwordHash = passwordHash
            coordinator.updatedAt = now
            try coordinator.update(db)
            return false
        }
    }

    /// The password hash of a coordinator, or nil when there is none by that name.
    public func coordinatorPasswordHash(_ name: String) throws -> String? {
        try read { db in try CoordinatorRow.fetchOne(db, key: name)?.passwordHash }
    }
}
