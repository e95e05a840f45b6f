import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStorePostgres

struct DbCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite database into an empty PostgreSQL one, and check the copy table by table.",
        discussion: """
            The PostgreSQL database is migrated first and must be empty (exit 73 otherwise). Every table is copied in one \
            transaction, ids kept, and committed only when the rows and a SHA-256 of each table are the same on both sides. \
            The password is read from the file SAMRAD_DB_PASSWORD_FILE names; SAMRAD_DB_CA_FILE checks the server's \
            certificate. Example:
              samrad db copy --from sqlite:samrad.sqlite --to postgres://samrad@db/samrad
            """
    )

    @Option(help: "The SQLite database, as sqlite:PATH.") var from: String
    @Option(help: "The PostgreSQL database, as postgres://user@host[:port]/database.") var to: String

    func run() throws {
        try reporting {
            guard from.hasPrefix("sqlite:"), from.count > "sqlite:".count else {
                throw SamradError(.usage, "--from must name the SQLite file as sqlite:PATH, e.g. --from sqlite:samrad.sqlite")
            }
            let environment = ProcessInfo.processInfo.environment
            let settings = try PostgresSettings(
                url: to, passwordFile: environment[PostgresSettings.passwordFileVariable],
                caFile: environment[PostgresSettings.caFileVariable])
            let report = try PostgresDatabaseCopy.copy(from: String(from.dropFirst("sqlite:".count)), to: settings)
            say("\(pad("table", 24)) \(pad("rows", 8, right: true))  sha-256")
            for table in report.tables {
                say("\(pad(table.name, 24)) \(pad(String(table.sourceRows), 8, right: true))  \(Self.describe(table))")
            }
            guard report.committed else {
                complain(
                    "samrad: the copy differs from the SQLite database in the tables marked above, so it was rolled back and "
                        + "\(settings.database) is still empty; this is a fault in Samråd, please report it with this output")
                return Sysexits.software.rawValue
            }
            say("Copied \(report.tables.count) tables into \(settings.database): every one identical. Set SAMRAD_DB=\(to) to use it.")
            return 0
        }
    }

    /// The checksum and "identical", or what differs.
    static func describe(_ table: CopyReport.Table) -> String {
        let checksum = String(table.sourceChecksum.prefix(16))
        guard !table.identical else { return "\(checksum)  identical" }
        return "\(checksum)  differs: PostgreSQL has \(table.targetRows) rows, sha-256 \(table.targetChecksum.prefix(16))"
    }

    func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
