import Foundation
import GRDB
import SamradCore

/// What kind of thing was imported.
public enum IncomingKind: String, Sendable, Codable {
    /// A reply matched to a round and body: it becomes a response.
    case reply
    /// An automatic reply (out of office): recorded, never counted as an answer.
    case autoReply = "auto-reply"
    /// A delivery status notification: marks the delivery it reports on.
    case bounce
    /// Matched nothing: waits for `samrad assign`.
    case unmatched
    /// A row of a form or Excel export.
    case form
}

/// One imported message or row, as the database keeps it.
public struct IncomingRecord: Sendable, Equatable {
    /// Unique: the Message-ID for mail, `csv:HASH:LINE` for a row.
    public var key: String
    /// What it is.
    public var kind: IncomingKind
    /// The round and body it was matched to, if any.
    public var match: RoundBody?
    /// The rule that matched it.
    public var matchedBy: MatchRule?
    /// Who sent it.
    public var sender: String?
    /// Its subject.
    public var subject: String
    /// When it was written (the Date header, the form's time).
    public var sentAt: Date?
    /// Where it came from: file, mbox offset, Maildir name, IMAP UID, CSV line.
    public var source: String
    /// The message as it arrived, kept whole.
    public var raw: Data?
    /// A note, e.g. why a bounce failed its delivery.
    public var note: String?

    /// Creates a record.
    public init(
        key: String, kind: IncomingKind, match: RoundBody?, matchedBy: MatchRule?, sender: String?, subject: String, sentAt: Date?,
        source: String, raw: Data?, note: String? = nil
    ) {
        self.key = key
        self.kind = kind
        self.match = match
        self.matchedBy = matchedBy
        self.sender = sender
        self.subject = subject
        self.sentAt = sentAt
        self.source = source
        self.raw = raw
        self.note = note
    }
}

/// One thing to import: the record and, for a reply, its contributions.
public struct ImportItem: Sendable {
    /// The record.
    public var record: IncomingRecord
    /// The contributions when it is an answer.
    public var contributions: [NewContribution]
    /// Whether it came after the deadline.
    public var late: Bool
    /// Its attachments.
    public var attachments: [AttachmentRecord]
    /// For a bounce: the delivery it reports on, by VERP token or by Message-ID and recipient.
    public var bounce: BounceTarget?

    /// Creates an item.
    public init(
        record: IncomingRecord, contributions: [NewContribution] = [], late: Bool = false, attachments: [AttachmentRecord] = [],
        bounce: BounceTarget? = nil
    ) {
        self.record = record
        self.contributions = contributions
        self.late = late
        self.attachments = attachments
        self.bounce = bounce
    }
}

/// The delivery a bounce names.
public enum BounceTarget: Sendable, Equatable {
    /// By the token in the bounce's envelope recipient (`bounces+TOKEN@…`).
    case token(String, reason: String)
    /// By the returned Message-ID and the final recipient.
    case message(String, recipient: String, reason: String)
}

/// What importing one item did.
public enum ImportOutcome: Sendable, Equatable {
    /// New; with its registration number when it became a response.
    case imported(kind: IncomingKind, registration: Int?)
    /// Already imported before: nothing was added.
    case duplicate
}

extension AppDatabase {
    /// Imports items in one transaction: each is added once (a key seen before adds nothing),
    /// a reply becomes a response with the round's next registration number, a bounce fails
    /// the delivery it reports on.
    public func importItems(_ items: [ImportItem], now: Date, audit: ([ImportOutcome]) -> [AuditNote]) throws -> [ImportOutcome] {
        try write(audit: audit) { db in
            var outcomes: [ImportOutcome] = []
            for item in items {
                let record = item.record
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM incoming WHERE key = ?", arguments: [record.key]) == true {
                    outcomes.append(.duplicate)
                    continue
                }
                try db.execute(
                    sql: """
                        INSERT INTO incoming (key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at,
                            imported_at, source, raw, note)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.key, record.kind.rawValue, record.match?.consultation, record.match?.body, record.matchedBy?.rawValue,
                        record.sender, record.subject, record.sentAt, now, record.source, record.raw, record.note,
                    ])
                let incomingID = db.lastInsertedRowID
                var number: Int?
                if let match = record.match, record.kind != .unmatched {
                    number = try Self.nextRegisterNumber(db, consultation: match.consultation)
                    try db.execute(sql: "UPDATE incoming SET register_number = ? WHERE id = ?", arguments: [number, incomingID])
                }
                for attachment in item.attachments {
                    try db.execute(
                        sql: """
                            INSERT INTO attachment (incoming_id, sha256, path, filename, content_type, size) VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT DO NOTHING
                            """,
                        arguments: [
                            incomingID, attachment.sha256, attachment.path, attachment.filename, attachment.contentType, attachment.size,
                        ])
                }
                var registration: Int?
                if record.kind == .reply || record.kind == .form, let match = record.match {
                    registration = try Self.insertResponse(
                        db, incoming: incomingID, number: number, match: match, matchedBy: record.matchedBy,
                        receivedAt: record.sentAt ?? now, late: item.late, source: record.source, contributions: item.contributions)
                }
                if let bounce = item.bounce { try Self.applyBounce(bounce, db: db, now: now) }
                outcomes.append(.imported(kind: record.kind, registration: registration))
            }
            return outcomes
        }
    }

    /// The next number of a round's register series, counted inside the caller's transaction.
    static func nextRegisterNumber(_ db: Database, consultation: String) throws -> Int {
        try db.execute(
            sql: """
                INSERT INTO register_counter (consultation_id, last) VALUES (?, 1)
                ON CONFLICT (consultation_id) DO UPDATE SET last = last + 1
                """, arguments: [consultation])
        return try Int.fetchOne(db, sql: "SELECT last FROM register_counter WHERE consultation_id = ?", arguments: [consultation]) ?? 1
    }

    static func insertResponse(
        _ db: Database, incoming: Int64?, number given: Int?, match: RoundBody, matchedBy: MatchRule?, receivedAt: Date, late: Bool,
        source: String, contributions: [NewContribution]
    ) throws -> Int {
        let number = try given ?? Self.nextRegisterNumber(db, consultation: match.consultation)
        try db.execute(
            sql: """
                INSERT INTO response (consultation_id, organization_id, registration_number, received_at, source, incoming_id, matched_by, late)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [match.consultation, match.body, number, receivedAt, source, incoming, matchedBy?.rawValue, late])
        let responseID = db.lastInsertedRowID
        for contribution in contributions {
            try db.execute(
                sql: "INSERT INTO contribution (response_id, goal_area, stance, text) VALUES (?, ?, ?, ?)",
                arguments: [responseID, contribution.goalArea, contribution.stance.rawValue, contribution.text])
        }
        return number
    }

    static func applyBounce(_ bounce: BounceTarget, db: Database, now: Date) throws {
        switch bounce {
        case .token(let token, let reason):
            try db.execute(
                sql: "UPDATE delivery SET state = 'failed', reply = ?, lease_until = NULL, updated_at = ? WHERE token = ?",
                arguments: ["bounced: \(reason)", now, token.lowercased()])
        case .message(let messageID, let recipient, let reason):
            try db.execute(
                sql: """
                    UPDATE delivery SET state = 'failed', reply = ?, lease_until = NULL, updated_at = ?
                    WHERE message_id = (SELECT id FROM message WHERE message_id = ?) AND lower(recipient) = lower(?)
                    """, arguments: ["bounced: \(reason)", now, messageID, recipient])
        }
    }

    /// What the reply matcher needs: the Message-IDs and reply tokens Samråd sent, by round and body.
    public func sentMessageIndex() throws -> (messages: [String: RoundBody], tokens: [String: RoundBody]) {
        try writer.read { db in
            var messages: [String: RoundBody] = [:]
            var tokens: [String: RoundBody] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT consultation_id, organization_id, message_id, reply_token FROM message") {
                let pair = RoundBody(consultation: row["consultation_id"], body: row["organization_id"])
                messages[row["message_id"]] = pair
                if let token: String = row["reply_token"] { tokens[token] = pair }
            }
            return (messages, tokens)
        }
    }

    /// Whether a delivery with this VERP token exists.
    public func deliveryTokenExists(_ token: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM delivery WHERE token = ?", arguments: [token.lowercased()]) ?? false
        }
    }

    /// Imported messages that matched nothing, oldest first.
    public func unmatched() throws -> [UnmatchedMessage] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT key, sender, subject, sent_at, imported_at, source FROM incoming WHERE kind = 'unmatched' ORDER BY id"
            ).map {
                UnmatchedMessage(
                    messageID: $0["key"], sender: $0["sender"], subject: $0["subject"], sentAt: $0["sent_at"],
                    importedAt: $0["imported_at"],
                    source: $0["source"])
            }
        }
    }

    /// The raw bytes of an imported message that matched nothing.
    public func unmatchedRaw(_ key: String) throws -> (raw: Data, sentAt: Date?, source: String)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT raw, sent_at, source FROM incoming WHERE key = ? AND kind = 'unmatched'", arguments: [key])
                .map { ($0["raw"] ?? Data(), $0["sent_at"], $0["source"]) }
        }
    }

    /// Assigns an unmatched message to a round and body by hand, making it a response.
    public func assign(
        _ key: String, to match: RoundBody, late: Bool, contributions: [NewContribution], now: Date, audit: (Int) -> AuditNote?
    ) throws -> Int {
        try write(audit: audit) { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, sent_at, source FROM incoming WHERE key = ? AND kind = 'unmatched'", arguments: [key])
            else { throw StoreError(.notFound, "no unmatched message has the Message-ID \(key); 'samrad unmatched' lists them") }
            let id: Int64 = row["id"]
            let number = try Self.nextRegisterNumber(db, consultation: match.consultation)
            try db.execute(
                sql: """
                    UPDATE incoming SET kind = 'reply', consultation_id = ?, organization_id = ?, matched_by = 'manual', register_number = ?
                    WHERE id = ?
                    """,
                arguments: [match.consultation, match.body, number, id])
            return try Self.insertResponse(
                db, incoming: id, number: number, match: match, matchedBy: .manual, receivedAt: row["sent_at"] ?? now, late: late,
                source: row["source"], contributions: contributions)
        }
    }

    /// A remembered value of a poller, e.g. `imap:INBOX`.
    public func importState(_ name: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM import_state WHERE name = ?", arguments: [name]) }
    }

    /// Remembers a value of a poller.
    public func setImportState(_ name: String, _ value: String) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO import_state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [name, value])
        }
    }
}

/// An imported message that matched no round and body.
public struct UnmatchedMessage: Sendable, Equatable, Codable {
    /// Its Message-ID (the key to assign it by).
    public var messageID: String
    /// Who sent it.
    public var sender: String?
    /// Its subject.
    public var subject: String
    /// When it was written.
    public var sentAt: Date?
    /// When it was imported.
    public var importedAt: Date
    /// Where it came from.
    public var source: String
}
