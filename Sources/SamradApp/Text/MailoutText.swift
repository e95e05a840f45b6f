import Foundation
import SamradCore

/// A mailout's plan as text for the terminal: `send --dry-run`.
public enum MailoutText {
    /// One line per body (already sent, waiting, would send), the count, and the hint for waiting bodies.
    public static func dryRun(_ plan: [MailoutSender.PlannedMessage], round id: String, includeNew: Bool, transport: String) -> [String] {
        let new = plan.filter { !$0.alreadyQueued && (includeNew || !$0.waiting) }
        var lines = plan.map { item in
            let to = item.recipients.map(\.description).joined(separator: ", ")
            let state = item.alreadyQueued ? "already sent" : !includeNew && item.waiting ? "waiting     " : "would send  "
            return "\(state) \(pad(item.body.id, 6)) \(item.body.name) → \(to)"
        }
        lines.append(
            "Dry run: \(new.count) of \(plan.count) bodies would be sent the mailout through \(transport). Nothing was changed.")
        if !includeNew, plan.contains(where: { $0.waiting && !$0.alreadyQueued }) {
            lines.append("Waiting bodies joined the registry after the mailout; 'samrad send \(id) --include-new' mails them.")
        }
        return lines
    }
}
