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
    public func deliveries(_ id: String, state: DeliveryState? = nil, body: String? = nil) throws -> [DeliveryRecord] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        guard let body else { return try workspace.database.deliveries(consultation: id, state: state) }
        try requireBody(body, in: stored)
        return try workspace.database.deliveries(consultation: id, state: state).filter { $0.message.bodyID == body }
    }

    /// A round's register: every message out and in.
    public func register(_ id: String, body: String? = nil) throws -> [RegisterEntry] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        guard let body else { return try workspace.database.register(consultation: id) }
        try requireBody(body, in: stored)
        return try workspace.database.register(consultation: id).filter { $0.body == body }
    }

    /// The register numbers of the messages out in `entries` whose deliveries were written to the outbox (no mail
    /// server configured) rather than sent: the register says "skriven till utkorgen" for them.
    public func outbox(_ id: String, entries: [RegisterEntry]) throws -> Set<Int> {
        let deliveries = try workspace.database.deliveries(consultation: id, state: .sent)
        let written = Dictionary(grouping: deliveries) {
            Self.key($0.message.bodyID, $0.message.kind.rawValue, $0.message.subject, $0.message.date)
        }
        .filter { $0.value.allSatisfy { SwedishWords.wentToOutbox(reply: $0.reply) } }
        return Set(
            entries.filter { $0.direction == .outgoing && written[Self.key($0.body ?? "", $0.kind, $0.subject, $0.date)] != nil }.map(
                \.number))
    }

    /// What a message out and its register entry share.
    static func key(_ body: String, _ kind: String, _ subject: String, _ date: Date) -> String {
        "\(body)\u{1F}\(kind)\u{1F}\(subject)\u{1F}\(date.timeIntervalSince1970)"
    }

    /// Throws unless `code` is a body of the registry or a recipient of the round.
    public func requireBody(_ code: String, in stored: StoredConsultation) throws {
        let registry = try workspace.database.registry()
        guard
            registry.bodies.contains(where: { $0.id == code })
                || stored.consultation.recipients(in: registry).contains(where: { $0.id == code })
        else {
            throw SamradError(
                .dataError,
                "there is no body '\(code)' in the registry; 'samrad consultation show \(stored.consultation.id)' lists the round's recipients"
            )
        }
    }

    /// Throws unless `code` is a body of the registry or a recipient of round `id`.
    public func requireBody(_ code: String, round id: String) throws {
        try requireBody(code, in: try ConsultationRegistrar.stored(id, in: workspace.database))
    }

    /// A round's audit trail.
    public func auditTrail(_ id: String) throws -> [AuditEntry] {
        _ = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.auditTrail(consultation: id)
    }
}
