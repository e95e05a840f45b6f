import Foundation
import GRDB
import SamradCore

extension AppDatabase {
    /// The registry as stored: every body, retired ones marked.
    public func registry() throws -> Registry {
        try writer.read { db in try Self.registry(db) }
    }

    /// Replaces the registry with the files' bodies in one transaction, and says what changed.
    ///
    /// A body missing from the files is deleted when nothing was ever sent to it, and retired
    /// (kept, but sent nothing more) when something was.
    @discardableResult
    public func loadRegistry(_ bodies: [Body], now: Date, audit: (RegistryChanges) -> AuditNote?) throws
        -> RegistryChanges
    {
        try write(audit: audit) { db in
            let stored = try Self.registry(db)
            let withMail = try Set(String.fetchAll(db, sql: "SELECT DISTINCT organization_id FROM message"))
            let changes = RegistryChanges.between(stored: stored, loaded: bodies) { withMail.contains($0) }
            let touched = Set(changes.added + Array(changes.changed.keys) + changes.reinstated)
            for body in bodies where touched.contains(body.id) {
                try Self.save(body, db: db, now: now)
            }
            for id in changes.removed {
                try db.execute(sql: "DELETE FROM organization WHERE id = ?", arguments: [id])
            }
            for id in changes.retired {
                try db.execute(sql: "UPDATE organization SET retired_at = ?, updated_at = ? WHERE id = ?", arguments: [now, now, id])
            }
            // New or changed bodies may have sends due at once: every round is planned again.
            if !changes.isEmpty { try db.execute(sql: "UPDATE consultation SET next_due_at = NULL") }
            return changes
        }
    }

    /// When each body joined the registry (was first loaded, or loaded again after it was deleted).
    public func joinedDates() throws -> [String: Date] {
        try writer.read { db in try Self.joinedDates(db) }
    }

    static func joinedDates(_ db: Database) throws -> [String: Date] {
        var joined: [String: Date] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, added_at FROM organization WHERE added_at IS NOT NULL") {
            joined[row["id"]] = row["added_at"]
        }
        return joined
    }

    static func save(_ body: Body, db: Database, now: Date) throws {
        let meetings = String(decoding: try JSONEncoder().encode(body.meetings), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO organization (id, name, kind, mailbox, meetings, retired_at, updated_at, added_at)
                VALUES (?, ?, ?, ?, ?, NULL, ?, ?)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, mailbox = excluded.mailbox,
                    meetings = excluded.meetings, retired_at = NULL, updated_at = excluded.updated_at
                """,
            arguments: [
                body.id, body.name, body.kind.rawValue, body.mailbox?.description, meetings, now, now,
            ])
        try db.execute(sql: "DELETE FROM contact WHERE organization_id = ?", arguments: [body.id])
        for (position, contact) in body.contacts.enumerated() {
            try db.execute(
                sql: "INSERT INTO contact (organization_id, position, name, role, email) VALUES (?, ?, ?, ?, ?)",
                arguments: [body.id, position, contact.name, contact.role.rawValue, contact.email.description])
        }
    }

    /// The registry as the database holds it, or, with `only`, just that body.
    static func registry(_ db: Database, only id: String? = nil) throws -> Registry {
        var contacts: [String: [Contact]] = [:]
        for row in try Row.fetchAll(
            db,
            sql:
                "SELECT organization_id, name, role, email FROM contact WHERE ? IS NULL OR organization_id = ? ORDER BY organization_id, position",
            arguments: [id, id])
        {
            let contact = Contact(
                name: row["name"], role: try decode(ContactRole.self, row["role"]), email: try EmailAddress(row["email"] as String))
            contacts[row["organization_id"], default: []].append(contact)
        }
        var retired: [String: Date] = [:]
        var bodies: [Body] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM organization WHERE ? IS NULL OR id = ? ORDER BY id", arguments: [id, id]) {
            let id: String = row["id"]
            let mailbox: String? = row["mailbox"]
            let meetings = try JSONDecoder().decode([Meeting].self, from: Data((row["meetings"] as String).utf8))
            bodies.append(
                Body(
                    id: id, name: row["name"], kind: try decode(BodyKind.self, row["kind"]),
                    mailbox: try mailbox.map { try EmailAddress($0) }, contacts: contacts[id] ?? [], meetings: meetings))
            if let at: Date = row["retired_at"] { retired[id] = at }
        }
        return Registry(bodies, retired: retired)
    }

    static func decode<Value: RawRepresentable>(_ type: Value.Type, _ raw: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw StoreError(.invalidData, "the database holds an unknown \(type) '\(raw)'") }
        return value
    }
}
