import Foundation
import GRDB
import SamradCore

/// A message to record in the ledger before anything is sent, with one delivery per recipient address.
public struct QueuedMessage: Sendable, Equatable {
    /// The round.
    public var consultationID: String
    /// The body it is for.
    public var bodyID: String
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
    public var recipients: [Recipient]
    /// What the message is for, as JSON of `PlannedSend.Purpose`, so that it can be rendered again.
    public var purpose: String?

    /// Creates a queued message.
    public init(
        consultationID: String, bodyID: String, kind: MessageKind, key: String, messageID: String, subject: String,
        date: Date, recipients: [Recipient], purpose: String? = nil
    ) {
        self.purpose = purpose
        self.consultationID = consultationID
        self.bodyID = bodyID
        self.kind = kind
        self.key = key
        self.messageID = messageID
        self.subject = subject
        self.date = date
        self.recipients = recipients
    }
}

/// A message recorded in the ledger.
public struct StoredMessage: Sendable, Equatable, Codable {
    /// The round.
    public var consultationID: String
    /// The body.
    public var bodyID: String
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
    public var role: Recipient.Role
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

/// Which deliveries are due: the one definition that claiming, the quick check of a quiet cron run
/// and the counts share.
///
/// Due means queued; or claimed by a run whose lease has run out (it stopped, and whether the
/// message went is unknown); or, with `includeDeferred`, deferred with its retry time come. A
/// closed round has nothing due.
public struct DueDeliveries: Sendable, Equatable {
    /// Only this round's deliveries, or every open round's.
    public var consultation: String?
    /// Only these kinds of message.
    public var kinds: [MessageKind]
    /// Also deferred deliveries whose retry time has come.
    public var includeDeferred: Bool
    /// Not these rounds' deliveries (e.g. rounds whose messages cannot be rendered now).
    public var excluding: Set<String>

    /// Creates the selection.
    public init(
        consultation: String?, kinds: [MessageKind] = MessageKind.allCases, includeDeferred: Bool, excluding: Set<String> = []
    ) {
        self.consultation = consultation
        self.kinds = kinds
        self.includeDeferred = includeDeferred
        self.excluding = excluding
    }

    /// The condition on `delivery d JOIN message m` at `now`, with its arguments.
    func condition(now: Date) -> (sql: String, arguments: StatementArguments) {
        var states = "d.state = 'queued' OR (d.state = 'sending' AND d.lease_until <= ?)"
        var arguments: StatementArguments = [now]
        if includeDeferred {
            states += " OR (d.state = 'deferred' AND d.next_attempt_at <= ?)"
            arguments += [now]
        }
        var conditions = ["(\(states))"]
        if let consultation {
            conditions.append("m.consultation_id = ?")
            arguments += [consultation]
        }
        if !excluding.isEmpty {
            conditions.append("m.consultation_id NOT IN (\(excluding.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(excluding.sorted())
        }
        conditions.append("m.kind IN (\(kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")))")
        conditions.append("NOT EXISTS (SELECT 1 FROM consultation c WHERE c.id = m.consultation_id AND c.closed_at IS NOT NULL)")
        return (conditions.joined(separator: " AND "), arguments)
    }
}

/// Deliveries claimed by one run under one random token and a lease.
///
/// Only a run that holds the token records an outcome, renews the lease or gives a delivery back:
/// once the lease has run out and another run has claimed a delivery, the first run's writes
/// change nothing, and it learns so.
public struct DeliveryClaim: Sendable {
    /// The claim's token.
    public var token: String
    /// The deliveries claimed, in the order they go.
    public var deliveries: [DeliveryRecord]
    /// When the lease runs out unless renewed.
    public var leaseUntil: Date
}

/// Where the deliveries of a round stand now: what went, and what is still to go.
public struct DeliveryStanding: Sendable, Equatable {
    /// Sent (or written to the outbox).
    public var sent = 0
    /// Recorded, not yet tried.
    public var queued = 0
    /// Claimed by a run whose lease has not run out: it is sending them now.
    public var sending = 0
    /// When the last of those leases runs out.
    public var sendingUntil: Date?
    /// Claimed by a run that stopped before it recorded what became of them: whether they went is
    /// unknown, and they go again (with the same Message-ID) on the next send.
    public var unknown = 0
    /// Deferred: tried again later.
    public var deferred = 0
    /// The earliest retry time of the deferred ones.
    public var nextAttempt: Date?
    /// Failed for good, with the server's words.
    public var failed: [DeliveryRecord] = []

    /// Creates an empty standing.
    public init() {}

    /// Deliveries that have not gone yet and will go without anyone's help.
    public var pending: Int { queued + sending + unknown + deferred }
    /// Every delivery counted.
    public var total: Int { sent + pending + failed.count }
}

extension AppDatabase {
    /// Records messages and their deliveries in one transaction. A message whose key the round
    /// and body already have is left as it is; returns how many messages were new.
    @discardableResult
    public func queue(_ messages: [QueuedMessage], now: Date, audit: (Int) -> AuditNote?) throws -> Int {
        try write(audit: audit) { db in try Self.insert(messages, db: db, now: now) }
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
                    message.consultationID, message.bodyID, message.kind.rawValue, message.key, message.messageID,
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
    public func hasDueDeliveries(_ due: DueDeliveries, now: Date) throws -> Bool {
        try writer.read { db in
            let (condition, arguments) = due.condition(now: now)
            return try Bool.fetchOne(
                db, sql: "SELECT 1 FROM delivery d JOIN message m ON m.id = d.message_id WHERE \(condition) LIMIT 1",
                arguments: arguments) ?? false
        }
    }

    /// How many deliveries are due.
    public func dueCount(_ due: DueDeliveries, now: Date) throws -> Int {
        try writer.read { db in
            let (condition, arguments) = due.condition(now: now)
            return try Int.fetchOne(
                db, sql: "SELECT count(*) FROM delivery d JOIN message m ON m.id = d.message_id WHERE \(condition)", arguments: arguments)
                ?? 0
        }
    }

    /// Claims up to `limit` due deliveries in one transaction, under a new random token and a
    /// lease until `now + lease`.
    ///
    /// Claiming moves them to `sending` and counts the attempt, so two runs never hold the same
    /// delivery at once; a run whose lease runs out loses its claim to the next run that claims.
    public func claimDeliveries(_ due: DueDeliveries, now: Date, lease: TimeInterval, limit: Int) throws -> DeliveryClaim {
        let token = Self.newToken()
        let until = now.addingTimeInterval(lease)
        let records = try writer.write { db in
            let (condition, arguments) = due.condition(now: now)
            let rows = try Row.fetchAll(
                db, sql: Self.deliveryQuery + " WHERE " + condition + " ORDER BY d.id LIMIT ?", arguments: arguments + [limit])
            let records = try rows.map(Self.deliveryRecord)
            for record in records {
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'sending', claim_token = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [token, until, now, record.id])
            }
            return records
        }
        return DeliveryClaim(
            token: token,
            deliveries: records.map { record in
                var claimed = record
                claimed.state = .sending
                claimed.attempts += 1
                return claimed
            }, leaseUntil: until)
    }

    /// Extends the lease of every delivery still held under a claim, and returns their ids: a
    /// delivery another run has taken over (or whose outcome is recorded) is not among them.
    public func renew(claim token: String, until: Date, now: Date) throws -> Set<Int64> {
        try writer.write { db in
            try Int64.fetchSet(
                db,
                sql: "UPDATE delivery SET lease_until = ?, updated_at = ? WHERE claim_token = ? AND state = 'sending' RETURNING id",
                arguments: [until, now, token])
        }
    }

    /// Records what became of a claimed delivery, provided the claim still holds it; returns
    /// false, changing nothing, when another run has taken it over.
    @discardableResult
    public func record(_ outcome: DeliveryOutcome, delivery id: Int64, claim token: String, now: Date, retryAt: Date? = nil) throws
        -> Bool
    {
        try writer.write { db in
            let held = "WHERE id = ? AND claim_token = ? AND state = 'sending'"
            switch outcome {
            case .sent(let reply):
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'sent', reply = ?, sent_at = ?, lease_until = NULL, next_attempt_at = NULL,
                        claim_token = NULL, updated_at = ? \(held)
                        """, arguments: [reply, now, now, id, token])
            case .deferred(let reply), .unreachable(let reply):
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'deferred', reply = ?, next_attempt_at = ?, lease_until = NULL, claim_token = NULL,
                        updated_at = ? \(held)
                        """, arguments: [reply, retryAt ?? now, now, id, token])
            case .failed(let reply):
                try db.execute(
                    sql: "UPDATE delivery SET state = 'failed', reply = ?, lease_until = NULL, claim_token = NULL, updated_at = ? \(held)",
                    arguments: [reply, now, id, token])
            case .misconfigured:
                // Nothing was tried for the recipient: the delivery goes back untried.
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_until = NULL, claim_token = NULL,
                        updated_at = ? \(held)
                        """, arguments: [now, id, token])
            }
            return db.changesCount == 1
        }
    }

    /// Gives claimed deliveries back untried (e.g. when the server could not be reached), so the
    /// next run takes them without counting an attempt. Returns how many the claim still held.
    @discardableResult
    public func release(_ ids: [Int64], claim token: String, now: Date) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try writer.write { db in
            var released = 0
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE delivery SET state = 'queued', attempts = MAX(attempts - 1, 0), lease_until = NULL, claim_token = NULL,
                        updated_at = ? WHERE id = ? AND claim_token = ? AND state = 'sending'
                        """, arguments: [now, id, token])
                released += db.changesCount
            }
            return released
        }
    }

    /// Where a round's deliveries of some kinds stand at `now`.
    public func standing(consultation: String, kinds: [MessageKind] = MessageKind.allCases, now: Date) throws -> DeliveryStanding {
        try writer.read { db in
            var standing = DeliveryStanding()
            let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT d.state, d.lease_until > ? AS leased, count(*) AS n, max(d.lease_until) AS until,
                        min(d.next_attempt_at) AS next
                    FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND m.kind IN (\(kindList)) AND d.state != 'failed'
                    GROUP BY d.state, leased
                    """, arguments: [now, consultation])
            {
                let count: Int = row["n"]
                switch try Self.decode(DeliveryState.self, row["state"]) {
                case .sent: standing.sent += count
                case .queued: standing.queued += count
                case .deferred:
                    standing.deferred += count
                    standing.nextAttempt = row["next"]
                case .sending:
                    if row["leased"] as Bool? == true {
                        standing.sending += count
                        standing.sendingUntil = row["until"]
                    } else {
                        standing.unknown += count
                    }
                case .failed: break
                }
            }
            // A failed delivery that a later one to the same place (To or Cc) of the same message replaced — a resend
            // to a corrected address — is history, not something still to do.
            standing.failed = try Row.fetchAll(
                db,
                sql: Self.deliveryQuery
                    + """
                     WHERE m.consultation_id = ? AND m.kind IN (\(kindList)) AND d.state = 'failed'
                        AND NOT EXISTS (SELECT 1 FROM delivery later WHERE later.message_id = d.message_id AND later.role = d.role
                            AND later.id > d.id AND later.state != 'failed')
                    ORDER BY m.organization_id, d.id
                    """,
                arguments: [consultation]
            ).map(Self.deliveryRecord)
            return standing
        }
    }

    /// A new claim token: 128 random bits in hexadecimal.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.map { String(repeating: "0", count: 16 - $0.count) + $0 }
            .joined()
    }

    /// The recipients of a message, To first, in the order they were recorded.
    public func recipients(ofMessage messageID: String) throws -> [Recipient] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.message_id = ? ORDER BY d.role DESC, d.id
                    """, arguments: [messageID]
            ).map {
                Recipient(address: try EmailAddress($0["recipient"] as String), role: try Self.decode(Recipient.Role.self, $0["role"]))
            }
        }
    }

    /// Queues a body's failed deliveries of a round again, after its addresses were corrected.
    ///
    /// A failed address the body still has is queued again as it is; one it no longer has is
    /// left as the record of the failure, and the body's current address for the same place
    /// (To or Cc) is queued in its stead. Returns the deliveries queued.
    public func requeueFailed(
        consultation: String, body: String, currentRecipients: [Recipient], now: Date,
        audit: ([EmailAddress]) -> AuditNote?
    ) throws -> [EmailAddress] {
        try write(audit: audit) { db in
            let failed = try Row.fetchAll(
                db,
                sql: """
                    SELECT d.id, d.message_id, d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND m.organization_id = ? AND d.state = 'failed'
                    """, arguments: [consultation, body])
            var queued: [EmailAddress] = []
            let current = Dictionary(currentRecipients.map { ($0.address.normalized, $0) }) { first, _ in first }
            for row in failed {
                let address = try EmailAddress(row["recipient"] as String)
                let role = try Self.decode(Recipient.Role.self, row["role"])
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
            consultationID: row["consultation_id"], bodyID: row["organization_id"],
            kind: try decode(MessageKind.self, row["kind"]), key: row["key"], messageID: row["message_id"],
            subject: row["subject"], date: row["created_at"], purpose: row["purpose"], replyToken: row["reply_token"])
    }

    static func deliveryRecord(_ row: Row) throws -> DeliveryRecord {
        DeliveryRecord(
            id: row["delivery_id"], message: try storedMessage(row), recipient: try EmailAddress(row["recipient"] as String),
            role: try decode(Recipient.Role.self, row["role"]), state: try decode(DeliveryState.self, row["state"]),
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], reply: row["reply"], sentAt: row["sent_at"],
            token: row["token"])
    }
}
