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

    /// Creates a message as the ledger holds it, for a store that reads it from its own database.
    public init(
        consultationID: String, bodyID: String, kind: MessageKind, key: String, messageID: String, subject: String, date: Date,
        purpose: String?, replyToken: String?
    ) {
        self.consultationID = consultationID
        self.bodyID = bodyID
        self.kind = kind
        self.key = key
        self.messageID = messageID
        self.subject = subject
        self.date = date
        self.purpose = purpose
        self.replyToken = replyToken
    }
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

    /// Creates a delivery as the ledger holds it, for a store that reads it from its own database.
    public init(
        id: Int64, message: StoredMessage, recipient: EmailAddress, role: Recipient.Role, state: DeliveryState, attempts: Int,
        nextAttemptAt: Date?, reply: String?, sentAt: Date?, token: String
    ) {
        self.id = id
        self.message = message
        self.recipient = recipient
        self.role = role
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.reply = reply
        self.sentAt = sentAt
        self.token = token
    }
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

    /// Creates a claim, for a store that makes it in its own database.
    public init(token: String, deliveries: [DeliveryRecord], leaseUntil: Date) {
        self.token = token
        self.deliveries = deliveries
        self.leaseUntil = leaseUntil
    }
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

    /// Records messages with their register numbers and deliveries inside the caller's transaction; a message whose key
    /// the round and body already have is left as it is. Returns how many were new.
    ///
    /// A mailout records one message and its deliveries per body, thousands at a time: plain SQL in statements the
    /// connection keeps compiled, each row written with every column the records write.
    static func insert(_ messages: [QueuedMessage], db: Database, now: Date) throws -> Int {
        let known = try db.cachedStatement(
            sql: "SELECT 1 FROM message WHERE consultation_id = ? AND organization_id = ? AND key = ? LIMIT 1")
        let insertMessage = try db.cachedStatement(
            sql: """
                INSERT INTO message (consultation_id, organization_id, kind, key, message_id, subject, created_at, purpose,
                    reply_token, register_number)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let insertDelivery = try db.cachedStatement(
            sql: """
                INSERT INTO delivery (message_id, recipient, role, state, attempts, updated_at, token)
                VALUES (?, ?, ?, 'queued', 0, ?, ?)
                """)
        var inserted = 0
        for message in messages {
            guard try Int.fetchOne(known, arguments: [message.consultationID, message.bodyID, message.key]) == nil else { continue }
            try insertMessage.execute(arguments: [
                message.consultationID, message.bodyID, message.kind.rawValue, message.key, message.messageID, message.subject,
                message.date, message.purpose, newToken(bytes: 8), try nextRegisterNumber(db, consultation: message.consultationID),
            ])
            inserted += 1
            let id = db.lastInsertedRowID
            var addresses = Set<String>()
            for recipient in message.recipients where addresses.insert(recipient.address.description).inserted {
                try insertDelivery.execute(arguments: [
                    id, recipient.address.description, recipient.role.rawValue, now, newToken(bytes: 8),
                ])
            }
        }
        return inserted
    }

    /// The messages of a round already in the ledger, by body, for one kind.
    public func messages(consultation: String, kind: MessageKind) throws -> [StoredMessage] {
        try read { db in
            try MessageRow.filter(MessageRow.Columns.roundID == consultation && MessageRow.Columns.kind == kind.rawValue)
                .order(MessageRow.Columns.bodyID, MessageRow.Columns.key).fetchAll(db).map(\.stored)
        }
    }

    /// Whether any delivery is due, without claiming it: a read that spares a quiet cron run its writes.
    public func hasDueDeliveries(_ due: DueDeliveries, now: Date) throws -> Bool {
        try read { db in try !Self.due(due, now: now).isEmpty(db) }
    }

    /// How many deliveries are due.
    public func dueCount(_ due: DueDeliveries, now: Date) throws -> Int {
        try read { db in try Self.due(due, now: now).fetchCount(db) }
    }

    /// The due deliveries with their messages, in the order they go.
    static func due(_ due: DueDeliveries, now: Date) -> QueryInterfaceRequest<DeliveryWithMessage> {
        let (condition, arguments) = due.condition(now: now)
        return DeliveryWithMessage.request().filter(sql: condition, arguments: arguments).order(sql: "d.id")
    }

    /// Claims up to `limit` due deliveries in one transaction, under a new random token and a
    /// lease until `now + lease`.
    ///
    /// Claiming moves them to `sending` and counts the attempt, so two runs never hold the same
    /// delivery at once; a run whose lease runs out loses its claim to the next run that claims.
    ///
    /// The renewal and the record of an outcome run once per delivery, the claim once per batch: their writes are plain
    /// SQL in statements the connection keeps compiled.
    public func claimDeliveries(_ due: DueDeliveries, now: Date, lease: TimeInterval, limit: Int) throws -> DeliveryClaim {
        let token = Self.newToken()
        let until = now.addingTimeInterval(lease)
        let records = try write { db in
            let claimed = try Self.due(due, now: now).limit(limit).fetchAll(db).map { try $0.record }
            guard !claimed.isEmpty else { return claimed }
            // SQLite has one writer at a time: the rows read above are still due when they are moved to `sending`.
            let update = try db.cachedStatement(
                sql: """
                    UPDATE delivery SET state = 'sending', claim_token = ?, lease_until = ?, attempts = attempts + 1,
                        updated_at = ?
                    WHERE id IN (\(claimed.map { _ in "?" }.joined(separator: ", ")))
                    """)
            try update.execute(arguments: [token, until, now] + StatementArguments(claimed.map(\.id)))
            return claimed
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

    /// The deliveries a claim still holds: claimed under its token and not yet recorded.
    static func held(by token: String) -> QueryInterfaceRequest<DeliveryRow> {
        DeliveryRow.filter(DeliveryRow.Columns.claimToken == token && DeliveryRow.Columns.state == DeliveryState.sending.rawValue)
    }

    /// Extends the lease of every delivery still held under a claim, and returns their ids: a
    /// delivery another run has taken over (or whose outcome is recorded) is not among them.
    public func renew(claim token: String, until: Date, now: Date) throws -> Set<Int64> {
        try write { db in
            let held = try Int64.fetchSet(
                db.cachedStatement(sql: "SELECT id FROM delivery WHERE claim_token = ? AND state = 'sending'"), arguments: [token])
            // The same condition in the same transaction: exactly the rows read above.
            try db.cachedStatement(sql: "UPDATE delivery SET lease_until = ?, updated_at = ? WHERE claim_token = ? AND state = 'sending'")
                .execute(arguments: [until, now, token])
            return held
        }
    }

    /// Records what became of a claimed delivery, provided the claim still holds it; returns
    /// false, changing nothing, when another run has taken it over.
    @discardableResult
    public func record(_ outcome: DeliveryOutcome, delivery id: Int64, claim token: String, now: Date, retryAt: Date?) throws
        -> Bool
    {
        // Every outcome ends the claim: no lease, no token. The row changes only while this claim holds it.
        let held = "lease_until = NULL, claim_token = NULL, updated_at = ? WHERE id = ? AND claim_token = ? AND state = 'sending'"
        let sql: String
        var arguments: StatementArguments
        switch outcome {
        case .sent(let reply):
            sql = "UPDATE delivery SET state = 'sent', reply = ?, sent_at = ?, next_attempt_at = NULL, \(held)"
            arguments = [reply, now]
        case .deferred(let reply), .unreachable(let reply):
            sql = "UPDATE delivery SET state = 'deferred', reply = ?, next_attempt_at = ?, \(held)"
            arguments = [reply, retryAt ?? now]
        case .failed(let reply):
            sql = "UPDATE delivery SET state = 'failed', reply = ?, \(held)"
            arguments = [reply]
        case .misconfigured:
            // Nothing was tried for the recipient: the delivery goes back untried.
            sql = "UPDATE delivery SET state = 'queued', attempts = max(attempts - 1, 0), \(held)"
            arguments = []
        }
        arguments += [now, id, token]
        return try write { db in
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            return db.changesCount > 0
        }
    }

    /// Gives claimed deliveries back untried (e.g. when the server could not be reached), so the
    /// next run takes them without counting an attempt. Returns how many the claim still held.
    @discardableResult
    public func release(_ ids: [Int64], claim token: String, now: Date) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try write { db in
            var released = 0
            for var delivery in try Self.held(by: token).filter(keys: ids).fetchAll(db) {
                delivery.state = .queued
                delivery.attempts = max(delivery.attempts - 1, 0)
                delivery.leaseUntil = nil
                delivery.claimToken = nil
                delivery.updatedAt = now
                try delivery.update(db)
                released += 1
            }
            return released
        }
    }

    /// Where a round's deliveries of some kinds stand at `now`.
    public func standing(consultation: String, kinds: [MessageKind], now: Date) throws -> DeliveryStanding {
        try read { db in
            var standing = DeliveryStanding()
            let kindList = kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            // An aggregate over states and leases: SQL says it in one statement.
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
            standing.failed = try DeliveryWithMessage.request()
                .filter(
                    sql: """
                        m.consultation_id = ? AND m.kind IN (\(kindList)) AND d.state = 'failed'
                            AND NOT EXISTS (SELECT 1 FROM delivery later WHERE later.message_id = d.message_id AND later.role = d.role
                                AND later.id > d.id AND later.state != 'failed')
                        """, arguments: [consultation]
                )
                .order(sql: "m.organization_id, d.id").fetchAll(db).map { try $0.record }
            return standing
        }
    }

    /// A new random token in hexadecimal: 128 bits for a claim, 64 for a delivery's or a message's token. Every
    /// store makes its tokens here, so that they look the same whichever database holds them.
    package static func newToken(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(2 * bytes)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The recipients of a message, To first, in the order they were recorded.
    public func recipients(ofMessage messageID: String) throws -> [Recipient] {
        try read { db in
            try DeliveryWithMessage.request().filter(sql: "m.message_id = ?", arguments: [messageID]).order(sql: "d.role DESC, d.id")
                .fetchAll(db).map { Recipient(address: try EmailAddress($0.delivery.recipient), role: $0.delivery.role) }
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
            let failed = try DeliveryWithMessage.request()
                .filter(sql: "m.consultation_id = ? AND m.organization_id = ? AND d.state = 'failed'", arguments: [consultation, body])
                .fetchAll(db).map(\.delivery)
            var queued: [EmailAddress] = []
            let current = Dictionary(currentRecipients.map { ($0.address.normalized, $0) }) { first, _ in first }
            for var delivery in failed {
                let address = try EmailAddress(delivery.recipient)
                if current[address.normalized] != nil {
                    delivery.state = .queued
                    delivery.attempts = 0
                    delivery.nextAttemptAt = nil
                    delivery.reply = nil
                    delivery.updatedAt = now
                    try delivery.update(db)
                    queued.append(address)
                    continue
                }
                for replacement in currentRecipients where replacement.role == delivery.role {
                    let known = DeliveryRow.filter(
                        DeliveryRow.Columns.messageRowID == delivery.messageRowID
                            && DeliveryRow.Columns.recipient == replacement.address.description)
                    guard try known.isEmpty(db) else { continue }
                    var added = DeliveryRow(message: delivery.messageRowID, recipient: replacement, now: now)
                    try added.insert(db)
                    queued.append(replacement.address)
                }
            }
            return queued
        }
    }

    /// The ledger of a round, optionally in one state, ordered by body and message.
    public func deliveries(consultation: String, state: DeliveryState?) throws -> [DeliveryRecord] {
        try read { db in
            var request = DeliveryWithMessage.request().filter(sql: "m.consultation_id = ?", arguments: [consultation])
            if let state {
                request = request.filter(sql: "d.state = ?", arguments: [state.rawValue])
            }
            return try request.order(sql: "m.organization_id, m.key, d.role DESC, d.id").fetchAll(db).map { try $0.record }
        }
    }
}
