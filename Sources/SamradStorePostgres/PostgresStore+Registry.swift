import Foundation
import PostgresNIO
import SamradCore
import SamradStore

extension PostgresStore: RegistryStore {
    public func registry() throws -> Registry {
        try connections.transaction(readOnly: true) { session in try Self.registry(session) }
    }

    @discardableResult
    public func loadRegistry(_ bodies: [Body], now: Date, audit: (RegistryChanges) -> AuditNote?) throws -> RegistryChanges {
        try connections.transaction { session in
            // One load at a time, as SQLite's single writer has it: a second waits and then compares with what the
            // first stored. Queuing messages is not held up: it takes no table lock that this one conflicts with.
            try session.execute("LOCK TABLE organization IN SHARE ROW EXCLUSIVE MODE")
            let stored = try Self.registry(session)
            let withMail = Set(
                try session.rows("SELECT DISTINCT organization_id FROM message").map { try $0.value("organization_id", as: String.self) })
            let changes = RegistryChanges.between(stored: stored, loaded: bodies) { withMail.contains($0) }
            let touched = Set(changes.added + Array(changes.changed.keys) + changes.reinstated)
            for body in bodies where touched.contains(body.id) {
                try Self.save(body, session: session, now: now)
            }
            try session.execute("DELETE FROM organization WHERE id = ANY(\(changes.removed))")
            try session.execute("UPDATE organization SET retired_at = \(now), updated_at = \(now) WHERE id = ANY(\(changes.retired))")
            // New or changed bodies may have sends due at once: every round is planned again.
            if !changes.isEmpty { try session.execute("UPDATE consultation SET next_due_at = NULL") }
            if let note = audit(changes) { try Self.append(note, session: session) }
            return changes
        }
    }

    public func joinedDates() throws -> [String: Date] {
        try connections.withSession { session in try Self.joinedDates(session) }
    }

    static func joinedDates(_ session: PostgresSession) throws -> [String: Date] {
        var joined: [String: Date] = [:]
        for row in try session.rows("SELECT id, added_at FROM organization WHERE added_at IS NOT NULL") {
            joined[try row.value("id", as: String.self)] = try row.value("added_at", as: Date.self)
        }
        return joined
    }

    /// Saves a body and its contacts: a new body joins now; a known one keeps when it joined and is no longer retired.
    static func save(_ body: Body, session: PostgresSession, now: Date) throws {
        // The same encoder as SQLite's store, so that `db copy` and a comparison of the two see the same text.
        let meetings = String(decoding: try JSONEncoder().encode(body.meetings), as: UTF8.self)
        try session.execute(
            """
            INSERT INTO organization (id, name, kind, mailbox, meetings, retired_at, updated_at, added_at)
            VALUES (\(body.id), \(body.name), \(body.kind.rawValue), \(body.mailbox?.description), \(meetings), NULL, \(now), \(now))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, mailbox = excluded.mailbox,
                meetings = excluded.meetings, retired_at = NULL, updated_at = excluded.updated_at
            """)
        try session.execute("DELETE FROM contact WHERE organization_id = \(body.id)")
        for (position, contact) in body.contacts.enumerated() {
            try session.execute(
                """
                INSERT INTO contact (organization_id, position, name, role, email)
                VALUES (\(body.id), \(position), \(contact.name), \(contact.role.rawValue), \(contact.email.description))
                """)
        }
    }

    /// The registry as the database holds it.
    static func registry(_ session: PostgresSession) throws -> Registry {
        var contacts: [String: [Contact]] = [:]
        for row in try session.rows("SELECT organization_id, name, role, email FROM contact ORDER BY organization_id, position") {
            contacts[try row.value("organization_id", as: String.self), default: []].append(
                Contact(
                    name: try row.value("name"), role: try decode(ContactRole.self, try row.value("role", as: String.self)),
                    email: try EmailAddress(try row.value("email", as: String.self))))
        }
        var retired: [String: Date] = [:]
        var bodies: [Body] = []
        for row in try session.rows("SELECT id, name, kind, mailbox, meetings, retired_at FROM organization ORDER BY id") {
            let id = try row.value("id", as: String.self)
            let meetings = try JSONDecoder().decode([Meeting].self, from: Data(try row.value("meetings", as: String.self).utf8))
            bodies.append(
                Body(
                    id: id, name: try row.value("name"), kind: try decode(BodyKind.self, try row.value("kind", as: String.self)),
                    mailbox: try row.optional("mailbox", as: String.self).map { try EmailAddress($0) }, contacts: contacts[id] ?? [],
                    meetings: meetings))
            if let at = try row.optional("retired_at", as: Date.self) { retired[id] = at }
        }
        return Registry(bodies, retired: retired)
    }
}
