import Foundation
import HummingbirdBcrypt
import SamradApp
import SamradStore

/// The coordinators who may log in to the portal's pages, with bcrypt hashes of their passwords.
public struct CoordinatorAccounts: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The bcrypt cost: 2^12 rounds.
    static let cost: UInt8 = 12

    /// Adds a coordinator, or gives one a new password; returns whether the name was new.
    @discardableResult
    public func set(name: String, password: String) throws -> Bool {
        guard name.range(of: #"^[A-Za-z0-9._@-]{1,64}$"#, options: .regularExpression) != nil else {
            throw SamradError(
                .usage, "the user name '\(name.prefix(64))' may hold only letters a–z, digits, '.', '_', '@' and '-' (at most 64)")
        }
        guard password.count >= 12 else {
            throw SamradError(.usage, "the password is too short: give at least 12 characters")
        }
        guard password.utf8.count <= 72 else {
            throw SamradError(.usage, "the password is too long for bcrypt: give at most 72 bytes")
        }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        return try workspace.database.setCoordinator(name, passwordHash: hash, now: workspace.now()) { new in
            workspace.auditNote("user add", consultation: nil, new ? "coordinator \(name) added" : "coordinator \(name): new password")
        }
    }

    /// Whether a name and password are a coordinator's. An unknown name costs as much time as a wrong password.
    public func verify(name: String, password: String) throws -> Bool {
        guard password.utf8.count <= 72 else { return false }
        guard let hash = try workspace.database.coordinatorPasswordHash(name) else {
            _ = Bcrypt.verify(password, hash: Self.unknownUserHash)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// A hash of nothing anyone knows, checked for unknown names so they take as long as known ones.
    static let unknownUserHash = Bcrypt.hash(PortalTokens.newToken(), cost: cost)
}
