import Foundation
import SamradCore
import SamradStore

/// What `remind` did, as text for the terminal and as JSON.
public enum RemindText {
    /// `remind --json`.
    public struct Output: Encodable, Sendable {
        var actions: [Reminders.Action]
        var retries: Int
        var sent: Int
        var deferred: Int
        var failed: Int
        var waiting: [Waiting]
        var warnings: [String]
        var dryRun: Bool
    }

    /// A body waiting for `send --include-new`.
    public struct Waiting: Encodable, Sendable {
        var consultation: String
        var body: String
    }

    /// The run as `remind --json` prints it.
    public static func output(_ outcome: CronRun.Outcome, dryRun: Bool) -> Output {
        let report = outcome.report
        let deliveries = report.deliveries
        return Output(
            actions: report.actions, retries: report.retries, sent: deliveries.sent, deferred: deliveries.deferred.count,
            failed: deliveries.failed.count, waiting: report.waiting.map { Waiting(consultation: $0.0, body: $0.1) },
            warnings: outcome.warnings, dryRun: dryRun)
    }

    /// One line per action and waiting body, then what a dry run found due or what went where;
    /// nothing when nothing was due.
    public static func actions(_ report: Reminders.Report, dryRun: Bool) -> [String] {
        if report.isEmpty && report.waiting.isEmpty { return [] }
        let verb = dryRun ? "due" : (report.delivered ? "sent" : "written")
        var lines = report.actions.map {
            "\(verb): \($0.consultation) \($0.body) \($0.what) → \($0.recipients.joined(separator: ", ")) (\($0.reason))"
        }
        lines += report.waiting.map { round, body in
            "waiting: \(round) \(body) joined the registry after the mailout; 'samrad send \(round) --include-new' mails it"
        }
        if dryRun {
            if report.retries > 0 { lines.append("due: \(report.retries) deliveries to send or retry") }
            return lines
        }
        let deliveries = report.deliveries
        if !report.delivered && !report.actions.isEmpty {
            lines.append("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages went to \(report.transport).")
        }
        if deliveries.sent + deliveries.deferred.count + deliveries.failed.count > 0 && report.actions.isEmpty {
            lines.append("retried: \(deliveries.sent) sent, \(deliveries.deferred.count) deferred, \(deliveries.failed.count) failed")
        }
        return lines
    }

    /// The deliveries that failed for good.
    public static func failed(_ report: Reminders.Report) -> [String] {
        report.deliveries.failed.map { "failed \($0.delivery.recipient) (\($0.delivery.message.bodyID)): \($0.reply)" }
    }
}
