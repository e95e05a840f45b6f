import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStorePostgres

struct DbGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Let a PostgreSQL role run Samråd without the power to change or delete the audit trail.",
        discussion: """
            Run as the database's owner, once the role exists (CREATE ROLE samrad_app LOGIN PASSWORD '…'). The role may \
            read and write every table, read and append to the audit trail, and nothing more; it cannot migrate, so the \
            owner runs 'samrad init' after an upgrade, and 'db grant' again for new tables. Example:
              samrad --db postgres://samrad@db.kommun.example/samrad db grant samrad_app
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The role Samråd runs as, e.g. samrad_app.") var role: String

    func run() throws {
        try reporting {
            let settings = try root.settings()
            guard case .postgres(let server) = settings.database else {
                throw SamradError(.usage, "db grant is for a PostgreSQL database: give it in SAMRAD_DB or --db as postgres://…")
            }
            let tables = try PostgresStore(settings: server).grant(to: role)
            say("\(role) may now read and write \(tables.count) tables, read and append to the audit trail, and read the migrations.")
            say("Run Samråd as \(role) (SAMRAD_DB=postgres://\(role)@\(server.host):\(server.port)/\(server.database)).")
            return 0
        }
    }
}
