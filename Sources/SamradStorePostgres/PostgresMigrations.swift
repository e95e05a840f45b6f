import Foundation
import PostgresNIO

/// The PostgreSQL schema's migrations, numbered like the SQLite ones and never edited once shipped: add one.
///
/// The tables mirror the SQLite schema's columns, with PostgreSQL's types: `timestamptz` for instants, identity
/// columns for row ids, and `COLLATE "C"` where the SQLite schema's byte order is what the ledger sorts by. Each
/// migration is a list of statements (postgres-nio sends one statement per query), and every pending migration
/// runs in one transaction under an advisory lock, so two processes starting at once migrate once.
enum PostgresMigrations {
    /// One migration: its name and its statements.
    struct Migration: Sendable {
        let id: String
        let statements: [String]
    }

    /// The key of the advisory lock migrations hold (`samrad` in ASCII).
    static let lockKey: Int64 = 0x73_61_6d_72_61_64

    static let all: [Migration] = [
        Migration(
            id: "001_registry_and_rounds",
            statements: [
                """
                CREATE TABLE organization (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('board', 'company', 'group')),
                    mailbox TEXT,
                    meetings TEXT NOT NULL DEFAULT '[]',
                    retired_at TIMESTAMPTZ,
                    updated_at TIMESTAMPTZ NOT NULL,
                    added_at TIMESTAMPTZ
                )
                """,
                """
                CREATE TABLE consultation (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    reference TEXT NOT NULL,
                    title TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    source_path TEXT NOT NULL,
                    closed_at TIMESTAMPTZ,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL,
                    next_due_at TIMESTAMPTZ
                )
                """,
            ]),
        Migration(
            id: "002_ledger",
            statements: [
                """
                CREATE TABLE message (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
                    kind TEXT NOT NULL CHECK (kind IN ('mailout', 'reminder', 'invitation', 'notice')),
                    key TEXT COLLATE "C" NOT NULL,
                    message_id TEXT NOT NULL UNIQUE,
                    subject TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL,
                    purpose TEXT,
                    reply_token TEXT UNIQUE,
                    register_number INTEGER,
                    UNIQUE (consultation_id, organization_id, key),
                    UNIQUE (consultation_id, register_number)
                )
                """,
                "CREATE INDEX message_organization ON message(organization_id)",
                """
                CREATE TABLE delivery (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    message_id BIGINT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
                    recipient TEXT COLLATE "C" NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('to', 'cc')),
                    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at TIMESTAMPTZ,
                    lease_until TIMESTAMPTZ,
                    reply TEXT,
                    sent_at TIMESTAMPTZ,
                    updated_at TIMESTAMPTZ NOT NULL,
                    token TEXT NOT NULL UNIQUE,
                    claim_token TEXT,
                    UNIQUE (message_id, recipient)
                )
                """,
                "CREATE INDEX delivery_state ON delivery(state, next_attempt_at)",
                "CREATE INDEX delivery_claim ON delivery(claim_token) WHERE claim_token IS NOT NULL",
                "CREATE INDEX delivery_message ON delivery(message_id)",
            ]),
        Migration(
            id: "003_register",
            statements: [
                // A round's register series: the row is locked by the transaction that records a message and takes
                // its number, so numbers are taken one at a time and a rolled-back transaction gives its back.
                """
                CREATE TABLE register_counter (
                    consultation_id TEXT COLLATE "C" PRIMARY KEY REFERENCES consultation(id) ON DELETE CASCADE,
                    last INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE general_register_counter (
                    year INTEGER PRIMARY KEY,
                    last INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE incoming (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('reply', 'auto-reply', 'bounce', 'unmatched', 'form', 'portal', 'manual')),
                    consultation_id TEXT COLLATE "C" REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" REFERENCES organization(id),
                    matched_by TEXT,
                    sender TEXT,
                    subject TEXT NOT NULL DEFAULT '',
                    sent_at TIMESTAMPTZ,
                    imported_at TIMESTAMPTZ NOT NULL,
                    source TEXT NOT NULL,
                    raw BYTEA,
                    note TEXT,
                    register_number INTEGER,
                    register_consultation TEXT COLLATE "C" REFERENCES consultation(id) ON DELETE CASCADE,
                    register_year INTEGER,
                    candidates TEXT
                )
                """,
                "CREATE INDEX incoming_kind ON incoming(kind)",
                """
                CREATE UNIQUE INDEX incoming_register ON incoming(register_consultation, register_number)
                    WHERE register_consultation IS NOT NULL
                """,
                """
                CREATE UNIQUE INDEX incoming_general_register ON incoming(register_year, register_number)
                    WHERE register_year IS NOT NULL
                """,
                """
                CREATE TABLE response (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" REFERENCES organization(id),
                    kind TEXT NOT NULL CHECK (kind IN ('mail', 'form', 'portal', 'manual', 'correction')),
                    received_at TIMESTAMPTZ NOT NULL,
                    recorded_at TIMESTAMPTZ NOT NULL,
                    source TEXT NOT NULL,
                    incoming_id BIGINT REFERENCES incoming(id) ON DELETE CASCADE,
                    matched_by TEXT,
                    late BOOLEAN NOT NULL DEFAULT false,
                    withdrawn_at TIMESTAMPTZ,
                    note TEXT
                )
                """,
                "CREATE UNIQUE INDEX response_incoming ON response(incoming_id) WHERE withdrawn_at IS NULL",
                "CREATE INDEX response_body ON response(consultation_id, organization_id)",
            ]),
        Migration(
            id: "004_audit",
            statements: [
                // What every command that changed a round did. Append-only: a trigger refuses UPDATE, DELETE and
                // TRUNCATE whoever asks, the owner included, and PUBLIC is granted nothing beyond INSERT and SELECT.
                """
                CREATE TABLE audit (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at TIMESTAMPTZ NOT NULL,
                    "user" TEXT NOT NULL,
                    command TEXT NOT NULL,
                    consultation_id TEXT COLLATE "C",
                    detail TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_consultation ON audit(consultation_id)",
                """
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the audit trail is append-only' USING ERRCODE = 'P0001';
                END
                $$
                """,
                """
                CREATE TRIGGER audit_no_update_or_delete BEFORE UPDATE OR DELETE ON audit
                    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
                """,
                """
                CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
                """,
                "REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC",
            ]),
        Migration(
            id: "005_contacts_revisions_invitations",
            statements: [
                """
                CREATE TABLE contact (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('secretary', 'chair', 'ceo', 'contact')),
                    email TEXT NOT NULL,
                    UNIQUE (organization_id, position)
                )
                """,
                "CREATE INDEX contact_email ON contact(email)",
                // Every file a round was read from, one row per revision; the round's row names the current one.
                """
                CREATE TABLE consultation_revision (
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    revision INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    source TEXT NOT NULL,
                    source_path TEXT NOT NULL,
                    added_at TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (consultation_id, revision)
                )
                """,
                // The versions of each dialogue's invitation that messages carried.
                """
                CREATE TABLE invitation (
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    dialogue_id TEXT COLLATE "C" NOT NULL,
                    sequence INTEGER NOT NULL,
                    dialogue TEXT NOT NULL,
                    cancelled BOOLEAN NOT NULL DEFAULT false,
                    created_at TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (consultation_id, dialogue_id, sequence)
                )
                """,
            ]),
        Migration(
            id: "006_answers_and_import",
            statements: [
                // What a response says on one goal area (or in general), with the evidence of its stance. A NULL
                // stance is a correction that clears the area.
                """
                CREATE TABLE contribution (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    response_id BIGINT NOT NULL REFERENCES response(id) ON DELETE CASCADE,
                    goal_area INTEGER,
                    stance TEXT CHECK (stance IS NULL OR stance IN ('supports', 'opposes', 'neutral', 'declines', 'unstated')),
                    text TEXT NOT NULL,
                    clause TEXT,
                    attachment TEXT,
                    page INTEGER,
                    rule TEXT
                )
                """,
                "CREATE INDEX contribution_response ON contribution(response_id)",
                // What a person should look at, each with a stable id. `seq` keeps the order the items were first
                // noted in (SQLite's rowid), which a note seen again keeps.
                """
                CREATE TABLE review_item (
                    id TEXT COLLATE "C" PRIMARY KEY,
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C",
                    incoming_id BIGINT REFERENCES incoming(id) ON DELETE CASCADE,
                    response_id BIGINT REFERENCES response(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    goal_area INTEGER,
                    detail TEXT NOT NULL,
                    evidence TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    seq BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE
                )
                """,
                "CREATE INDEX review_item_round ON review_item(consultation_id)",
                // A file that came with a message in, kept in the attachment store by its SHA-256.
                """
                CREATE TABLE attachment (
                    incoming_id BIGINT NOT NULL REFERENCES incoming(id) ON DELETE CASCADE,
                    sha256 TEXT NOT NULL,
                    path TEXT NOT NULL,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    PRIMARY KEY (incoming_id, sha256)
                )
                """,
                // What a poller remembers between runs, e.g. the IMAP mailbox's UIDVALIDITY and last UID.
                """
                CREATE TABLE import_state (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
            ]),
        Migration(
            id: "007_portal",
            statements: [
                // A link to the answer portal that a message carried: only the SHA-256 of its token is kept.
                """
                CREATE TABLE portal_link (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
                    token_sha256 TEXT NOT NULL UNIQUE,
                    message_id TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    revoked_at TIMESTAMPTZ
                )
                """,
                "CREATE INDEX portal_link_body ON portal_link(consultation_id, organization_id)",
                // A revocation waits here until 'resend' has queued the message with the body's new link.
                """
                CREATE TABLE portal_revocation (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
                    revoked_at TIMESTAMPTZ NOT NULL,
                    link_queued_at TIMESTAMPTZ
                )
                """,
                // What a body saved with "Spara utkast", one per body and round; a submission removes it.
                """
                CREATE TABLE portal_draft (
                    consultation_id TEXT COLLATE "C" NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                    organization_id TEXT COLLATE "C" NOT NULL REFERENCES organization(id),
                    form TEXT NOT NULL,
                    saved_at TIMESTAMPTZ NOT NULL,
                    PRIMARY KEY (consultation_id, organization_id)
                )
                """,
                // Who may log in to the coordinator's pages, with a bcrypt hash of the password.
                """
                CREATE TABLE coordinator (
                    name TEXT PRIMARY KEY,
                    password_hash TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """,
            ]),
        Migration(
            id: "008_due_deliveries",
            statements: [
                // The deliveries a claim may take, in id order: a claim reads this index only, not the rows sent
                // before it and their dead versions, which made each claim slower as a mailout went on.
                "CREATE INDEX delivery_due ON delivery(id) WHERE state IN ('queued', 'sending', 'deferred')"
            ]),
    ]

    /// Applies the migrations not applied yet, in order, in one transaction. Returns the ids applied.
    @discardableResult
    static func migrate(_ connections: PostgresConnections) throws -> [String] {
        try connections.transaction { session in
            try session.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
            // A role that may not create tables (the one `PostgresStore.grant(to:)` prepares) runs no DDL when the schema
            // is up to date: CREATE TABLE IF NOT EXISTS asks for the schema's CREATE privilege even when the table exists.
            let exists =
                try session.rows("SELECT to_regclass('samrad_migrations') IS NOT NULL AS present").first?
                .value("present", as: Bool.self) ?? false
            if !exists {
                try session.execute(
                    """
                    CREATE TABLE samrad_migrations (
                        id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """)
            }
            let applied = Set(try session.rows("SELECT id FROM samrad_migrations").map { try $0.value("id", as: String.self) })
            var done: [String] = []
            for migration in all where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try session.execute(PostgresQuery(unsafeSQL: statement))
                }
                try session.execute("INSERT INTO samrad_migrations (id) VALUES (\(migration.id))")
                done.append(migration.id)
            }
            return done
        }
    }
}
