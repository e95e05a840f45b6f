import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStore

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a round's mailout to every recipient body not yet sent it.",
        discussion: """
            Each message is recorded in the ledger before it goes, with a stable Message-ID, so running send again sends nothing new. Without SAMRAD_SMTP_URL the messages are written as .eml files to the outbox (SAMRAD_OUTBOX, default ./outbox) and nothing is sent. SAMRAD_SMTP_RATE (e.g. 30/min) limits the rate. A body that joined the registry after the mailout is mailed only with --include-new (or when the round's file names it). The summary and the exit status count the whole round, not only this run: 0 every delivery sent, 75 something still to go (deferred, queued, being sent), 65 an address refused, 69 server unreachable, 78 the server refused the login. Examples:
              samrad send mal-2019 --dry-run
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
    @OptionGroup var delivery: DeliveryOptions

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let mailout = MailoutSender(workspace)
            if dryRun {
                let plan = try mailout.plan(id)
                let new = plan.filter { !$0.alreadyQueued && (includeNew || !$0.waiting) }
                for item in plan {
                    let to = item.recipients.map(\.description).joined(separator: ", ")
                    let state = item.alreadyQueued ? "already sent" : !includeNew && item.waiting ? "waiting     " : "would send  "
                    say("\(state) \(item.body.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(item.body.name) → \(to)")
                }
                say(
                    "Dry run: \(new.count) of \(plan.count) bodies would be sent the mailout through \(workspace.transport.summary). "
                        + "Nothing was changed.")
                if !includeNew, plan.contains(where: { $0.waiting && !$0.alreadyQueued }) {
                    say("Waiting bodies joined the registry after the mailout; 'samrad send \(id) --include-new' mails them.")
                }
                return 0
            }
            let summary = try mailout.send(id, retry: retry, includeNew: includeNew, options: try delivery.options(for: id, root: root))
            DeliveryOptions.report(summary, round: id)
            return summary.exitStatus
        }
    }
}

struct ResendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Queue a body's failed mailout again after its address was corrected, and send it; or its new portal link.",
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
            let (requeued, newLink, summary) = try MailoutSender(workspace).resend(
                id, body: body, options: try delivery.options(for: id, root: root))
            if requeued.isEmpty && !newLink {
                say("\(body) has no failed mailout delivery in \(id): nothing to resend.")
                return 0
            }
            if newLink { say("Queued for \(body): the message with its new link to the answer portal.") }
            if !requeued.isEmpty { say("Queued again for \(body): \(requeued.map(\.description).joined(separator: ", ")).") }
            DeliveryOptions.report(summary, round: id)
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

    static func report(_ summary: MailoutSender.Summary, round id: String) {
        ProgressBar.clear()
        let report = summary.report
        if !summary.delivered {
            say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).")
        }
        if summary.queued > 0 || summary.alreadySent > 0 {
            say("\(summary.queued) new messages recorded; \(summary.alreadySent) bodies already had the mailout.")
        }
        if !summary.waiting.isEmpty {
            say(
                "Waiting: \(summary.waiting.joined(separator: " ")) joined the registry after the mailout; "
                    + "'samrad send \(id) --include-new' mails \(summary.waiting.count == 1 ? "it" : "them").")
        }
        say(
            "This run: \(report.sent) deliveries \(summary.delivered ? "sent" : "written"), \(report.deferred.count) deferred, "
                + "\(report.failed.count) failed.")
        describe(report, round: id)
        say(standing(summary.standing, of: "the mailout of \(id)"))
        for problem in summary.standing.failed {
            say("  failed   \(problem.recipient) (\(problem.message.bodyID)): \(problem.reply ?? "")")
        }
    }

    /// What a run's report adds to its counts: the server, a halt, claims taken over, deferrals.
    static func describe(_ report: SendReport, round id: String?) {
        if let unreachable = report.unreachable {
            say("The mail server could not be reached: \(unreachable.reply)")
            say(
                id.map { "Nothing more was tried; run 'samrad send \($0)' again when it answers." }
                    ?? "Nothing more was tried; the next run tries again.")
        }
        if let halted = report.halted {
            complain("samrad: \(halted.description)")
            say("Nothing more was tried: what was claimed went back to the queue untried.")
        }
        for (round, error) in report.unrenderable.sorted(by: { $0.key < $1.key }) {
            complain("samrad: \(round): \(error.description)")
        }
        if !report.takenOver.isEmpty {
            say(
                "\(report.takenOver.count) deliveries were taken over by another run after this run's claim ran out; that run sends and "
                    + "records them.")
            for delivery in report.sentAfterTakeover {
                say("  \(delivery.recipient) (\(delivery.message.bodyID)) may get the message twice, with the same Message-ID")
            }
        }
        for problem in report.deferred { say("  deferred \(problem.delivery.recipient): \(problem.reply)") }
    }

    /// One line on what is still to go, e.g. "Still to go for the mailout of mal-2019: 3 deferred (next try 10:42), 1 failed."
    static func standing(_ standing: DeliveryStanding, of what: String) -> String {
        guard standing.pending > 0 || !standing.failed.isEmpty else {
            return "Every delivery of \(what) is sent (\(standing.sent))."
        }
        var parts: [String] = []
        if standing.queued > 0 { parts.append("\(standing.queued) queued") }
        if standing.sending > 0 {
            let until = standing.sendingUntil.map { " until \(SwedishTime.short($0))" } ?? ""
            parts.append("\(standing.sending) being sent by another run (claimed\(until))")
        }
        if standing.unknown > 0 {
            parts.append("\(standing.unknown) unknown (a run stopped while sending them; they go again with the same Message-ID)")
        }
        if standing.deferred > 0 {
            let next = standing.nextAttempt.map { " (next try \(SwedishTime.short($0)))" } ?? ""
            parts.append("\(standing.deferred) deferred\(next)")
        }
        if !standing.failed.isEmpty {
            parts.append("\(standing.failed.count) failed (correct the address, then 'samrad resend')")
        }
        return "Still to go for \(what): \(parts.joined(separator: ", ")); \(standing.sent) of \(standing.total) sent."
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
                    "\(delivery.message.bodyID.padding(toLength: 6, withPad: " ", startingAt: 0)) \(delivery.message.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(delivery.role.rawValue.padding(toLength: 3, withPad: " ", startingAt: 0)) \(delivery.recipient.description.padding(toLength: 40, withPad: " ", startingAt: 0)) \(delivery.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(when)"
                )
            }
            say("\(deliveries.count) deliveries.")
            return 0
        }
    }
}
