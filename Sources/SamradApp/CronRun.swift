import Foundation
import SamradCore
import SamradStore

/// `remind`, the cron entry: new replies first, so that a body that has just answered gets no
/// reminder, then everything due in every open round.
public struct CronRun: Sendable {
    let workspace: Workspace
    let calendar: WorkingDayCalendar
    let attachmentFolder: URL
    let environment: [String: String]

    /// Creates the use case; the IMAP settings are read from `environment`.
    public init(
        _ workspace: Workspace, calendar: WorkingDayCalendar, attachmentFolder: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.workspace = workspace
        self.calendar = calendar
        self.attachmentFolder = attachmentFolder
        self.environment = environment
    }

    /// What a run fetched, what it could not fetch, and what it sent.
    public struct Outcome: Sendable {
        /// The mailboxes read, each with what was imported from it.
        public var fetched: [MailboxFetcher.Summary] = []
        /// Why the replies were not (all) fetched.
        public var warnings: [String] = []
        /// What was due and sent.
        public var report: Reminders.Report

        /// The report's status; a mailbox that could not be read asks for another try, unless something worse happened.
        public var exitStatus: Int32 {
            report.exitStatus != 0 || warnings.isEmpty ? report.exitStatus : SamradError.Code.temporaryFailure.rawValue
        }
    }

    /// Fetches new replies (not on a dry run), then sends what is due. A mailbox that cannot be read
    /// is a warning, handed to `warn` at once: the sends that are due still go.
    public func run(
        dryRun: Bool, options: DeliveryRunner.Options, warn: (String) -> Void = { _ in },
        fetched: (MailboxFetcher.Summary) -> Void = { _ in }
    ) throws -> Outcome {
        var mailboxes: [MailboxFetcher.Summary] = []
        var warnings: [String] = []
        if !dryRun {
            do {
                if let fetcher = try MailboxFetcher(workspace, attachmentFolder: attachmentFolder, environment: environment) {
                    let result = try fetcher.fetch()
                    mailboxes = result.mailboxes
                    for mailbox in mailboxes where !mailbox.imported.isEmpty { fetched(mailbox) }
                    warnings += result.failures.map(\.description)
                }
            } catch {
                warnings.append(SamradError.from(error).description)
            }
        }
        warnings.forEach(warn)
        var options = options
        options.consultation = nil
        let report = try Reminders(workspace, calendar: calendar).run(dryRun: dryRun, options: options)
        return Outcome(fetched: mailboxes, warnings: warnings, report: report)
    }
}
