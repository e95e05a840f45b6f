import Foundation
import SamradCore
import SamradStore
import SamradStorePostgres

/// Where a workspace keeps everything: a SQLite file on this machine (the default, `./samrad.sqlite`), or a
/// PostgreSQL database several hosts share (`SAMRAD_DB=postgres://user@host/database`, with
/// `SAMRAD_DB_PASSWORD_FILE` and `SAMRAD_DB_CA_FILE`).
public enum DatabaseLocation: Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    /// Reads `--db` or `SAMRAD_DB`: a `postgres://` URL names a server, anything else a file.
    public init(_ text: String, environment: [String: String]) throws(SamradError) {
        guard PostgresSettings.isPostgresURL(text) else {
            self = .sqlite(path: text)
            return
        }
        do {
            self = .postgres(
                try PostgresSettings(
                    url: text, passwordFile: environment[PostgresSettings.passwordFileVariable].flatMap { $0.isEmpty ? nil : $0 },
                    caFile: environment[PostgresSettings.caFileVariable].flatMap { $0.isEmpty ? nil : $0 }))
        } catch {
            throw SamradError.from(error)
        }
    }

    /// The file's path, or the server and database (never a password).
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let settings): settings.description
        }
    }

    /// The folder beside the database, for what is kept as files (imported attachments): the SQLite file's folder, or
    /// the current folder for a server.
    var folder: URL {
        switch self {
        case .sqlite(let path): URL(fileURLWithPath: path).deletingLastPathComponent()
        case .postgres: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        }
    }

    /// Opens the database, creating or migrating its schema.
    public func open() throws(SamradError) -> any Store {
        switch self {
        case .sqlite(let path):
            // A database in a folder that does not exist is a mistyped path, not a folder to make.
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if (try? InputFile.kind(of: folder)) != .folder {
                throw SamradError(
                    .configuration,
                    "the folder of the database \(TerminalText.safe(path, singleLine: true)) does not exist; "
                        + "check SAMRAD_DB or --db, or create the folder first (mkdir -p \(TerminalText.safe(folder, singleLine: true)))")
            }
            do {
                return try AppDatabase.open(path: path)
            } catch {
                let failure = SamradError.from(error)
                // Whatever stops the file from opening, bar a lock, is a matter of the path or the file.
                let code = failure.code == .temporaryFailure ? failure.code : .configuration
                throw SamradError(code, "cannot open the database \(path): \(failure.description)")
            }
        case .postgres(let settings):
            do {
                return try PostgresStore(settings: settings)
            } catch {
                let failure = SamradError.from(error)
                throw SamradError(failure.code, "cannot open the database \(settings): \(failure.description)")
            }
        }
    }
}
