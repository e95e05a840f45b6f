import Foundation
import GRDB

/// What a change appends to the audit trail, written inside the change's own transaction so that
/// no change can be committed without its entry.
///
/// Every write method that carries out a command takes one. Its lines are made from what the
/// change did, so a change that turned out to change nothing can leave no line:
///
/// ```swift
/// try database.loadRegistry(organizations, now: now, audit: AuditNote(user: "anna", command: "contacts load") { changes in
///     changes.isEmpty ? [] : [(nil, "from contacts: added \(changes.added.joined(separator: " "))")]
/// })
/// ```
public struct AuditNote<Outcome>: Sendable {
    /// The operating-system user who ran the command.
    public var user: String
    /// The command, e.g. `consultation add`.
    public var command: String
    /// The lines for what the change did: the round each concerns (nil for none) and what changed.
    let lines: @Sendable (Outcome) -> [(consultation: String?, detail: String)]

    /// A note whose lines are made from the change's outcome; an empty list appends nothing.
    public init(
        user: String, command: String, lines: @escaping @Sendable (Outcome) -> [(consultation: String?, detail: String)]
    ) {
        self.user = user
        self.command = command
        self.lines = lines
    }

    /// A note of one line about one round (or none), made from the change's outcome; nil appends nothing.
    public init(user: String, command: String, consultation: String?, detail: @escaping @Sendable (Outcome) -> String?) {
        self.init(user: user, command: command) { outcome in detail(outcome).map { [(consultation, $0)] } ?? [] }
    }

    /// Appends the lines for `outcome` inside the caller's transaction.
    func append(_ outcome: Outcome, db: Database, now: Date) throws {
        for line in lines(outcome) {
            try db.execute(
                sql: "INSERT INTO audit (at, user, command, consultation_id, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [now, user, command, line.consultation, line.detail])
        }
    }
}

extension AppDatabase {
    /// Runs a change in one write transaction and appends its audit lines in the same one.
    func write<Outcome>(audit: AuditNote<Outcome>?, now: Date, _ change: (Database) throws -> Outcome) throws -> Outcome {
        try writer.write { db in
            let outcome = try change(db)
            try audit?.append(outcome, db: db, now: now)
            return outcome
        }
    }
}
