import Foundation
import PostgresNIO

/// An error from the PostgreSQL store that a person can act on: what failed, with the server's own words.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String
    /// The server's SQLSTATE, when the server refused a statement (e.g. `P0001` for the audit trail's trigger).
    public let sqlState: String?
    /// Whether the server could not be reached or the connection broke: nothing the data is to blame for.
    public let isConnectionFailure: Bool

    init(_ description: String, sqlState: String? = nil, isConnectionFailure: Bool = false) {
        self.description = description
        self.sqlState = sqlState
        self.isConnectionFailure = isConnectionFailure
    }

    /// The store's reading of an error from postgres-nio. A `PSQLError` describes itself generically (so that no
    /// query text leaks into logs); the server's message and SQLSTATE are what a person needs.
    static func from(_ error: any Error) -> any Error {
        if error is PostgresStoreError || error is PostgresSettingsError { return error }
        guard let error = error as? PSQLError else { return error }
        if let info = error.serverInfo {
            let message = info[.message] ?? "no message"
            let state = info[.sqlState]
            let detail = info[.detail].map { " (\($0))" } ?? ""
            return PostgresStoreError("the PostgreSQL server refused a statement: \(message)\(detail)", sqlState: state)
        }
        if let underlying = error.underlying {
            return PostgresStoreError(
                "the connection to the PostgreSQL server failed (\(error.code)): \(underlying)", isConnectionFailure: true)
        }
        return PostgresStoreError("the connection to the PostgreSQL server failed (\(error.code))", isConnectionFailure: true)
    }

    /// A connection that could not be opened: where to, and why.
    static func connecting(_ configuration: PostgresConnection.Configuration, _ error: any Error) -> PostgresStoreError {
        let place = "\(configuration.host ?? "?"):\(configuration.port.map(String.init) ?? "?")"
        let reason: String
        if let error = error as? PSQLError {
            reason = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
        } else {
            reason = "\(error)"
        }
        return PostgresStoreError(
            "cannot connect to the PostgreSQL server at \(place) as \(configuration.username): \(reason); check SAMRAD_DB, "
                + "SAMRAD_DB_PASSWORD_FILE and SAMRAD_DB_CA_FILE, and that the server is running", isConnectionFailure: true)
    }
}
