import Foundation
import GRDB
import SamradCore

extension AppDatabase {
    /// The registry as stored: every body, retired ones marked.
    public func registry() throws -> Registry {
        try read { db in try Self.registry(db) }
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
            let withMail = try Set(MessageRow.select(MessageRow.Columns.bodyID, as: String.self).distinct().fetchAll(db))
            let changes = RegistryChanges.between(stored: stored, loaded: bodies) { withMail.contains($0) }
            let touched = Set(changes.added + Array(changes.changed.keys) + changes.reinstated)
            for body in bodies where touched.contains(body.id) {
                try Self.save(body, db: db, now: now)
            }
            try BodyRow.deleteAll(db, keys: changes.removed)
            try BodyRow.filter(keys: changes.retired).updateAll(
                db, BodyRow.Columns.retiredAt.set(to: now), BodyRow.Columns.updatedAt.set(to: now))
            // New or changed bodies may have sends due at once: every round is planned again.
            if !changes.isEmpty { try RoundRow.updateAll(db, RoundRow.Columns.nextDueAt.set(to: nil)) }
            return changes
        }
    }

    /// When each body joined the registry (was first loaded, or loaded again after it was deleted).
    public func joinedDates() throws -> [String: Date] {
        try read { db in try Self.joinedDates(db) }
    }

    static func joinedDates(_ db: Database) throws -> [String: Date] {
        var joined: [String: Date] = [:]
        for body in try BodyRow.filter(BodyRow.Columns.addedAt != nil).fetchAll(db) {
            joined[body.id] = body.addedAt
        }
        return joined
    }

    /// Saves a body and its contacts: a new body joins now; a known one keeps when it joined and is no longer retired.
    static func save(_ body: Body, db: Database, now: Date) throws {
        let meetings = String(decoding: try JSONEncoder().encode(body.meetings), as: UTF8.self)
        var row = BodyRow(
            id: body.id, name: body.name, kind: body.kind, mailbox: body.mailbox?.description, meetings: meetings, retiredAt: nil,
            updatedAt: now, addedAt: now)
        if let known = try BodyRow.fetchOne(db, key: body.id) {
            row.addedAt = known.addedAt
            try row.update(db)
        } else {
            try row.insert(db)
        }
        try ContactRow.filter(ContactRow.Columns.bodyID == body.id).deleteAll(db)
        for (position, contact) in body.contacts.enumerated() {
            var row = ContactRow(
                id: nil, bodyID: body.id, position: position, name: contact.name, role: contact.role, email: contact.email.description)
            try row.insert(db)
        }
    }

    /// The registry as the database holds it, or, with `only`, just that body.
    static func registry(_ db: Database, only id: String? = nil) throws -> Registry {
        var contactRows = ContactRow.order(ContactRow.Columns.bodyID, ContactRow.Columns.position)
        var bodyRows = BodyRow.order(BodyRow.Columns.id)
        if let id {
            contactRows = contactRows.filter(ContactRow.Columns.bodyID == id)
            bodyRows = bodyRows.filter(key: id)
        }
        var contacts: [String: [Contact]] = [:]
        for row in try contactRows.fetchAll(db) {
            contacts[row.bodyID, default: []].append(Contact(name: row.name, role: row.role, email: try EmailAddress(row.email)))
        }
        var retired: [String: Date] = [:]
        var bodies: [Body] = []
        for row in try bodyRows.fetchAll(db) {
            let meetings = try JSONDecoder().decode([Meeting].self, from: Data(row.meetings.utf8))
            bodies.append(
                Body(
                    id: row.id, name: row.name, kind: row.kind, mailbox: try row.mailbox.map { try EmailAddress($0) },
                    contacts: contacts[row.id] ?? [], meetings: meetings))
            if let at = row.retiredAt { retired[row.id] = at }
        }
        return Registry(bodies, retired: retired)
    }

    static func decode<Value: RawRepresentable>(_ type: Value.Type, _ raw: String) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else { throw StoreError(.invalidData, "the database holds an unknown \(type) '\(raw)'") }
        return value
    }
}
