import Foundation
import GRDB
import SamradCore

/// One line of a round's public-records register (diarium): a message out or in.
public struct RegisterEntry: Sendable, Equatable, Codable {
    /// Out from the executive office, or in to it.
    public enum Direction: String, Sendable, Codable {
        case outgoing = "out"
        case incoming = "in"
    }

    /// The number in the round's series (14 in `KS 2019/017-14`).
    public var number: Int
    /// The registration number as written, e.g. `KS 2019/017-14`.
    public var registration: String
    /// When it was sent or written.
    public var date: Date
    /// Out or in.
    public var direction: Direction
    /// The body, by code.
    public var body: String?
    /// The counterpart: the body and its addresses, or the sender.
    public var counterpart: String
    /// The subject.
    public var subject: String
    /// What it is: mailout, reminder, invitation, notice, reply, form, auto-reply, bounce.
    public var kind: String
    /// For a message out: the state of its deliveries (e.g. `sent`, `2 sent, 1 failed`); for one in: `registered` or `late`.
    public var state: String

    /// Creates a line of the register, for a store that reads it from its own database.
    public init(
        number: Int, registration: String, date: Date, direction: Direction, body: String?, counterpart: String, subject: String,
        kind: String, state: String
    ) {
        self.number = number
        self.registration = registration
        self.date = date
        self.direction = direction
        self.body = body
        self.counterpart = counterpart
        self.subject = subject
        self.kind = kind
        self.state = state
    }
}

/// One entry of the audit trail.
public struct AuditEntry: Sendable, Equatable, Codable {
    /// When.
    public var at: Date
    /// The operating-system user who ran the command.
    public var user: String
    /// The command, e.g. `consultation add`.
    public var command: String
    /// The round, when the command concerned one.
    public var consultation: String?
    /// What changed.
    public var detail: String

    /// Creates an entry, for a store that reads it from its own database.
    public init(at: Date, user: String, command: String, consultation: String?, detail: String) {
        self.at = at
        self.user = user
        self.command = command
        self.consultation = consultation
        self.detail = detail
    }
}

extension AppDatabase {
    /// The register of a round, in number order.
    public func register(consultation: String) throws -> [RegisterEntry] {
        // The register is a report over three tables, grouped: its queries stay in SQL.
        try read { db in
            let reference = try RoundRow.fetchOne(db, key: consultation)?.reference ?? consultation
            var entries: [RegisterEntry] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT m.register_number, m.created_at, m.organization_id, o.name, m.subject, m.kind,
                        -- In the order they were recorded (To first), as PostgreSQL's store writes them: an aggregate's
                        -- order is otherwise the query plan's, e.g. by the (message_id, recipient) index.
                        (SELECT group_concat(recipient, ', ') FROM (SELECT recipient FROM delivery WHERE message_id = m.id ORDER BY id))
                            AS recipients,
                        group_concat(d.state, ',') AS states
                    FROM message m JOIN organization o ON o.id = m.organization_id JOIN delivery d ON d.message_id = m.id
                    WHERE m.consultation_id = ? AND m.register_number IS NOT NULL
                    GROUP BY m.id
                    """, arguments: [consultation])
            {
                let states = (row["states"] as String? ?? "").split(separator: ",").map(String.init)
                let counts = Dictionary(grouping: states, by: { $0 }).mapValues(\.count)
                let state =
                    counts.count == 1
                    ? counts.keys.first ?? ""
                    : counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                let number: Int = row["register_number"]
                entries.append(
                    RegisterEntry(
                        number: number, registration: "\(reference)-\(number)", date: row["created_at"], direction: .outgoing,
                        body: row["organization_id"], counterpart: "\(row["name"] as String) (\(row["recipients"] as String? ?? ""))",
                        subject: row["subject"], kind: row["kind"], state: state))
            }
            // Messages in: those numbered in the round's series, and those numbered in the general series (they came
            // before anyone knew their round) that were assigned to the round since.
            var general: [RegisterEntry] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT i.register_number, i.register_year, COALESCE(i.sent_at, i.imported_at) AS date, i.organization_id, o.name,
                        i.sender, i.subject, i.kind, r.late
                    FROM incoming i LEFT JOIN organization o ON o.id = i.organization_id
                    LEFT JOIN response r ON r.incoming_id = i.id AND r.withdrawn_at IS NULL
                    WHERE i.register_number IS NOT NULL
                        AND (i.register_consultation = ? OR (i.register_year IS NOT NULL AND i.consultation_id = ?))
                    """, arguments: [consultation, consultation])
            {
                let number: Int = row["register_number"]
                let year: Int? = row["register_year"]
                let name: String? = row["name"]
                let sender: String? = row["sender"]
                let late = (row["late"] as Bool?) ?? false
                let kind: String = row["kind"]
                let entry = RegisterEntry(
                    number: number,
                    registration: Registration.written(number: number, reference: year == nil ? reference : nil, year: year),
                    date: row["date"], direction: .incoming, body: row["organization_id"],
                    counterpart: [name, sender.map { "(\($0))" }].compactMap { $0 }.joined(separator: " "),
                    subject: row["subject"], kind: kind, state: kind == "unmatched" ? "unmatched" : late ? "late" : "registered")
                if year == nil { entries.append(entry) } else { general.append(entry) }
            }
            return entries.sorted { $0.number < $1.number } + general.sorted { ($0.date, $0.number) < ($1.date, $1.number) }
        }
    }

    /// The audit trail, of one round or of everything, oldest first.
    public func auditTrail(consultation: String?) throws -> [AuditEntry] {
        try read { db in
            var rows = AuditRow.order(AuditRow.Columns.id)
            if let consultation { rows = rows.filter(AuditRow.Columns.roundID == consultation) }
            return try rows.fetchAll(db).map(\.entry)
        }
    }
}

/// An entry for the audit trail, appended in the transaction of the change it records, so that a change never
/// stands without its entry.
public struct AuditNote: Sendable, Equatable {
    /// The command, e.g. `answer`.
    public var command: String
    /// The round, when the command concerned one.
    public var consultation: String?
    /// What changed.
    public var detail: String
    /// The operating-system user who ran the command.
    public var user: String
    /// When.
    public var at: Date

    /// Creates an entry.
    public init(command: String, consultation: String?, detail: String, user: String, at: Date) {
        self.command = command
        self.consultation = consultation
        self.detail = detail
        self.user = user
        self.at = at
    }
}

extension AppDatabase {
    /// Appends an entry to the audit trail inside the caller's transaction.
    static func append(_ note: AuditNote, db: Database) throws {
        var row = AuditRow(note)
        try row.insert(db)
    }
}
