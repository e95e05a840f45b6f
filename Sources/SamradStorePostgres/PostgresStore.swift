import Foundation
import PostgresNIO
import SamradCore
import SamradStore

/// Samråd's whole store on a PostgreSQL server, which several processes on several hosts share, with the guarantees
/// `AppDatabase` gives on one machine.
///
/// - Every method is one transaction, and a write's audit entry is appended in it.
/// - A claim takes due deliveries with `SELECT … FOR UPDATE SKIP LOCKED`: concurrent runs skip the rows another is
///   claiming instead of waiting for them or taking them twice.
/// - Only a claim's token records an outcome, renews a lease or gives a delivery back.
/// - A message's register number is taken in the transaction that records it, from its round's counter row, which
///   that transaction locks: numbers are taken one at a time and a rolled-back transaction leaves no gap.
/// - The audit trail is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE.
/// - Loading the registry takes a lock on it, so two loads run one after the other, as on SQLite.
///
/// It conforms to every protocol of ``Store``: the registry, rounds, schedule, ledger, answers and import, register
/// and audit, and the portal.
public final class PostgresStore: Ledger, RegisterStore, Sendable {
    let connections: PostgresConnections
    /// Where the database is, for messages.
    public let settings: PostgresSettings

    /// Connects to the database the settings name, and creates or migrates its schema.
    public init(settings: PostgresSettings) throws {
        self.settings = settings
        connections = PostgresConnections(configuration: try settings.connectionConfiguration())
        try PostgresMigrations.migrate(connections)
    }

    /// Closes the connections kept open.
    public func close() {
        connections.close()
    }

    /// The migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try connections.withSession { session in
            try session.rows("SELECT id FROM samrad_migrations ORDER BY id").map { try $0.value("id", as: String.self) }
        }
    }

    // MARK: Ledger

    @discardableResult
    public func queue(_ messages: [QueuedMessage], now: Date, audit: (Int) -> AuditNote?) throws -> Int {
        try connections.transaction { session in
            let inserted = try Self.insert(messages, session: session, now: now)
            if let note = audit(inserted) { try Self.append(note, session: session) }
            return inserted
        }
    }

    /// How many new messages make the planner's figures for the ledger's tables worth renewing.
    static let analyzeAfter = 100

    /// Records messages with their register numbers and deliveries inside the caller's transaction.
    static func insert(_ messages: [QueuedMessage], session: PostgresSession, now: Date) throws -> Int {
        // Lock every round's counter first, in one order, so two writers of several rounds cannot deadlock; once a
        // round's counter is held, no other transaction records a message of that round until this one ends, so
        // the check for a known key below sees every message recorded before.
        var last: [String: Int] = [:]
        for round in Set(messages.map(\.consultationID)).sorted() {
            try session.execute(
                "INSERT INTO register_counter (consultation_id, last) VALUES (\(round), 0) ON CONFLICT (consultation_id) DO NOTHING")
            last[round] =
                try session.scalar(
                    "SELECT last FROM register_counter WHERE consultation_id = \(round) FOR UPDATE", as: Int.self) ?? 0
        }
        var inserted = 0
        for message in messages {
            let known =
                try session.scalar(
                    """
                    SELECT count(*) FROM message
                    WHERE consultation_id = \(message.consultationID) AND organization_id = \(message.bodyID) AND key = \(message.key)
                    """, as: Int.self) ?? 0
            guard known == 0 else { continue }
            let number = (last[message.consultationID] ?? 0) + 1
            last[message.consultationID] = number
            guard
                let id = try session.scalar(
                    """
                    INSERT INTO message (consultation_id, organization_id, kind, key, message_id, subject, created_at, purpose,
                        reply_token, register_number)
                    VALUES (\(message.consultationID), \(message.bodyID), \(message.kind.rawValue), \(message.key),
                        \(message.messageID), \(message.subject), \(message.date), \(message.purpose), \(newToken(bytes: 8)),
                        \(number))
                    RETURNING id
                    """, as: Int64.self)
            else { continue }
            try session.execute("UPDATE register_counter SET last = \(number) WHERE consultation_id = \(message.consultationID)")
            inserted += 1
            var addresses = Set<String>()
            for recipient in message.recipients where addresses.insert(recipient.address.description).inserted {
                try insertDelivery(message: id, recipient: recipient, session: session, now: now)
            }
        }
        // A mailout queues hundreds of messages into tables the server last measured when they were nearly empty; with
        // those figures it planned each claim as a scan of every delivery per message, 200 ms a claim at 2,000. The
        // figures are renewed here, in the same transaction, so the next claim is planned for the tables as they are.
        // (A role that does not own the tables gets a warning instead, and autovacuum's figures later.)
        if inserted >= Self.analyzeAfter {
            try session.execute("ANALYZE message")
            try session.execute("ANALYZE delivery")
        }
        return inserted
    }

    static func insertDelivery(message id: Int64, recipient: Recipient, session: PostgresSession, now: Date) throws {
        try session.execute(
            """
            INSERT INTO delivery (message_id, recipient, role, state, attempts, updated_at, token)
            VALUES (\(id), \(recipient.address.description), \(recipient.role.rawValue), 'queued', 0, \(now), \(newToken(bytes: 8)))
            """)
    }

    public func messages(consultation: String, kind: MessageKind) throws -> [StoredMessage] {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT \(unescaped: Self.messageColumns) FROM message m
                WHERE m.consultation_id = \(consultation) AND m.kind = \(kind.rawValue)
                ORDER BY m.organization_id, m.key
                """
            ).map(Self.storedMessage)
        }
    }

    public func hasDueDeliveries(_ due: DueDeliveries, now: Date) throws -> Bool {
        try dueCount(due, now: now, limit: 1) > 0
    }

    public func dueCount(_ due: DueDeliveries, now: Date) throws -> Int {
        try dueCount(due, now: now, limit: nil)
    }

    private func dueCount(_ due: DueDeliveries, now: Date, limit: Int?) throws -> Int {
        try connections.withSession { session in
            var query = Self.dueCondition(
                due, now: now, prefix: "SELECT count(*) FROM (SELECT d.id FROM delivery d JOIN message m ON m.id = d.message_id WHERE ")
            query.sql += (limit.map { " LIMIT \($0)" } ?? "") + ") due_rows"
            return try session.scalar(query, as: Int.self) ?? 0
        }
    }

    /// `prefix` followed by the condition that makes a delivery (`d`, joined to its message `m`) due at `now`: the
    /// same definition as `DueDeliveries` gives the SQLite store.
    static func dueCondition(_ due: DueDeliveries, now: Date, prefix: String) -> PostgresQuery {
        var query = PostgresQuery(unsafeSQL: prefix)
        var states = "d.state = 'queued' OR (d.state = 'sending' AND d.lease_until <= \(query.bind(now)))"
        if due.includeDeferred {
            states += " OR (d.state = 'deferred' AND d.next_attempt_at <= \(query.bind(now)))"
        }
        var conditions = ["(\(states))"]
        if let consultation = due.consultation {
            conditions.append("m.consultation_id = \(query.bind(consultation))")
        }
        if !due.excluding.isEmpty {
            conditions.append("NOT (m.consultation_id = ANY(\(query.bind(due.excluding.sorted()))))")
        }
        conditions.append("m.kind = ANY(\(query.bind(due.kinds.map(\.rawValue))))")
        conditions.append(
            "NOT EXISTS (SELECT 1 FROM consultation c WHERE c.id = m.consultation_id AND c.closed_at IS NOT NULL)")
        query.sql += conditions.joined(separator: " AND ")
        return query
    }

    public func claimDeliveries(_ due: DueDeliveries, now: Date, lease: TimeInterval, limit: Int) throws -> DeliveryClaim {
        let token = Self.newToken()
        let until = now.addingTimeInterval(lease)
        let records = try connections.transaction { session -> [DeliveryRecord] in
            // SKIP LOCKED: a row another run is claiming right now is passed over, not waited for; the condition is
            // checked again on the row's newest version once it is locked, so a row just claimed is not due any more.
            var pick = Self.dueCondition(
                due, now: now, prefix: "SELECT d.id FROM delivery d JOIN message m ON m.id = d.message_id WHERE ")
            pick.sql += " ORDER BY d.id LIMIT \(max(limit, 0)) FOR UPDATE OF d SKIP LOCKED"
            let ids = try session.rows(pick).map { try $0.value("id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            try session.execute(
                """
                UPDATE delivery SET state = 'sending', claim_token = \(token), lease_until = \(until), attempts = attempts + 1,
                    updated_at = \(now)
                WHERE id = ANY(\(ids))
                """)
            return try session.rows(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE d.id = ANY(\(ids)) ORDER BY d.id
                """
            ).map(Self.deliveryRecord)
        }
        return DeliveryClaim(token: token, deliveries: records, leaseUntil: until)
    }

    public func renew(claim token: String, until: Date, now: Date) throws -> Set<Int64> {
        // One statement, atomic on its own: no BEGIN and COMMIT around it (a round trip each, before every message).
        try connections.withSession { session in
            Set(
                try session.rows(
                    """
                    UPDATE delivery SET lease_until = \(until), updated_at = \(now)
                    WHERE claim_token = \(token) AND state = 'sending' RETURNING id
                    """
                ).map { try $0.value("id", as: Int64.self) })
        }
    }

    @discardableResult
    public func record(_ outcome: DeliveryOutcome, delivery id: Int64, claim token: String, now: Date, retryAt: Date?) throws
        -> Bool
    {
        // One statement, guarded by the claim: a run whose claim another has taken over changes nothing.
        var query: PostgresQuery
        switch outcome {
        case .sent(let reply):
            query = "UPDATE delivery SET state = 'sent', reply = \(reply), sent_at = \(now), next_attempt_at = NULL, "
        case .deferred(let reply), .unreachable(let reply):
            query = "UPDATE delivery SET state = 'deferred', reply = \(reply), next_attempt_at = \(retryAt ?? now), "
        case .failed(let reply):
            query = "UPDATE delivery SET state = 'failed', reply = \(reply), "
        case .misconfigured:
            // Nothing was tried for the recipient: the delivery goes back untried.
            query = "UPDATE delivery SET state = 'queued', attempts = GREATEST(attempts - 1, 0), "
        }
        query.sql += "lease_until = NULL, claim_token = NULL, "
        query.sql += "updated_at = \(query.bind(now)) WHERE id = \(query.bind(id)) AND claim_token = \(query.bind(token)) "
        query.sql += "AND state = 'sending'"
        let changed = try connections.withSession { session in try session.execute(query) }
        return changed == 1
    }

    @discardableResult
    public func release(_ ids: [Int64], claim token: String, now: Date) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try connections.withSession { session in
            try session.execute(
                """
                UPDATE delivery SET state = 'queued', attempts = GREATEST(attempts - 1, 0), lease_until = NULL, claim_token = NULL,
                    updated_at = \(now)
                WHERE id = ANY(\(ids)) AND claim_token = \(token) AND state = 'sending'
                """)
        }
    }

    public func standing(consultation: String, kinds: [MessageKind], now: Date) throws -> DeliveryStanding {
        try connections.transaction(readOnly: true) { session in
            var standing = DeliveryStanding()
            let kindNames = kinds.map(\.rawValue)
            for row in try session.rows(
                """
                SELECT d.state, COALESCE(d.lease_until > \(now), false) AS leased, count(*) AS n, max(d.lease_until) AS until,
                    min(d.next_attempt_at) AS next
                FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.consultation_id = \(consultation) AND m.kind = ANY(\(kindNames)) AND d.state != 'failed'
                GROUP BY d.state, leased
                """)
            {
                let count = try row.value("n", as: Int.self)
                switch try Self.decode(DeliveryState.self, try row.value("state", as: String.self)) {
                case .sent: standing.sent += count
                case .queued: standing.queued += count
                case .deferred:
                    standing.deferred += count
                    standing.nextAttempt = try row.optional("next", as: Date.self)
                case .sending:
                    if try row.value("leased", as: Bool.self) {
                        standing.sending += count
                        standing.sendingUntil = try row.optional("until", as: Date.self)
                    } else {
                        standing.unknown += count
                    }
                case .failed: break
                }
            }
            // A failed delivery that a later one to the same place of the same message replaced is history.
            standing.failed = try session.rows(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.consultation_id = \(consultation) AND m.kind = ANY(\(kindNames)) AND d.state = 'failed'
                    AND NOT EXISTS (SELECT 1 FROM delivery later WHERE later.message_id = d.message_id AND later.role = d.role
                        AND later.id > d.id AND later.state != 'failed')
                ORDER BY m.organization_id, d.id
                """
            ).map(Self.deliveryRecord)
            return standing
        }
    }

    public func recipients(ofMessage messageID: String) throws -> [Recipient] {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.message_id = \(messageID) ORDER BY d.role DESC, d.id
                """
            ).map { row in
                Recipient(
                    address: try EmailAddress(try row.value("recipient", as: String.self)),
                    role: try Self.decode(Recipient.Role.self, try row.value("role", as: String.self)))
            }
        }
    }

    public func requeueFailed(
        consultation: String, body: String, currentRecipients: [Recipient], now: Date, audit: ([EmailAddress]) -> AuditNote?
    ) throws -> [EmailAddress] {
        try connections.transaction { session in
            let failed = try session.rows(
                """
                SELECT d.id, d.message_id, d.recipient, d.role FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.consultation_id = \(consultation) AND m.organization_id = \(body) AND d.state = 'failed'
                ORDER BY d.id FOR UPDATE OF d
                """)
            var queued: [EmailAddress] = []
            let current = Dictionary(currentRecipients.map { ($0.address.normalized, $0) }) { first, _ in first }
            for row in failed {
                let id = try row.value("id", as: Int64.self)
                let message = try row.value("message_id", as: Int64.self)
                let address = try EmailAddress(try row.value("recipient", as: String.self))
                let role = try Self.decode(Recipient.Role.self, try row.value("role", as: String.self))
                if current[address.normalized] != nil {
                    try session.execute(
                        """
                        UPDATE delivery SET state = 'queued', attempts = 0, next_attempt_at = NULL, reply = NULL, updated_at = \(now)
                        WHERE id = \(id)
                        """)
                    queued.append(address)
                    continue
                }
                for replacement in currentRecipients where replacement.role == role {
                    let known =
                        try session.scalar(
                            """
                            SELECT count(*) FROM delivery WHERE message_id = \(message) AND recipient = \(replacement.address.description)
                            """, as: Int.self) ?? 0
                    guard known == 0 else { continue }
                    try Self.insertDelivery(message: message, recipient: replacement, session: session, now: now)
                    queued.append(replacement.address)
                }
            }
            if let note = audit(queued) { try Self.append(note, session: session) }
            return queued
        }
    }

    public func deliveries(consultation: String, state: DeliveryState?) throws -> [DeliveryRecord] {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.consultation_id = \(consultation) AND (\(state?.rawValue)::text IS NULL OR d.state = \(state?.rawValue))
                ORDER BY m.organization_id, m.key, d.role DESC, d.id
                """
            ).map(Self.deliveryRecord)
        }
    }

    public func sendDays(consultation: String) throws -> [(date: LocalDate, kind: MessageKind, key: String, count: Int)] {
        try connections.withSession { session in
            var days: [String: (date: LocalDate, kind: MessageKind, key: String, count: Int)] = [:]
            for row in try session.rows(
                """
                SELECT m.kind, m.key, min(d.sent_at) AS sent_at FROM message m JOIN delivery d ON d.message_id = m.id
                WHERE m.consultation_id = \(consultation) AND d.state = 'sent' GROUP BY m.id
                """)
            {
                guard let sentAt = try row.optional("sent_at", as: Date.self) else { continue }
                let kind = try Self.decode(MessageKind.self, try row.value("kind", as: String.self))
                let key = try row.value("key", as: String.self)
                let day = LocalDate(containing: sentAt)
                days["\(day)|\(key)", default: (day, kind, key, 0)].count += 1
            }
            return days.values.sorted { ($0.date, $0.key) < ($1.date, $1.key) }
        }
    }

    // MARK: RegisterStore

    public func register(consultation: String) throws -> [RegisterEntry] {
        try connections.transaction(readOnly: true) { session in
            let reference =
                try session.scalar("SELECT reference FROM consultation WHERE id = \(consultation)", as: String.self) ?? consultation
            var entries: [RegisterEntry] = []
            for row in try session.rows(
                """
                SELECT m.register_number, m.created_at, m.organization_id, o.name, m.subject, m.kind,
                    string_agg(d.recipient, ', ' ORDER BY d.id) AS recipients,
                    string_agg(d.state, ',' ORDER BY d.id) AS states
                FROM message m JOIN organization o ON o.id = m.organization_id JOIN delivery d ON d.message_id = m.id
                WHERE m.consultation_id = \(consultation) AND m.register_number IS NOT NULL
                GROUP BY m.id, o.name
                """)
            {
                let states = (try row.optional("states", as: String.self) ?? "").split(separator: ",").map(String.init)
                let counts = Dictionary(grouping: states, by: { $0 }).mapValues(\.count)
                let state =
                    counts.count == 1
                    ? counts.keys.first ?? ""
                    : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                let number = try row.value("register_number", as: Int.self)
                let name = try row.value("name", as: String.self)
                let recipients = try row.optional("recipients", as: String.self) ?? ""
                entries.append(
                    RegisterEntry(
                        number: number, registration: "\(reference)-\(number)", date: try row.value("created_at", as: Date.self),
                        direction: .outgoing, body: try row.optional("organization_id", as: String.self),
                        counterpart: "\(name) (\(recipients))", subject: try row.value("subject", as: String.self),
                        kind: try row.value("kind", as: String.self), state: state))
            }
            // Messages in: those numbered in the round's series, and those numbered in the general series that were
            // assigned to the round since.
            var general: [RegisterEntry] = []
            for row in try session.rows(
                """
                SELECT i.register_number, i.register_year, COALESCE(i.sent_at, i.imported_at) AS date, i.organization_id, o.name,
                    i.sender, i.subject, i.kind, r.late
                FROM incoming i LEFT JOIN organization o ON o.id = i.organization_id
                LEFT JOIN response r ON r.incoming_id = i.id AND r.withdrawn_at IS NULL
                WHERE i.register_number IS NOT NULL
                    AND (i.register_consultation = \(consultation) OR (i.register_year IS NOT NULL AND i.consultation_id = \(consultation)))
                """)
            {
                let number = try row.value("register_number", as: Int.self)
                let year = try row.optional("register_year", as: Int.self)
                let name = try row.optional("name", as: String.self)
                let sender = try row.optional("sender", as: String.self)
                let late = try row.optional("late", as: Bool.self) ?? false
                let kind = try row.value("kind", as: String.self)
                let entry = RegisterEntry(
                    number: number,
                    // `KS 2019/017-14` in the round's series, `INK 2019-3` in a year's general one, as SQLite's store writes it.
                    registration: year.map { "INK \($0)-\(number)" } ?? "\(reference)-\(number)",
                    date: try row.value("date", as: Date.self), direction: .incoming,
                    body: try row.optional("organization_id", as: String.self),
                    counterpart: [name, sender.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "),
                    subject: try row.value("subject", as: String.self), kind: kind,
                    state: kind == "unmatched" ? "unmatched" : late ? "late" : "registered")
                if year == nil { entries.append(entry) } else { general.append(entry) }
            }
            return entries.sorted { $0.number < $1.number } + general.sorted { ($0.date, $0.number) < ($1.date, $1.number) }
        }
    }

    public func auditTrail(consultation: String?) throws -> [AuditEntry] {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT at, "user", command, consultation_id, detail FROM audit
                WHERE \(consultation)::text IS NULL OR consultation_id = \(consultation)
                ORDER BY id
                """
            ).map { row in
                AuditEntry(
                    at: try row.value("at", as: Date.self), user: try row.value("user", as: String.self),
                    command: try row.value("command", as: String.self), consultation: try row.optional("consultation_id", as: String.self),
                    detail: try row.value("detail", as: String.self))
            }
        }
    }

    /// Appends an entry to the audit trail inside the caller's transaction.
    static func append(_ note: AuditNote, session: PostgresSession) throws {
        try session.execute(
            """
            INSERT INTO audit (at, "user", command, consultation_id, detail)
            VALUES (\(note.at), \(note.user), \(note.command), \(note.consultation), \(note.detail))
            """)
    }

    // MARK: Rows

    static let messageColumns = """
        m.consultation_id AS m_consultation_id, m.organization_id AS m_organization_id, m.kind AS m_kind, m.key AS m_key,
        m.message_id AS m_message_id, m.subject AS m_subject, m.created_at AS m_created_at, m.purpose AS m_purpose,
        m.reply_token AS m_reply_token
        """

    static let deliveryColumns = """
        d.id AS d_id, d.recipient AS d_recipient, d.role AS d_role, d.state AS d_state, d.attempts AS d_attempts,
        d.next_attempt_at AS d_next_attempt_at, d.reply AS d_reply, d.sent_at AS d_sent_at, d.token AS d_token,
        \(messageColumns)
        """

    static func storedMessage(_ row: PostgresRandomAccessRow) throws -> StoredMessage {
        StoredMessage(
            consultationID: try row.value("m_consultation_id"), bodyID: try row.value("m_organization_id"),
            kind: try decode(MessageKind.self, try row.value("m_kind", as: String.self)), key: try row.value("m_key"),
            messageID: try row.value("m_message_id"), subject: try row.value("m_subject"), date: try row.value("m_created_at"),
            purpose: try row.optional("m_purpose"), replyToken: try row.optional("m_reply_token"))
    }

    static func deliveryRecord(_ row: PostgresRandomAccessRow) throws -> DeliveryRecord {
        DeliveryRecord(
            id: try row.value("d_id"), message: try storedMessage(row),
            recipient: try EmailAddress(try row.value("d_recipient", as: String.self)),
            role: try decode(Recipient.Role.self, try row.value("d_role", as: String.self)),
            state: try decode(DeliveryState.self, try row.value("d_state", as: String.self)), attempts: try row.value("d_attempts"),
            nextAttemptAt: try row.optional("d_next_attempt_at"), reply: try row.optional("d_reply"),
            sentAt: try row.optional("d_sent_at"), token: try row.value("d_token"))
    }

    /// A value of a closed set, read from the database; one this version does not know is an error that says so.
    static func decode<T: RawRepresentable>(_ type: T.Type, _ raw: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else {
            throw PostgresStoreError("the database holds '\(raw)' where a \(T.self) was expected; it may belong to a newer Samråd")
        }
        return value
    }

    /// A new random token in hexadecimal, made as the SQLite store makes its own.
    static func newToken(bytes: Int = 16) -> String {
        AppDatabase.newToken(bytes: bytes)
    }
}

extension PostgresQuery {
    /// Appends a value to the query's bindings and returns its placeholder (`$3`), for SQL built piece by piece.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }
}
