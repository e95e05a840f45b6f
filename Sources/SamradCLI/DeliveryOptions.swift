import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStore

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

    /// The end of a notice run's report: what the run met, what is still to go, what failed; its exit status.
    static func reportNotices(_ report: SendReport, standing: DeliveryStanding, round id: String) -> Int32 {
        describe(report, round: nil)
        say(self.standing(standing, of: "the notices of \(id)"))
        for problem in report.failed { say("  failed   \(problem.delivery.recipient): \(problem.reply)") }
        return report.exitStatus
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
