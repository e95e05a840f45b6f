import ArgumentParser
import Foundation
import SamradApp
import SamradCore

/// `samrad`: the root command.
public struct SamradCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "samrad",
        abstract: "Coordinate a consultation round (samråd) with the municipality's boards and companies.",
        discussion: """
            Start with the demo, which runs the sample round (Dnr KS 2019/017) through spring 2019 in a scratch folder:
              samrad demo

            A round of your own:
              samrad contacts load contacts
              samrad consultation add consultations/mal-2019.yaml
              samrad send mal-2019 --dry-run
              samrad send mal-2019
              samrad import svar/*.eml formular.csv
              samrad status mal-2019
              samrad report mal-2019 --format html -o sammanstallning.html

            Set up 'samrad remind' to run from cron with Scripts/install-cron.

            Environment: SAMRAD_DB (the database, default ./samrad.sqlite; or postgres://user@host/database with SAMRAD_DB_PASSWORD_FILE and SAMRAD_DB_CA_FILE), SAMRAD_NOW (the clock, ISO 8601, e.g. 2019-04-11T08:00 in Swedish time), SAMRAD_OUTBOX (default ./outbox), SAMRAD_SMTP_* (sending by mail), SAMRAD_IMAP_* (fetching replies), SAMRAD_CALENDAR (the municipality's own closed days), SAMRAD_PUBLIC_URL and SAMRAD_TRUSTED_USER_HEADER (the answer portal, 'samrad serve').

            Exit status follows sysexits: 0 done, 64 usage, 65 bad input, 66 missing input, 69 server unavailable, 73 a database to copy into is not empty, 75 retry later, 78 bad configuration.
            """,
        subcommands: [
            InitCommand.self, ContactsCommand.self, ConsultationCommand.self, SendCommand.self, ResendCommand.self, DeliveriesCommand.self,
            RemindCommand.self, ScheduleCommand.self, CalendarCommand.self, NotifyCommand.self, LogCommand.self, ImportCommand.self,
            FetchCommand.self, UnmatchedCommand.self, AssignCommand.self, UnassignCommand.self, ReviewCommand.self, AnswerCommand.self,
            HistoryCommand.self,
            StatusCommand.self, ReportCommand.self, DemoCommand.self, ServeCommand.self, UserCommand.self, PortalCommand.self,
            DbCommand.self,
        ]
    )

    /// The database: a file, or a PostgreSQL URL; `SAMRAD_DB` or `./samrad.sqlite` when not given.
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file, or postgres://user@host/database (default: $SAMRAD_DB or ./samrad.sqlite).", valueName: "path|url"))
    var db: String?

    public init() {}

    /// The settings for this run: the options over the environment.
    func settings() throws -> Workspace.Settings {
        try Workspace.Settings.fromEnvironment(databaseOption: db)
    }

    /// The working-day calendar, with the municipality's own closed days from `SAMRAD_CALENDAR`
    /// (default `./kalender.yaml` when it exists).
    func calendar() throws -> WorkingDayCalendar {
        try Workspace.calendar(try settings())
    }

    /// Opens the workspace for this run.
    func workspace() throws -> Workspace {
        try Workspace.open(settings())
    }
}
