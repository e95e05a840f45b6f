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
    public func body(_ id: String, code: String) throws -> (status: ConsultationStatus, answers: [BodyAnswer]) {
        let status = try status(id)
        guard status.rows.contains(where: { $0.id == code }) else {
            throw SamradError(
                .dataError, "\(code) is not a recipient of round \(id); 'samrad consultation show \(id)' lists them")
        }
        return (status, try workspace.database.bodyAnswers(consultation: id, body: code))
    }

    /// The status of a round now.
    public func status(_ id: String) throws -> ConsultationStatus {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.status(of: stored, now: workspace.now())
    }
}
