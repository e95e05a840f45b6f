import Foundation
import PostgresNIO
import SamradCore

extension PostgresStore {
    /// Lets a role run Samråd on this database without the power to rewrite its history: it may read and write every
    /// table but the audit trail, which it may only read and append to, and read the list of migrations. Run as the
    /// database's owner, after the role was created (`CREATE ROLE samrad_app LOGIN PASSWORD '…'`); the role cannot
    /// migrate, so the owner runs `samrad init` after an upgrade. The trigger refuses UPDATE and DELETE on the audit
    /// trail to every role; this leaves the role without the privilege too, so dropping the trigger would not help it.
    ///
    /// Returns the tables the role may read and write (all but the audit trail and the migrations).
    @discardableResult
    public func grant(to role: String) throws -> [String] {
        guard role.range(of: #"^[a-z_][a-z0-9_]{0,62}$"#, options: .regularExpression) != nil else {
            throw PostgresStoreError(
                "'\(role)' is not a role name Samråd grants to; use lower-case letters, digits and _ (e.g. samrad_app)")
        }
        return try connections.transaction { session in
            guard try !session.rows("SELECT 1 FROM pg_roles WHERE rolname = \(role)").isEmpty else {
                throw PostgresStoreError(
                    "there is no role \(role) on the server; create it first (CREATE ROLE \(role) LOGIN PASSWORD '…')")
            }
            let tables = try session.rows(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            ).map { try $0.value("tablename", as: String.self) }
            let quoted = "\"\(role)\""
            try session.execute(PostgresQuery(unsafeSQL: "GRANT USAGE ON SCHEMA \"\(try Self.currentSchema(session))\" TO \(quoted)"))
            for table in tables {
                let privileges: String
                switch table {
                case "audit": privileges = "SELECT, INSERT"
                case "samrad_migrations": privileges = "SELECT"
                default: privileges = "SELECT, INSERT, UPDATE, DELETE"
                }
                try session.execute(PostgresQuery(unsafeSQL: "REVOKE ALL ON \"\(table)\" FROM \(quoted)"))
                try session.execute(PostgresQuery(unsafeSQL: "GRANT \(privileges) ON \"\(table)\" TO \(quoted)"))
            }
            return tables.filter { $0 != "audit" && $0 != "samrad_migrations" }
        }
    }

    static func currentSchema(_ session: PostgresSession) throws -> String {
        try session.rows("SELECT current_schema() AS name").first?.value("name", as: String.self) ?? "public"
    }
}
