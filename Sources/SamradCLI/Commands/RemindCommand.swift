import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct RemindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "The cron entry: send everything due now in every open round.",
        discussion: """
            Mailouts on their date, dialogue invitations and their updates, reminders counted in Swedish working days, and deferred deliveries whose retry time has come — each exactly once, even with two runs at the same moment. Silent when nothing is due; one line per action otherwise. Scripts/install-cron sets it up. Examples:
              samrad remind
              SAMRAD_NOW=2019-05-10T08:00 samrad remind --dry-run
            """
    )

    @ParentCommand var root: SamradCommand
    @Flag(help: "List what is due, and change nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var delivery: DeliveryOptions

    struct Output: Encodable {
        var actions: [Reminders.Action]
        var retries: Int
        var sent: Int
        var deferred: Int
        var failed: Int
        var waiting: [Waiting]
        var warnings: [String]
        var dryRun: Bool
    }

    struct Waiting: Encodable {
        var consultation: String
        var body: String
    }

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            // New replies first, so that a body that has just answered gets no reminder. A mailbox
            // that cannot be read is a warning: the sends that are due still go.
            var warnings: [String] = []
            if !dryRun {
                do {
                    if let fetcher = try MailboxFetcher(workspace, attachmentFolder: try root.settings().attachmentFolder) {
                        let fetched = try fetcher.fetch()
                        for mailbox in fetched.mailboxes where !mailbox.imported.isEmpty && !json {
                            say("fetched: \(FetchCommand.describe(mailbox))")
                        }
                        warnings += fetched.failures.map(\.description)
                    }
                } catch {
                    warnings.append(SamradError.from(error).description)
                }
            }
            for warning in warnings {
                complain("samrad: warning: the replies were not fetched: \(warning)")
            }
            var options = try delivery.options(for: "", root: root)
            options.consultation = nil
            let report = try Reminders(workspace, calendar: try root.calendar()).run(dryRun: dryRun, options: options)
            ProgressBar.clear()
            let deliveries = report.deliveries
            for (round, error) in report.failures {
                complain("samrad: \(round): \(error.description)")
            }
            // A mailbox that could not be read asks for another try, unless something worse happened.
            let status = report.exitStatus != 0 || warnings.isEmpty ? report.exitStatus : SamradError.Code.temporaryFailure.rawValue
            if json {
                say(
                    try JSONOutput.encode(
                        Output(
                            actions: report.actions, retries: report.retries, sent: deliveries.sent, deferred: deliveries.deferred.count,
                            failed: deliveries.failed.count, waiting: report.waiting.map { Waiting(consultation: $0.0, body: $0.1) },
                            warnings: warnings, dryRun: dryRun)))
                return status
            }
            if report.isEmpty && report.waiting.isEmpty { return status }
            let verb = dryRun ? "due" : (report.delivered ? "sent" : "written")
            for action in report.actions {
                say(
                    "\(verb): \(action.consultation) \(action.body) \(action.what) → \(action.recipients.joined(separator: ", ")) (\(action.reason))"
                )
            }
            for (round, body) in report.waiting {
                say("waiting: \(round) \(body) joined the registry after the mailout; 'samrad send \(round) --include-new' mails it")
            }
            if dryRun {
                if report.retries > 0 { say("due: \(report.retries) deliveries to send or retry") }
                return 0
            }
            if !report.delivered && !report.actions.isEmpty {
                say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages went to \(report.transport).")
            }
            if deliveries.sent + deliveries.deferred.count + deliveries.failed.count > 0 && report.actions.isEmpty {
                say("retried: \(deliveries.sent) sent, \(deliveries.deferred.count) deferred, \(deliveries.failed.count) failed")
            }
            DeliveryOptions.describe(deliveries, round: nil)
            for problem in deliveries.failed {
                say("failed \(problem.delivery.recipient) (\(problem.delivery.message.bodyID)): \(problem.reply)")
            }
            return status
        }
    }
}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Every planned send of a round, past and future, with its date, kind, recipients and reason.",
        discussion:
            "Dates are Swedish working days; sends go from 08.00. Examples:\n  samrad schedule mal-2019\n  SAMRAD_NOW=2019-05-20 samrad schedule mal-2019 --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    struct Entry: Encodable {
        var date: LocalDate
        var body: String
        var kind: String
        var key: String
        var state: PlannedSend.State
        var recipients: [String]
        var reason: String
    }

    func run() throws {
        try reporting {
            let plan = try Reminders(try root.workspace(), calendar: try root.calendar()).schedule(id)
            let entries = plan.map {
                Entry(
                    date: $0.date, body: $0.body, kind: $0.purpose.label, key: $0.purpose.key, state: $0.state,
                    recipients: $0.recipients.map { "\($0.role == .cc ? "cc " : "")\($0.address)" }, reason: $0.reason)
            }
            if json {
                say(try JSONOutput.encode(entries))
                return 0
            }
            for entry in entries {
                say(
                    "\(entry.date) \(entry.date.swedishWeekday.prefix(3))  \(entry.state.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) "
                        + "\(entry.body.padding(toLength: 6, withPad: " ", startingAt: 0)) \(entry.kind.padding(toLength: 30, withPad: " ", startingAt: 0)) "
                        + "\(entry.recipients.joined(separator: ", "))  — \(entry.reason)")
            }
            let counts = Dictionary(grouping: plan, by: \.state).mapValues(\.count)
            say(
                "\(plan.count) planned sends: \(counts[.recorded] ?? 0) recorded, \(counts[.due] ?? 0) due, \(counts[.upcoming] ?? 0) upcoming, "
                    + "\(counts[.skipped] ?? 0) skipped\((counts[.waiting] ?? 0) > 0 ? ", \(counts[.waiting] ?? 0) waiting" : "").")
            return 0
        }
    }
}

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Write a subscribable iCalendar of a round: dialogues, mailout, deadline and milestones.",
        discussion: "Examples:\n  samrad calendar mal-2019 -o mal-2019.ics\n  samrad calendar mal-2019 > /var/www/kalender/mal-2019.ics"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?

    func run() throws {
        try reporting {
            let text = try RoundCalendar(try root.workspace()).publish(id)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw SamradError(.noInput, "cannot write \(output): \(error.localizedDescription)")
                }
                say("Wrote the calendar of \(id) to \(output).")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return 0
        }
    }
}
