import Foundation
import SamradCore
import SamradStore

/// What a person should look at in a round: readings the reader was unsure of, attachments it could not read,
/// answers from shared addresses, and messages that matched no body.
public struct RoundReview: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The round's review items, oldest first: the open ones, or all of them.
    public func items(_ id: String, includeResolved: Bool = false) throws -> [ReviewItem] {
        _ = try ConsultationRegistrar.stored(id, in: workspace.database)
        let items = try workspace.database.reviewItems(consultation: id)
        return includeResolved ? items : items.filter { !$0.resolved }
    }

    /// The items as text for the terminal: each with its id, what to look at, its evidence and what to do.
    public static func render(_ items: [ReviewItem], round id: String) -> String {
        guard !items.isEmpty else { return "Nothing to review in \(id)." }
        var lines: [String] = []
        for item in items {
            let about = [item.body, item.area.map { "goal area \($0)" }, item.registration].compactMap { $0 }.joined(separator: ", ")
            lines.append("\(item.id)  \(item.kind.rawValue)\(about.isEmpty ? "" : "  (\(about))")\(item.resolved ? "  [resolved]" : "")")
            lines.append("    \(TerminalText.safe(item.detail))")
            for evidence in item.evidence {
                lines.append("    «\(TerminalText.safe(evidence.clause))» — \(evidence.placeInSwedish), \(evidence.rule.rawValue)")
            }
            if !item.candidates.isEmpty { lines.append("    candidates: \(item.candidates.joined(separator: ", "))") }
            lines.append("    → \(action(item, round: id))")
        }
        return lines.joined(separator: "\n")
    }

    /// What to run to settle an item.
    static func action(_ item: ReviewItem, round id: String) -> String {
        switch item.kind {
        case .unmatched:
            let body = item.candidates.first ?? "BODY"
            return "samrad assign '\(item.message ?? "MESSAGE-ID")' \(body) --consultation \(id)"
        case .sharedAddress:
            return "if it is another body's answer: samrad assign '\(item.message ?? "MESSAGE-ID")' BODY --consultation \(id)"
        default:
            let area = item.area.map(String.init) ?? "N"
            return "samrad answer \(id) \(item.body ?? "BODY") --area \(area) --stance tillstyrker|avstyrker|varken-eller|avstår"
        }
    }
}
