import Foundation
import SamradCore
import SamradMail
import SamradStore

/// The live dependencies a command works with: the database, the clock and the mail transport.
public struct Workspace: Sendable {
    /// The store: SQLite through ``AppDatabase``, or PostgreSQL through ``PostgresStore`` (see ``DatabaseLocation``).
    public let database: any Store
    /// The clock; `SAMRAD_NOW` sets it from the command line.
    public let now: @Sendable () -> Date
    /// Where mail goes: an SMTP server or the outbox.
    public let transport: any MailTransport
    /// A transport for one more worker: a new connection to the same server, or the same outbox.
    public let makeTransport: @Sendable () throws -> any MailTransport
    /// The address the answer portal is reached at from outside (`SAMRAD_PUBLIC_URL`), for the links in messages.
    public var publicURL: PublicURL?

    /// Creates a workspace from its parts; every worker shares `transport` unless `makeTransport` is given.
    public init(
        database: any Store, now: @escaping @Sendable () -> Date, transport: any MailTransport,
        makeTransport: (@Sendable () throws -> any MailTransport)? = nil
    ) {
        self.database = database
        self.now = now
        self.transport = transport
        self.makeTransport = makeTransport ?? { transport }
    }

    /// The operating-system user running the command, for the audit trail.
    public static var user: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    /// An audit entry by the user running the command, now, for a change to record in its own transaction.
    public func auditNote(_ command: String, consultation: String?, _ detail: String) -> AuditNote {
        AuditNote(command: command, consultation: consultation, detail: detail, user: Self.user, at: now())
    }

    /// The audit entry of a change, made from what the change did: nil when it changed nothing
    /// worth an entry. The store appends it in the change's own transaction.
    public func auditing<Outcome>(
        _ command: String, consultation: String?, _ detail: @escaping (Outcome) -> String?
    ) -> (Outcome) -> AuditNote? {
        { outcome in detail(outcome).map { auditNote(command, consultation: consultation, $0) } }
    }

    /// The settings read from the environment, with their defaults.
    public struct Settings: Sendable {
        /// The database: `--db`, else `SAMRAD_DB`, else `./samrad.sqlite`; a path, or a `postgres://` URL.
        public var databasePath: String
        /// The database `databasePath` names, read once: a file, or a server with its password and CA files.
        public var database: DatabaseLocation
        /// The clock: `SAMRAD_NOW` when set.
        public var fixedNow: Date?
        /// The outbox folder: `SAMRAD_OUTBOX`, else `./outbox`.
        public var outbox: String
        /// Where imported attachments are kept: `SAMRAD_ATTACHMENTS`, else `attachments/` beside the database.
        public var attachmentFolder: URL
        /// The municipality's own closed days: `SAMRAD_CALENDAR`, else `./kalender.yaml` when it exists.
        public var calendarFile: String?
        /// The per-server rate limit, `SAMRAD_SMTP_RATE`.
        public var rate: SendRate?
        /// The address the answer portal is reached at, `SAMRAD_PUBLIC_URL`.
        public var publicURL: PublicURL?

        /// Reads the settings; an unreadable `SAMRAD_NOW` is a configuration error.
        public static func fromEnvironment(
            _ environment: [String: String] = ProcessInfo.processInfo.environment, databaseOption: String? = nil
        ) throws(SamradError) -> Settings {
            var fixedNow: Date?
            if let text = environment["SAMRAD_NOW"], !text.isEmpty {
                guard let instant = SwedishTime.parseInstant(text) else {
                    throw SamradError(
                        .configuration,
                        "SAMRAD_NOW='\(text.prefix(40))' is not a date or time; write e.g. 2019-04-11, 2019-04-11T08:00 (Swedish time) or 2019-04-11T06:00:00Z"
                    )
                }
                fixedNow = instant
            }
            var rate: SendRate?
            if let text = environment["SAMRAD_SMTP_RATE"], !text.isEmpty {
                guard let parsed = SendRate(text) else {
                    throw SamradError(
                        .configuration, "SAMRAD_SMTP_RATE='\(text.prefix(40))' is not a rate; write e.g. 30/min, 2/s or 1000/h")
                }
                rate = parsed
            }
            var publicURL: PublicURL?
            if let text = environment["SAMRAD_PUBLIC_URL"], !text.isEmpty {
                publicURL = try PublicURL(text)
            }
            let database = databaseOption ?? environment["SAMRAD_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "samrad.sqlite"
            let location = try DatabaseLocation(database, environment: environment)
            var settings = Settings(
                databasePath: database, database: location,
                fixedNow: fixedNow, outbox: environment["SAMRAD_OUTBOX"].flatMap { $0.isEmpty ? nil : $0 } ?? "outbox",
                attachmentFolder: URL(
                    fileURLWithPath: environment["SAMRAD_ATTACHMENTS"].flatMap { $0.isEmpty ? nil : $0 }
                        ?? location.folder.appendingPathComponent("attachments").path),
                calendarFile: environment["SAMRAD_CALENDAR"].flatMap { $0.isEmpty ? nil : $0 }, rate: rate)
            settings.publicURL = publicURL
            return settings
        }
    }

    /// The working-day calendar with the municipality's own closed days, if it keeps a file of them.
    public static func calendar(_ settings: Settings) throws -> WorkingDayCalendar {
        let path = settings.calendarFile ?? "kalender.yaml"
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            if error.isMissing && settings.calendarFile == nil { return WorkingDayCalendar() }
            let named = settings.calendarFile == nil ? "the calendar of closed days" : "SAMRAD_CALENDAR names a file that"
            throw SamradError(.noInput, "\(named): \(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SamradError(.dataError, "\(path):1: error: the file is not UTF-8 text")
        }
        return try ClosedDaysReader.read(text, file: path)
    }

    /// Opens the workspace the settings describe: SMTP when `SAMRAD_SMTP_URL` is set, else the outbox.
    public static func open(_ settings: Settings, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SamradError)
        -> Workspace
    {
        let database = try settings.database.open()
        let fixed = settings.fixedNow
        let now: @Sendable () -> Date = { fixed ?? Date() }
        let smtp: SMTPConfiguration?
        do {
            smtp = try SMTPConfiguration(environment: environment)
        } catch {
            throw SamradError(error.isMissingInput ? .noInput : .configuration, error.description)
        }
        guard let smtp else {
            var workspace = Workspace(
                database: database, now: now, transport: OutboxTransport(directory: URL(fileURLWithPath: settings.outbox)))
            workspace.publicURL = settings.publicURL
            return workspace
        }
        if let warning = SMTPTransport.warning(for: smtp) {
            FileHandle.standardError.write(Data("samrad: warning: \(TerminalText.safe(warning))\n".utf8))
        }
        let first: SMTPTransport
        do {
            first = try SMTPTransport(configuration: smtp)
        } catch {
            throw SamradError(.configuration, error.description)
        }
        var workspace = Workspace(
            database: database, now: now, transport: first,
            makeTransport: { try SMTPTransport(configuration: smtp) })
        workspace.publicURL = settings.publicURL
        return workspace
    }
}
