import Foundation
import GRDB
import SamradCore

/// A message to record in the ledger before anything is sent, with one delivery per recipient address.
public struct QueuedMessage: Sendable, Equatable {
    /// The round.
    public var consultationID: String
    /// The body it is for.
    public var organizationID: String
    /// What it is.
    public var kind: MessageKind
    /// Its key within the round and body, e.g. `mailout`; a second message with the same key is never queued.
    public var key: String
    /// The Message-ID, without angle brackets, kept for every attempt.
    public var messageID: String
    /// The subject.
    public var subject: String
    /// The Date header.
    public var date: Date
    /// The envelope recipients: the body's mailbox on To, its secretary on Cc.
    public var recipients: [(address: EmailAddress, role: RecipientRole)]
    /// What the message is for, as JSON of `PlannedSend.Purpose`, so that it can be rendered again.
    public var purpose: String?

    /// Creates a queued message.
    public init(
        consultationID: String, organizationID: String, kind: MessageKind, key: String, messageID: String, subject: String,
        date: Date, recipients: [(address: EmailAddress, role: RecipientRole)], purpose: String? = nil
    ) {
        self.purpose = purpose
        self.consultationID = consultationID
        self.organizationID = organizationID
        self.kind = kind
        self.key = key
        self.messageID = messageID
        self.subject = subject
        self.date = date
        self.recipients = recipients
    }

    public static func == (lhs: QueuedMessage, rhs: QueuedMessage) -> Bool {
        lhs.messageID == rhs.messageID && lhs.key == rhs.key && lhs.recipients.map(\.address) == rhs.recipients.map(\.address)
    }
}

/// Whether a recipient stands on To or Cc.
public enum RecipientRole: String, Sendable, Codable {
    /// The body's mailbox.
    case to
    /// A copy, e.g. to the secretary.
    case cc
}

/// A message recorded in the ledger.
public struct StoredMessage: Sendable, Equatable, Codable {
    /// The round.
    public var consultationID: String
    /// The body.
    public var organizationID: String
    /// What it is.
    public var kind: MessageKind
    /// Its key within the round and body.
    public var key: String
    /// The Message-ID, without angle brackets.
    public var messageID: String
    /// The subject.
    public var subject: String
    /// The Date header.
    public var date: Date
    /// What the message is for, as JSON of `PlannedSend.Purpose`; nil for a mailout recorded before it was kept.
    public var purpose: String?
    /// The token of its plus-addressed Reply-To, when the round uses one.
    public var replyToken: String?
}

/// One delivery (one message to one address) as the ledger holds it.
public struct DeliveryRecord: Sendable, Equatable, Codable {
    /// The row's id.
    public var id: Int64
    /// The message delivered.
    public var message: StoredMessage
    /// The address.
    public var recipient: EmailAddress
    /// To or Cc.
    public var role: RecipientRole
    /// Where it stands.
    public var state: DeliveryState
    /// How many times it was tried.
    public var attempts: Int
    /// When it is tried again, if deferred.
    public var nextAttemptAt: Date?
    /// The server's last reply, in its own words.
    public var reply: String?
    /// When it was sent.
    public var sentAt: Date?
    /// The delivery's own token, carried in the envelope sender when the round has a bounce address.
    public var token: String
}

extension AppDatabase {
    /// Records messages and their deliveries in one transaction. A message whose key the round
    /// and body already have is left as it is; returns how many messages were new.
    @discardableResult
    public func queue(_ messages: [QueuedMessage], now: Date) throws -> Int {
        try writer.write { db in try Self.insert(messages, db: db, now: now) }
    }

    static func insert(_ messages: [QueuedMessage], db: Database, now: Date) throws -> Int {
        var inserted = 0
        for message in messages {
            try db.execute(
                sql: """
                    INSERT INTO message (consultation_id, organization_id, kind, key, message_id, subject, created_at, purpose, reply_token)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(8))))
                    ON CONFLICT (consultation_id, organization_id, key) DO NOTHING
                    """,
                arguments: [
                    message.consultationID, message.organizationID, message.kind.rawValue, message.key, message.messageID,
                    message.subject, message.date, message.purpose,
                ])
            guard db.changesCount == 1 else { continue }
            inserted += 1
            let rowID = db.lastInsertedRowID
            try db.execute(
                sql: "UPDATE message SET register_number = ? WHERE id = ?",
                arguments: [try Self.nextRegisterNumber(db, consultation: message.consultationID), rowID])
            for recipient in message.recipients {
                try db.execute(
                    sql: """
                        INSERT INTO delivery (message_id, recipient, role, token, updated_at)
                        VALUES (?, ?, ?, lower(hex(randomblob(8))), ?)
                        ON CONFLICT (message_id, recipient) DO NOTHING
                        """,
                    arguments: [rowID, recipient.address.description, recipient.role.rawValue, now])
            }
        }
        return inserted
    }

    /// The messages of a round already in the ledger, by body, for one kind.
    public func messages(consultation: String, kind: MessageKind) throws -> [StoredMessage] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM message WHERE consultation_id = ? AND kind = ? ORDER BY organization_id, key",
                arguments: [consultation, kind.rawValue]
            ).map(Self.storedMessage)
        }
    }

    /// Whether any delivery is due, without claiming it: a read that spares a quiet cron run its writes.
    public func hasDueDeliveries(consultation: String?, kinds: [MessageKind], includeDeferred: Bool, now: Date) throws -> Bool {
        try writer.read { db in
            var sql = """
                SELECT 1 FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE (d.state = 'queued' OR (d.state = 'sending' AND d.lease_until <= ?)
                """
            var arguments: StatementArguments = [now]
            if includeDeferred {
                sql += " OR (d.state = 'deferred' AND d.next_attempt_at <= ?)"
                arguments += [now]
            }
            sql += ")"
            if let consultation {
                sql += " AND m.consultation_id = ?"
                arguments += [consultation]
            }
            sql += " AND m.kind IN (\(kinds.map { "'\($0.rawValue)'" }.joined(separator: ", "))) LIMIT 1"
            return try Bool.fetchOne(db, sql: sql, arguments: arguments) ?? false
        }
    }

    /// Claims up to `limit` deliveries that are due, inside one transaction, under a lease.
    ///
    /// Due means queued, or deferred with its retry time come (when `includeDeferred`), or
    /// claimed by a process whose lease has run out (it died). Claiming moves them to `sending`
    /// and counts the attempt, so two processes never claim the same delivery at once.
    public func claimDeliveries(
        consultation: String?, kinds: [MessageKind] = MessageKind.allCases, includeDeferred: Bool, now: Date,
        lease: TimeInterval = 300, limit: Int = 100
    ) throws -> [DeliveryRecord] {
        try writer.write { db in
            var conditions = ["(d.state = 'queued' OR (d.state = 'sending' AND d.lease_until <= ?)"]
            var arguments: StatementArguments = [now]
            if includeDeferred {
                conditions[0] += " OR (d.state = 'deferred' AND d.next_attempt_at <= ?)"
                arguments += [now]
            }
            conditions[0] += ")"
            if let consultation {
                conditions.append("m.consultation_id = ?")
                arguments += [consultation]
            }
            conditions.append("m.kind IN (\(kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")))")
            conditions.append("NOT EXISTS (SELECT 1 FROM consultation c WHERE c.id = m.consultation_id AND c.closed_at IS NOT NULL)")
            let rows = try Row.fetchAll(
                db,
                sql: Self.deliveryQuery + " WHERE " + conditions.joined(separator: " AND ") + " ORDER BY d.id LIMIT ?",
                arguments: arguments + [limit])
            let records = try rows.map(Self.deliveryRecord)
            for record in records {
                try db.execute(
                    sql: "UPDATE delivery SET state = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                    arguments: [now.addingTimeInterval(lease), now, record.id])
            }
            return records.map { record in
                var claimed = record
                claimed.state = .sending
                claimed.attempts += 1
                return claimed
            }
        }
    }

    /// Records what became of a claimed delivery.
    public func record(_ outcome: DeliveryOutcome, delivery id: Int64, now: Date, retryAt: Date? = nil) throws {
        try record([(id, outcome, retryAt)], now: now)
    }

    /// Records the outcomes of several claimed deliveries in one transaction.
    public func record(_ outcomes: [(delivery: Int64, outcome: DeliveryOutcome, retryAt: Date?)], now: Date) throws {
        guard !outcomes.isEmpty else { return }
        try writer.write { db in
            for (id, outcome, retryAt) in outcomes {
                switch outcome {
                case .sent(let reply):
                    try db.execute(
                        sql: """
                            UPDATE delivery SET state = 'sent', reply = ?, sent_at = ?, lease_until = NULL, next_attempt_at = NULL,
                            updated_at = ? WHERE id = ?
                            """, arguments: [reply, now, now, id])
                case .deferred(let reply), .unreachable(let reply):
                    try db.execute(
                        sql: """
                            UPDATE delivery SET state = 'deferred', reply = ?, next_attempt_at = ?, lease_until = NULL, updated_at = ?
                            WHERE id = ?
                            """, arguments: [reply, retryAt ?? now, now, id])
                case .failed(let reply):
                    try db.execute(
                        sql: "UPDATE delivery SET state = 'failed', reply = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                        arguments: [reply, now, id])
                }
            }
        }
    }

    /// Deliveries of a round claimed under a lease that has not run out: another run is sending
    /// them, or one that stopped will have them taken again when its lease ends.
    public func leasedDeliveries(consultation: String, now: Date) throws -> (count: Int, until: Date?) {
        try writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) AS n, max(d.lease_until) AS until FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND d.state = 'sending' AND d.lease_until > ?
                    """, arguments: [consultation, now])
            return (row?["n"] ?? 0, row?["until"])
        }
    }

    /// The recipients of a message, To first, in the order they were recorded.
    public func recipients(ofMessage messageID: String) throws -> [(address: EmailAddress, role: RecipientRole)] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.message_id = ? ORDER BY d.role DESC, d.id
                    """, arguments: [messageID]
            ).map { (try EmailAddress($0["recipient"] as String), try Self.decode(RecipientRole.self, $0["role"])) }
        }
    }

    /// How many deferred deliveries of open rounds are due for a retry.
    public func dueDeferredCount(now: Date) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM delivery d JOIN message m ON m.id = d.message_id JOIN consultation c ON c.id = m.consultation_id
                    WHERE c.closed_at IS NULL AND d.state = 'deferred' AND d.next_attempt_at <= ?
                    """, arguments: [now]) ?? 0
        }
    }

    /// Gives claimed deliveries back untried (e.g. when the server could not be reached), so the
    /// next run takes them without counting an attempt.
    public func release(_ ids: [Int64], now: Date) throws {
        guard !ids.isEmpty else { return }
        try writer.write { db in
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_until = NULL, updated_at = ?
                        WHERE id = ? AND state = 'sending'
                        """, arguments: [now, id])
            }
        }
    }

    /// Queues a body's failed deliveries of a round again, after its addresses were corrected.
    ///
    /// A failed address the body still has is queued again as it is; one it no longer has is
    /// left as the record of the failure, and the body's current address for the same place
    /// (To or Cc) is queued in its stead. Returns the deliveries queued.
    public func requeueFailed(
        consultation: String, organization: String, currentRecipients: [(address: EmailAddress, role: RecipientRole)], now: Date
    ) throws -> [EmailAddress] {
        try writer.write { db in
            let failed = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.message_id, d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND m.organization_id = ? AND d.state = 'failed'
                    """, arguments: [consultation, organization])
            var queued: [EmailAddress] = []
            let current = Dictionary(currentRecipients.map { ($0.address.normalized, $0) }) { first, _ in first }
            for row in failed {
                let address = try EmailAddress(row["recipient"] as String)
                let role = try Self.decode(RecipientRole.self, row["role"])
                if current[address.normalized] != nil {
                    try db.execute(
                        sql: """
                            UPDATE delivery SET state = 'queued', attempts = 0, next_attempt_at = NULL, reply = NULL, updated_at = ?
                            WHERE id = ?
                            """, arguments: [now, row["id"] as Int64])
                    queued.append(address)
                    continue
                }
                for replacement in currentRecipients where replacement.role == role {
                    try db.execute(
                        sql: """
                            INSERT INTO delivery (message_id, recipient, role, token, updated_at)
                            VALUES (?, ?, ?, lower(hex(randomblob(8))), ?) ON CONFLICT (message_id, recipient) DO NOTHING
                            """,
                        arguments: [row["message_id"] as Int64, replacement.address.description, role.rawValue, now])
                    if db.changesCount == 1 { queued.append(replacement.address) }
                }
            }
            return queued
        }
    }

    /// The ledger of a round, optionally in one state, ordered by body and message.
    public func deliveries(consultation: String, state: DeliveryState? = nil) throws -> [DeliveryRecord] {
        try writer.read { db in
            var sql = Self.deliveryQuery + " WHERE m.consultation_id = ?"
            var arguments: StatementArguments = [consultation]
            if let state {
                sql += " AND d.state = ?"
                arguments += [state.rawValue]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY m.organization_id, m.key, d.role DESC, d.id", arguments: arguments)
                .map(Self.deliveryRecord)
        }
    }

    static let deliveryQuery = """
        SELECT d.id AS delivery_id, d.recipient, d.role, d.state, d.attempts, d.next_attempt_at, d.reply, d.sent_at, d.token,
            m.consultation_id, m.organization_id, m.kind, m.key, m.message_id, m.subject, m.created_at, m.purpose, m.reply_token
        FROM delivery d JOIN message m ON m.id = d.message_id
        """

    static func storedMessage(_ row: Row) throws -> StoredMessage {
        StoredMessage(
            consultationID: row["consultation_id"], organizationID: row["organization_id"],
            kind: try decode(MessageKind.self, row["kind"]), key: row["key"], messageID: row["message_id"],
            subject: row["subject"], date: row["created_at"], purpose: row["purpose"], replyToken: row["reply_token"])
    }

    static func deliveryRecord(_ row: Row) throws -> DeliveryRecord {
        DeliveryRecord(
            id: row["delivery_id"], message: try storedMessage(row), recipient: try EmailAddress(row["recipient"] as String),
            role: try decode(RecipientRole.self, row["role"]), state: try decode(DeliveryState.self, row["state"]),
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], reply: row["reply"], sentAt: row["sent_at"],
            token: row["token"])
    }
}
