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

    /// The status of a round now.
    public func status(_ id: String) throws -> ConsultationStatus {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        return try workspace.database.status(of: stored, now: workspace.now())
    }
}
