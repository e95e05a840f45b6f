import Foundation
import SamradCore
import SamradStore

/// Reads where a round stands.
public struct RoundStatus: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// One body's standing in a round now, with every answer it gave (withdrawn ones and corrections included).
    public func body(_ id: String, code: String) throws -> (status: ConsultationStatus, answers: [Response]) {
        let status = try status(id)
        guard status.rows.contains(where: { $0.id == code }) else {
            throw SamradError(
                .dataError, "\(code) is not a recipient of round \(id); 'samrad consultation show \(id)' lists them")
        }
        return (status, try workspace.database.responses(consultation: id, body: code))
    }

    /// The status of a round now.
    public func status(_ id: String) throws -> ConsultationStatus {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.status(of: stored, now: workspace.now()).marking(waiting: try waiting(id))
    }

    /// The recipient bodies of a round that joined the registry after its mailout and wait for
    /// the coordinator (`send ID --include-new`); the reason to show is ``Consultation/waitingReason``.
    public func waiting(_ id: String) throws -> Set<String> {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let mailedOut = try workspace.database.messages(consultation: id, kind: .mailout)
        return Set(
            stored.consultation.waitingRecipients(
                in: try workspace.database.registry(),
                mailedOut: Dictionary(mailedOut.map { ($0.bodyID, $0.date) }) { first, _ in first },
                joined: try workspace.database.joinedDates()
            ).map(\.id))
    }
}
