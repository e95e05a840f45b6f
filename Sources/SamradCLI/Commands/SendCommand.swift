import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a round's mailout to every recipient body not yet sent it.",
        discussion: """
            Each message is recorded in the ledger before it goes, with a stable Message-ID, so running send again sends nothing new. Without SAMRAD_SMTP_URL the messages are written as .eml files to the outbox (SAMRAD_OUTBOX, default ./outbox) and nothing is sent. SAMRAD_SMTP_RATE (e.g. 30/min) limits the rate. Exit status: 0 all sent, 75 something deferred, 65 an address refused, 69 server unreachable. Examples:
              samrad send mal-2019 --dry-run
              samrad send mal-2019
              samrad send mal-2019 --retry
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "List what would go to whom, and change nothing.") var dryRun = false
    @Flag(help: "Also send deferred deliveries whose retry time has come.") var retry = false
    @OptionGroup var delivery: DeliveryOptions

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let mailout = MailoutSender(workspace)
            if dryRun {
                let plan = try mailout.plan(id)
                let new = plan.filter { !$0.alreadyQueued }
                for item in plan {
                    let to = item.recipients.map(\.description).joined(separator: ", ")
                    let state = item.alreadyQueued ? "already sent" : "would send  "
                    say("\(state) \(item.body.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(item.body.name) → \(to)")
                }
                say(
                    "Dry run: \(new.count) of \(plan.count) bodies would be sent the mailout through \(workspace.transport.summary). "
                        + "Nothing was changed.")
                return 0
            }
            let summary = try mailout.send(id, retry: retry, options: try delivery.options(for: id, root: root))
            DeliveryOptions.report(summary)
            return summary.exitStatus
        }
    }
}

struct ResendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Queue a body's failed mailout again after its address was corrected, and send it.",
        discussion: """
            Correct the address in contacts/, load the registry again, then resend. An address the body still has is tried again as it is; a replaced one is sent to the body's current address. Example:
              samrad contacts load contacts && samrad resend mal-2019 --body SN
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "The body's id, e.g. SN.") var body: String
    @OptionGroup var delivery: DeliveryOptions

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let (requeued, summary) = try MailoutSender(workspace).resend(
                id, body: body, options: try delivery.options(for: id, root: root))
            if requeued.isEmpty {
                say("\(body) has no failed mailout delivery in \(id): nothing to resend.")
                return 0
            }
            say("Queued again for \(body): \(requeued.map(\.description).joined(separator: ", ")).")
            DeliveryOptions.report(summary)
            return summary.exitStatus
        }
    }
}

/// The options of every command that delivers mail.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Connections to the mail server, one worker each.") var connections = 4

    func options(for id: String, root: SamradCommand) throws -> DeliveryRunner.Options {
        guard (1...32).contains(connections) else {
            throw SamradError(.usage, "--connections must be from 1 to 32")
        }
        var options = DeliveryRunner.Options(consultation: id)
        options.connections = connections
        options.rate = try root.settings().rate
        if isatty(STDERR_FILENO) == 1 {
            let bar = ProgressBar()
            options.progress = { bar.show($0) }
        }
        return options
    }

    static func report(_ summary: MailoutSender.Summary) {
        ProgressBar.clear()
        let report = summary.report
        if !summary.delivered {
            say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).")
        }
        if summary.queued > 0 || summary.alreadySent > 0 {
            say("\(summary.queued) new messages recorded; \(summary.alreadySent) bodies already had the mailout.")
        }
        say(
            "\(report.sent) deliveries \(summary.delivered ? "sent" : "written"), \(report.deferred.count) deferred, "
                + "\(report.failed.count) failed.")
        if let unreachable = report.unreachable {
            say("The mail server could not be reached: \(unreachable.reply)")
            say("Nothing more was tried; run 'samrad send \(unreachable.delivery.message.consultationID)' again when it answers.")
        }
        if summary.leased.count > 0 {
            let until = summary.leased.until.map { " until \(SwedishTime.short($0))" } ?? ""
            say(
                "\(summary.leased.count) deliveries are claimed by another run, or by one that stopped\(until); "
                    + "they go again on the first send after that.")
        }
        for problem in report.deferred { say("  deferred \(problem.delivery.recipient): \(problem.reply)") }
        for problem in report.failed {
            say("  failed   \(problem.delivery.recipient) (\(problem.delivery.message.organizationID)): \(problem.reply)")
        }
    }
}

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar: Sendable {
    private let started = Date()

    func show(_ report: SendReport) {
        let done = report.total
        let width = 30
        let filled = min(width, done % (width + 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
        let line = "\r[\(bar)] \(report.sent) sent, \(report.deferred.count) deferred, \(report.failed.count) failed  \(Int(rate))/s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func clear() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

extension DeliveryState: ExpressibleByArgument {}

struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "The per-recipient ledger of a round.",
        discussion: "Examples:\n  samrad deliveries mal-2019\n  samrad deliveries mal-2019 --state failed --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "Only deliveries in this state: queued, sending, sent, deferred or failed.") var state: DeliveryState?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            _ = try ConsultationRegistrar.stored(id, in: workspace.database)
            let deliveries = try workspace.database.deliveries(consultation: id, state: state)
            if json {
                say(try JSONOutput.encode(deliveries))
                return 0
            }
            for delivery in deliveries {
                let when =
                    delivery.sentAt.map { SwedishTime.short($0) } ?? delivery.nextAttemptAt.map { "retry " + SwedishTime.short($0) } ?? ""
                say(
                    "\(delivery.message.organizationID.padding(toLength: 6, withPad: " ", startingAt: 0)) \(delivery.message.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(delivery.role.rawValue.padding(toLength: 3, withPad: " ", startingAt: 0)) \(delivery.recipient.description.padding(toLength: 40, withPad: " ", startingAt: 0)) \(delivery.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(when)"
                )
            }
            say("\(deliveries.count) deliveries.")
            return 0
        }
    }
}
