import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a round's mailout to every recipient body not yet sent it.",
        discussion: """
            Each message is recorded in the ledger before it goes, with a stable Message-ID, so running send again sends nothing new. Without SAMRAD_SMTP_URL the messages are written as .eml files to the outbox (SAMRAD_OUTBOX, default ./outbox) and nothing is sent. SAMRAD_SMTP_RATE (e.g. 30/min) limits the rate. A body that joined the registry after the mailout is mailed only with --include-new (or when the round's file names it). The summary and the exit status count the whole round, not only this run: 0 every delivery sent, 75 something still to go (deferred, queued, being sent), 65 an address refused, 69 server unreachable, 78 the server refused the login. Warnings on standard error, which change no exit status: a mailout or deadline on a closed day, a deadline already passed, a mailout more than \(RoundWarnings.lateMailoutDays) days after its date. Examples:
              samrad send mal-2019 --dry-run
              samrad send mal-2019 --preview BUN
              samrad send mal-2019
              samrad send mal-2019 --retry
              samrad send mal-2019 --include-new
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "List what would go to whom, and change nothing.") var dryRun = false
    @Flag(help: "Also send deferred deliveries whose retry time has come.") var retry = false
    @Flag(help: "Also mail bodies that joined the registry after the mailout.") var includeNew = false
    @Option(help: ArgumentHelp("Print the mailout to one body as it would go, and record nothing.", valueName: "body"))
    var preview: String?
    @OptionGroup var delivery: DeliveryOptions

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            if let preview {
                say(try MessagePreview(workspace).mailout(id, body: preview))
                complain("samrad: a preview of the mailout to \(preview): nothing was recorded or sent.")
                return 0
            }
            let mailout = MailoutSender(workspace)
            warn(try RoundWarnings(workspace, calendar: try root.calendar()).sending(id))
            if dryRun {
                let plan = try mailout.plan(id)
                say(
                    MailoutText.dryRun(plan, round: id, includeNew: includeNew, transport: workspace.transport.summary).joined(
                        separator: "\n"))
                return 0
            }
            let summary = try mailout.send(id, retry: retry, includeNew: includeNew, options: try delivery.options(for: id, root: root))
            DeliveryOptions.report(summary, round: id)
            return summary.exitStatus
        }
    }
}
