import Foundation
import SamradCore
import SamradStore

/// Rounds as text for the terminal and as JSON: `consultation list` and `consultation show`.
public enum RoundText {
    /// One round in `consultation list --json`.
    public struct Entry: Encodable, Sendable {
        var id: String
        var reference: String
        var title: String
        var revision: Int
        var mailoutDate: LocalDate
        var deadline: LocalDate
        var closed: Bool
    }

    /// A round in `consultation show --json`.
    public struct Document: Encodable, Sendable {
        var consultation: Consultation
        var revision: Int
        var source: String
        var recipients: [String]
    }

    /// The rounds as `consultation list --json` prints them.
    public static func entries(_ rounds: [StoredConsultation]) -> [Entry] {
        rounds.map {
            Entry(
                id: $0.consultation.id, reference: $0.consultation.reference, title: $0.consultation.title, revision: $0.revision,
                mailoutDate: $0.consultation.mailout.date, deadline: $0.consultation.deadline, closed: $0.closedAt != nil)
        }
    }

    /// A round as `consultation show --json` prints it.
    public static func document(_ stored: StoredConsultation, recipients: [String]) -> Document {
        Document(consultation: stored.consultation, revision: stored.revision, source: stored.sourcePath, recipients: recipients)
    }

    /// One line per round.
    public static func list(_ rounds: [StoredConsultation]) -> [String] {
        if rounds.isEmpty { return ["No rounds yet. Add one with: samrad consultation add FILE"] }
        return rounds.map { stored in
            let round = stored.consultation
            return
                "\(round.id)  \(round.reference)  \(round.title)  (mailout \(round.mailout.date), deadline \(round.deadline), revision \(stored.revision))"
        }
    }

    /// A round's settings, one per line.
    public static func show(_ stored: StoredConsultation, recipients: [String]) -> String {
        let round = stored.consultation
        let attachments = round.mailout.attachments.isEmpty ? "" : ", attachments: " + round.mailout.attachments.joined(separator: ", ")
        var lines = [
            "\(round.id): \(round.title)",
            "  reference   \(round.reference)",
            "  revision    \(stored.revision) (from \(stored.sourcePath))",
            "  from        \(round.from.name) <\(round.from.email)>",
            "  reply to    \(round.replyTo?.description ?? round.from.email.description)",
            "  mailout     \(round.mailout.date)\(attachments)",
            "  deadline    \(round.deadline) (\(round.deadline.swedishWeekday))",
            "  recipients  \(recipients.count): \(recipients.joined(separator: " "))",
            "  goal areas",
        ]
        lines += round.goalAreas.map { "    \($0.id). \($0.title)" }
        if !round.dialogues.isEmpty { lines.append("  dialogues") }
        lines += round.dialogues.map {
            "    \($0.id): \($0.title), \($0.start.date) \($0.start.swedishTime)–\($0.end.swedishTime), \($0.location); \($0.participants.joined(separator: " "))"
        }
        if !round.milestones.isEmpty { lines.append("  milestones") }
        lines += round.milestones.map { "    \($0.date)  \($0.title)" }
        return lines.joined(separator: "\n")
    }

    /// What `consultation add` says about the file it read.
    public static func addition(_ addition: ConsultationRegistrar.Addition) -> [String] {
        let round = addition.consultation
        switch addition.change {
        case .added:
            return ["Added round \(round.id) (\(round.reference)): \(round.title), revision 1."]
        case .unchanged(let revision):
            return ["Round \(round.id) is already at revision \(revision) with this content: nothing changed."]
        case .revised(let revision):
            var lines = ["Round \(round.id) changed: recorded revision \(revision)."]
            lines += addition.changes.map { "  \(TerminalText.safe($0.summary, singleLine: true))" }
            if addition.changes.contains(where: { $0.audience != .coordinator }) {
                lines.append("Bodies already mailed can be told with: samrad notify \(round.id) --changes")
            }
            return lines
        }
    }
}
