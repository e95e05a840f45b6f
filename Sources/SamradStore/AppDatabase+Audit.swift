import Foundation
import GRDB

extension AppDatabase {
    /// Runs a change in one write transaction and appends, in that same transaction, the audit
    /// entries made from what the change did; a change that turned out to change nothing makes none.
    ///
    /// Every write method that carries out a command takes such a closure, so no change can be
    /// committed without its entry:
    ///
    /// ```swift
    /// try database.loadRegistry(bodies, now: now) { changes in
    ///     changes.isEmpty ? nil : workspace.auditNote("contacts load", consultation: nil, "added \(changes.added.joined(separator: " "))")
    /// }
    /// ```
    func write<Outcome>(audit: (Outcome) -> [AuditNote], _ change: (Database) throws -> Outcome) throws -> Outcome {
        try write { db in
            let outcome = try change(db)
            for note in audit(outcome) { try Self.append(note, db: db) }
            return outcome
        }
    }

    /// Runs a change with at most one audit entry, made from what it did, in the same transaction.
    func write<Outcome>(audit: (Outcome) -> AuditNote?, _ change: (Database) throws -> Outcome) throws -> Outcome {
        try write(audit: { (outcome: Outcome) -> [AuditNote] in audit(outcome).map { [$0] } ?? [] }, change)
    }
}
