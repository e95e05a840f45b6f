import ArgumentParser
import Foundation
import SamradApp
import SamradCore

extension NotifyCommand {
    /// `notify --changes`: tells each body already mailed what changed since it last heard.
    func runChanges() throws {
        try reporting {
            let found = try Notifier(try root.workspace()).notifyChanges(id, options: try delivery.options(for: id, root: root))
            ProgressBar.clear()
            guard let summary = found.summary else {
                if found.changes.isEmpty {
                    say("Nothing changed in \(id) since revision \(found.from), which the bodies have: nothing to tell.")
                } else {
                    say("What changed since revision \(found.from) concerns no body mailed: nothing to tell.")
                    for change in found.changes { say("  \(TerminalText.safe(change.summary, singleLine: true))") }
                }
                return 0
            }
            if !summary.delivered { say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).") }
            say("Changes from revision \(found.from) to \(found.to):")
            for change in found.changes { say("  \(TerminalText.safe(change.summary, singleLine: true))") }
            say(
                "\(summary.queued) new messages recorded for \(found.bodies.joined(separator: " ")); \(summary.already) bodies already had it."
            )
            return DeliveryOptions.reportNotices(summary.report, standing: summary.standing, round: id)
        }
    }
}
