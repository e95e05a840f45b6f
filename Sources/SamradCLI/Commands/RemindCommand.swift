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
              SAMRAD_NOW=2019-05-10T08:00 samrad remind --preview BUN
            """
    )

    @ParentCommand var root: SamradCommand
    @Flag(help: "List what is due, and change nothing.") var dryRun = false
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print every message due now, whole, and record nothing; with a body's id, only its messages.")
    var preview = false
    @Argument(help: "With --preview: only this body's messages, e.g. BUN.") var body: String?
    @OptionGroup var delivery: DeliveryOptions

    func validate() throws {
        if body != nil && !preview { throw ValidationError("a body's id goes with --preview: samrad remind --preview BODY") }
    }

    func run() throws {
        try reporting {
            if preview {
                let messages = try MessagePreview(try root.workspace()).due(calendar: try root.calendar(), body: body)
                say(messages.isEmpty ? "Nothing is due now." : messages.joined(separator: "\n\n"))
                complain("samrad: a preview: nothing was recorded or sent.")
                return 0
            }
            let settings = try root.settings()
            let cron = CronRun(try root.workspace(), calendar: try root.calendar(), attachmentFolder: settings.attachmentFolder)
            let outcome = try cron.run(
                dryRun: dryRun, options: try delivery.options(for: "", root: root),
                warn: { complain("samrad: warning: the replies were not fetched: \($0)") },
                fetched: { if !json { say("fetched: \(InboxText.fetched($0))") } })
            ProgressBar.clear()
            let report = outcome.report
            for (round, error) in report.failures {
                complain("samrad: \(round): \(error.description)")
            }
            if json {
                say(try JSONOutput.encode(RemindText.output(outcome, dryRun: dryRun)))
                return outcome.exitStatus
            }
            if report.isEmpty && report.waiting.isEmpty { return outcome.exitStatus }
            RemindText.actions(report, dryRun: dryRun).forEach(say)
            if dryRun { return 0 }
            DeliveryOptions.describe(report.deliveries, round: nil)
            RemindText.failed(report).forEach(say)
            return outcome.exitStatus
        }
    }
}
