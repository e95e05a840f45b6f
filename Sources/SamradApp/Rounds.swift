import Foundation
import SamradCore
import SamradStore

/// The rounds as the coordinator lists, shows and closes them.
public struct Rounds: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// Every round, as `consultation list` prints it.
    public func list() throws -> [StoredConsultation] {
        try workspace.database.consultations()
    }

    /// A round with the ids of its recipient bodies in today's registry.
    public func show(_ id: String) throws -> (stored: StoredConsultation, recipients: [String]) {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        return (stored, stored.consultation.recipients(in: try workspace.database.registry()).map(\.id))
    }

    /// Closes a round; `nil` when it was closed now, else when it was closed before.
    public func close(_ id: String) throws -> Date? {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        if let closed = stored.closedAt { return closed }
        _ = try workspace.database.closeConsultation(
            id, now: workspace.now(), audit: { $0 ? workspace.auditNote("consultation close", consultation: id, "closed") : nil })
        return nil
    }

    /// The registry, as `contacts list` prints it.
    public func registry() throws -> Registry {
        try workspace.database.registry()
    }

    /// Imported messages that matched no round and body.
    public func unmatched() throws -> [UnmatchedMessage] {
        try workspace.database.unmatched()
    }

    /// A round's ledger, one delivery per recipient address, optionally in one state only.
    public func deliveries(_ id: String, state: DeliveryState? = nil) throws -> [DeliveryRecord] {
        _ = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.deliveries(consultation: id, state: state)
    }

    /// A round's register: every message out and in.
    public func register(_ id: String) throws -> [RegisterEntry] {
        _ = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.register(consultation: id)
    }

    /// A round's audit trail.
    public func auditTrail(_ id: String) throws -> [AuditEntry] {
        _ = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.auditTrail(consultation: id)
    }
}
