import Foundation
import GRDB
import SamradCore

/// Samråd's database on SQLite: the registry, the rounds, the ledger of every message and the responses. It carries out
/// every protocol of ``Store`` and is the store a workspace opens.
///
/// Every method is one transaction named for its intent, so a command either changes what it
/// says or nothing at all. The file is created with mode 0600 and runs in WAL mode, so a `remind`
/// from cron and a coordinator's command can use it at the same time.
public final class AppDatabase: Sendable {
    /// The connection (a pool for a file, a queue in memory). Nothing outside this file reaches it: every other
    /// method runs inside ``read(_:)`` or ``write(_:)``, one transaction each.
    private let writer: any DatabaseWriter

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Runs a read in one transaction that sees one moment of the database.
    func read<Value>(_ value: (Database) throws -> Value) throws -> Value {
        try writer.read(value)
    }

    /// Runs a change in one write transaction.
    func write<Value>(_ change: (Database) throws -> Value) throws -> Value {
        try writer.write(change)
    }

    /// Opens (creating and migrating when needed) the database file at a path.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Create the file ourselves so that it is never readable by others; SQLite gives the
        // -wal and -shm files the same mode as the database.
        let descriptor = Foundation.open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.cannotOpen, "cannot create the database \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        var configuration = Configuration()
        configuration.busyMode = .timeout(15)
        configuration.label = "samrad"
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL keeps every committed transaction across a crash of the process;
            // only a power loss may lose the last ones.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return try AppDatabase(DatabasePool(path: path, configuration: configuration))
    }

    /// A private database in memory, for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue())
    }

    /// The schema's migrations, in order. Never edit a shipped migration: add one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: registry, rounds, ledger, responses") { db in
            try db.execute(sql: Schema.v1)
        }
        migrator.registerMigration("v2: a bounce token per delivery") { db in
            // The token goes into the envelope sender (VERP), so a bounce names its delivery even
            // when it quotes nothing of the message.
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN token TEXT")
            try db.execute(sql: "UPDATE delivery SET token = lower(hex(randomblob(8)))")
            try db.execute(sql: "CREATE UNIQUE INDEX delivery_token ON delivery(token)")
        }
        migrator.registerMigration("v3: what each message is for, and the invitations sent") { db in
            // The purpose (JSON of PlannedSend.Purpose) lets any run render a reminder again, e.g. on retry.
            try db.execute(sql: "ALTER TABLE message ADD COLUMN purpose TEXT")
            try db.execute(
                sql: """
                    CREATE TABLE invitation (
                        consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
                        dialogue_id TEXT NOT NULL,
                        sequence INTEGER NOT NULL,
                        dialogue TEXT NOT NULL,
                        cancelled INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        PRIMARY KEY (consultation_id, dialogue_id, sequence)
                    ) STRICT
                    """)
        }
        migrator.registerMigration("v4: imported mail and form rows, with provenance") { db in
            try db.execute(sql: Schema.v4)
        }
        migrator.registerMigration("v5: one register series per round, and the audit trail") { db in
            try db.execute(sql: Schema.v5)
            // Number what earlier versions recorded: messages and registered imports, oldest first.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT 'message' AS tab, id, consultation_id, created_at AS at FROM message
                    UNION ALL
                    SELECT 'incoming', id, consultation_id, COALESCE(sent_at, imported_at) FROM incoming
                        WHERE consultation_id IS NOT NULL AND kind != 'unmatched'
                    ORDER BY consultation_id, at, id
                    """)
            for row in rows {
                let number = try nextRegisterNumber(db, consultation: row["consultation_id"])
                let table: String = row["tab"] == "message" ? "message" : "incoming"
                try db.execute(sql: "UPDATE \(table) SET register_number = ? WHERE id = ?", arguments: [number, row["id"] as Int64])
            }
        }
        migrator.registerMigration("v6: when each round next has something due") { db in
            // NULL means unknown: the next remind plans the round and fills it in.
            try db.execute(sql: "ALTER TABLE consultation ADD COLUMN next_due_at TEXT")
        }
        migrator.registerMigration("v7: readings with evidence, corrections, review, a register number on arrival") { db in
            try db.execute(sql: Schema.v7)
            try Schema.migrateAnswersToV7(db)
        }
        migrator.registerMigration("v8: a random token per claim, and when each body joined the registry") { db in
            // A run records an outcome, renews a lease or gives a delivery back only under the token
            // it claimed with, so a run whose claim another run has taken over changes nothing.
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN claim_token TEXT")
            try db.execute(sql: "CREATE INDEX delivery_claim ON delivery(claim_token) WHERE claim_token IS NOT NULL")
            // A body that joins after a round's mailout waits for the coordinator instead of being
            // mailed by the next remind. Earlier versions kept only the last change: the best guess.
            try db.execute(sql: "ALTER TABLE organization ADD COLUMN added_at TEXT")
            try db.execute(sql: "UPDATE organization SET added_at = updated_at")
        }
        migrator.registerMigration("v9: the answer portal's links, drafts and coordinators") { db in
            try db.execute(sql: Schema.v9)
        }
        return migrator
    }
}

/// An error from the store that a person can act on.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure; compare with the static members, e.g. `error.code == .busy`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case busy, cannotOpen, notFound, invalidData
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Another process holds the database locked for longer than the wait allows: try again.
        public static let busy = Code(.busy)
        /// The database file cannot be created, opened or written: its path or permissions are wrong.
        public static let cannotOpen = Code(.cannotOpen)
        /// What was asked for is not in the database.
        public static let notFound = Code(.notFound)
        /// The database holds something this version of Samråd cannot read.
        public static let invalidData = Code(.invalidData)

        /// The code's name, e.g. `busy`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure.
    public let code: Code
    /// What went wrong and what to do.
    public let description: String

    /// An error of a kind every store implementation reports alike, e.g. ``Code/notFound``.
    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The store's reading of an error from the database engine, or nil when it is none: a lock
    /// held too long is ``Code/busy``, a file that cannot be opened or written ``Code/cannotOpen``.
    public static func from(_ error: any Error) -> StoreError? {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StoreError(
                .busy,
                "the database is locked by another process (another samrad run, or a program reading the file); "
                    + "try again in a moment")
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH, .SQLITE_NOTADB:
            return StoreError(
                .cannotOpen,
                "the database cannot be opened or written (\(error.message ?? "\(error.resultCode)")); check the path in "
                    + "--db or SAMRAD_DB and the file's permissions")
        case .SQLITE_FULL, .SQLITE_IOERR:
            return StoreError(
                .busy, "the database could not be written (\(error.message ?? "\(error.resultCode)")); free disk space and try again")
        case .SQLITE_CORRUPT:
            return StoreError(
                .invalidData, "the database file is damaged (\(error.message ?? "\(error.resultCode)")); restore it from a backup")
        default:
            return nil
        }
    }
}

enum Schema {
    static let v7 = """
        -- Every message in gets a register number when it arrives: in its round's series when the round is
        -- known, else in the year's general series. The series a number belongs to never changes.
        CREATE TABLE general_register_counter (
            year INTEGER PRIMARY KEY NOT NULL,
            last INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE incoming_new (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('reply', 'auto-reply', 'bounce', 'unmatched', 'form', 'portal', 'manual')),
            consultation_id TEXT REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT REFERENCES organization(id),
            matched_by TEXT,
            sender TEXT,
            subject TEXT NOT NULL DEFAULT '',
            sent_at TEXT,
            imported_at TEXT NOT NULL,
            source TEXT NOT NULL,
            raw BLOB,
            note TEXT,
            register_number INTEGER,
            register_consultation TEXT REFERENCES consultation(id) ON DELETE CASCADE,
            register_year INTEGER,
            candidates TEXT
        ) STRICT;
        INSERT INTO incoming_new (id, key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at,
                imported_at, source, raw, note, register_number, register_consultation)
            SELECT id, key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at, imported_at, source, raw,
                note, register_number, CASE WHEN register_number IS NULL THEN NULL ELSE consultation_id END
            FROM incoming;
        DROP TABLE incoming;
        ALTER TABLE incoming_new RENAME TO incoming;
        CREATE INDEX incoming_kind ON incoming(kind);
        CREATE UNIQUE INDEX incoming_register ON incoming(register_consultation, register_number)
            WHERE register_consultation IS NOT NULL;
        CREATE UNIQUE INDEX incoming_general_register ON incoming(register_year, register_number) WHERE register_year IS NOT NULL;

        -- A response is one answer of a body: a message, a form's row, a portal submission, a letter or call recorded
        -- by hand, or a correction of a reading. A withdrawn one (an assignment undone) stays as history.
        CREATE TABLE response_new (
            id INTEGER PRIMARY KEY,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT REFERENCES organization(id),
            kind TEXT NOT NULL CHECK (kind IN ('mail', 'form', 'portal', 'manual', 'correction')),
            received_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            source TEXT NOT NULL,
            incoming_id INTEGER REFERENCES incoming(id) ON DELETE CASCADE,
            matched_by TEXT,
            late INTEGER NOT NULL DEFAULT 0,
            withdrawn_at TEXT,
            note TEXT
        ) STRICT;
        INSERT INTO response_new (id, consultation_id, organization_id, kind, received_at, recorded_at, source, incoming_id,
                matched_by, late)
            SELECT r.id, r.consultation_id, r.organization_id,
                CASE WHEN i.kind = 'form' THEN 'form' ELSE 'mail' END,
                r.received_at, COALESCE(i.imported_at, r.received_at), r.source, r.incoming_id, r.matched_by, r.late
            FROM response r LEFT JOIN incoming i ON i.id = r.incoming_id;

        -- A contribution is what a response says on one goal area (or in general), with the evidence of its
        -- stance. A NULL stance is a correction that clears the area.
        CREATE TABLE contribution_new (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,
            goal_area INTEGER,
            stance TEXT CHECK (stance IS NULL OR stance IN ('supports', 'opposes', 'neutral', 'declines', 'unstated')),
            text TEXT NOT NULL,
            clause TEXT,
            attachment TEXT,
            page INTEGER,
            rule TEXT
        ) STRICT;
        INSERT INTO contribution_new (id, response_id, goal_area, stance, text, rule)
            SELECT id, response_id, goal_area, stance, text, 'earlier' FROM contribution;
        DROP TABLE contribution;
        DROP TABLE response;
        ALTER TABLE response_new RENAME TO response;
        ALTER TABLE contribution_new RENAME TO contribution;
        CREATE INDEX contribution_response ON contribution(response_id);
        CREATE UNIQUE INDEX response_incoming ON response(incoming_id) WHERE withdrawn_at IS NULL;
        CREATE INDEX response_body ON response(consultation_id, organization_id);

        -- What a person should look at, each with a stable id.
        CREATE TABLE review_item (
            id TEXT PRIMARY KEY NOT NULL,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT,
            incoming_id INTEGER REFERENCES incoming(id) ON DELETE CASCADE,
            response_id INTEGER REFERENCES response(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            goal_area INTEGER,
            detail TEXT NOT NULL,
            evidence TEXT,
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX review_item_round ON review_item(consultation_id);
        """

    /// Gives answers read before v7 the shape the reading now gives them: a general stance becomes a contribution
    /// for each area it covered (the areas the response did not name, and named areas without a stance of their
    /// own), and a general answer without a stance one for every area; messages in without a register number get one.
    static func migrateAnswersToV7(_ db: Database) throws {
        let responses = try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, c.goal_areas FROM response r
                JOIN (SELECT cr.consultation_id, cr.document AS goal_areas FROM consultation_revision cr
                      JOIN consultation c ON c.id = cr.consultation_id AND c.revision = cr.revision) c
                    ON c.consultation_id = r.consultation_id
                """)
        for row in responses {
            let id: Int64 = row["id"]
            let document: String = row["goal_areas"]
            let areas = (try? JSONDecoder().decode(Consultation.self, from: Data(document.utf8)))?.goalAreas.map(\.id) ?? []
            let items = try Row.fetchAll(
                db, sql: "SELECT id, goal_area, stance, text FROM contribution WHERE response_id = ? ORDER BY id", arguments: [id])
            let named = items.filter { ($0["goal_area"] as Int?) != nil }
            guard let general = items.first(where: { ($0["goal_area"] as Int?) == nil }) else { continue }
            let generalStance: String = general["stance"]
            if generalStance == "unstated" && !named.isEmpty { continue }
            let namedAreas = Set(named.compactMap { $0["goal_area"] as Int? })
            for area in areas where !namedAreas.contains(area) {
                try db.execute(
                    sql: "INSERT INTO contribution (response_id, goal_area, stance, text, clause, rule) VALUES (?, ?, ?, '', ?, 'earlier')",
                    arguments: [id, area, generalStance, general["text"] as String])
            }
            if generalStance != "unstated" {
                try db.execute(
                    sql: "UPDATE contribution SET stance = ? WHERE response_id = ? AND goal_area IS NOT NULL AND stance = 'unstated'",
                    arguments: [generalStance, id])
            }
        }
        // Messages in that had no number (unmatched ones, before v7) get one now, in arrival order.
        for row in try Row.fetchAll(
            db, sql: "SELECT id, consultation_id, imported_at FROM incoming WHERE register_number IS NULL ORDER BY imported_at, id")
        {
            let id: Int64 = row["id"]
            if let round: String = row["consultation_id"] {
                let number = try AppDatabase.nextRegisterNumber(db, consultation: round)
                try db.execute(
                    sql: "UPDATE incoming SET register_number = ?, register_consultation = ? WHERE id = ?", arguments: [number, round, id])
            } else {
                let year = LocalDate(containing: row["imported_at"] as Date).year
                let number = try AppDatabase.nextGeneralRegisterNumber(db, year: year)
                try db.execute(
                    sql: "UPDATE incoming SET register_number = ?, register_year = ? WHERE id = ?", arguments: [number, year, id])
            }
        }
    }

    static let v5 = """
        -- The round's register (diarium) series: every message out and every registered message in
        -- takes the next number, in the transaction that records it, so the series has no gaps.
        CREATE TABLE register_counter (
            consultation_id TEXT PRIMARY KEY NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            last INTEGER NOT NULL
        ) STRICT;
        ALTER TABLE message ADD COLUMN register_number INTEGER;
        ALTER TABLE incoming ADD COLUMN register_number INTEGER;
        CREATE UNIQUE INDEX message_register ON message(consultation_id, register_number);
        CREATE UNIQUE INDEX incoming_register ON incoming(consultation_id, register_number);

        -- What every command that changed a round did: when, which user, what. Append-only.
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            command TEXT NOT NULL,
            consultation_id TEXT,
            detail TEXT NOT NULL
        ) STRICT;
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """

    static let v4 = """
        -- A per-message token for a plus-addressed Reply-To (samrad+TOKEN@…), when the round enables it.
        ALTER TABLE message ADD COLUMN reply_token TEXT;
        UPDATE message SET reply_token = lower(hex(randomblob(8)));
        CREATE UNIQUE INDEX message_reply_token ON message(reply_token);

        -- Everything imported, matched or not, exactly once: the key is the Message-ID for mail,
        -- the file's hash and the line for a CSV row.
        CREATE TABLE incoming (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('reply', 'auto-reply', 'bounce', 'unmatched', 'form')),
            consultation_id TEXT REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT REFERENCES organization(id),
            matched_by TEXT,
            sender TEXT,
            subject TEXT NOT NULL DEFAULT '',
            sent_at TEXT,
            imported_at TEXT NOT NULL,
            source TEXT NOT NULL,
            raw BLOB,
            note TEXT
        ) STRICT;
        CREATE INDEX incoming_kind ON incoming(kind);

        ALTER TABLE response ADD COLUMN incoming_id INTEGER REFERENCES incoming(id) ON DELETE CASCADE;
        ALTER TABLE response ADD COLUMN matched_by TEXT;
        ALTER TABLE response ADD COLUMN late INTEGER NOT NULL DEFAULT 0;
        CREATE UNIQUE INDEX response_incoming ON response(incoming_id);

        CREATE TABLE attachment (
            incoming_id INTEGER NOT NULL REFERENCES incoming(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL,
            path TEXT NOT NULL,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (incoming_id, sha256)
        ) STRICT;

        -- What a poller remembers between runs, e.g. the IMAP mailbox's UIDVALIDITY and last UID.
        CREATE TABLE import_state (
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT;
        """

    static let v1 = """
        CREATE TABLE organization (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('board', 'company', 'group')),
            mailbox TEXT,
            meetings TEXT NOT NULL DEFAULT '[]',
            retired_at TEXT,
            updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE contact (
            id INTEGER PRIMARY KEY,
            organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('secretary', 'chair', 'ceo', 'contact')),
            email TEXT NOT NULL,
            UNIQUE (organization_id, position)
        ) STRICT;
        CREATE INDEX contact_email ON contact(email);

        CREATE TABLE consultation (
            id TEXT PRIMARY KEY NOT NULL,
            reference TEXT NOT NULL,
            title TEXT NOT NULL,
            revision INTEGER NOT NULL,
            source_path TEXT NOT NULL,
            closed_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE consultation_revision (
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            revision INTEGER NOT NULL,
            document TEXT NOT NULL,
            source TEXT NOT NULL,
            source_path TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (consultation_id, revision)
        ) STRICT;

        CREATE TABLE message (
            id INTEGER PRIMARY KEY,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT NOT NULL REFERENCES organization(id),
            kind TEXT NOT NULL CHECK (kind IN ('mailout', 'reminder', 'invitation', 'notice')),
            key TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            subject TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (consultation_id, organization_id, key)
        ) STRICT;
        CREATE INDEX message_organization ON message(organization_id);

        CREATE TABLE delivery (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES message(id) ON DELETE CASCADE,
            recipient TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('to', 'cc')),
            state TEXT NOT NULL DEFAULT 'queued'
                CHECK (state IN ('queued', 'sending', 'sent', 'deferred', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            lease_until TEXT,
            reply TEXT,
            sent_at TEXT,
            updated_at TEXT NOT NULL,
            UNIQUE (message_id, recipient)
        ) STRICT;
        CREATE INDEX delivery_state ON delivery(state, next_attempt_at);

        CREATE TABLE response (
            id INTEGER PRIMARY KEY,
            consultation_id TEXT NOT NULL REFERENCES consultation(id) ON DELETE CASCADE,
            organization_id TEXT REFERENCES organization(id),
            registration_number INTEGER NOT NULL,
            received_at TEXT NOT NULL,
            source TEXT NOT NULL,
            UNIQUE (consultation_id, registration_number)
        ) STRICT;

        CREATE TABLE contribution (
            id INTEGER PRIMARY KEY,
            response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,
            goal_area INTEGER,
            stance TEXT NOT NULL CHECK (stance IN ('supports', 'opposes', 'neutral', 'declines', 'unstated')),
            text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX contribution_response ON contribution(response_id);
        """
}
