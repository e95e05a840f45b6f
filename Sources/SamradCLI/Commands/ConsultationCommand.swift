import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct ConsultationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consultation",
        abstract: "Consultation rounds: add a round's file, list and show rounds.",
        subcommands: [Add.self, List.self, Show.self, Close.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a round from its file, or record a changed file as a new revision.",
            discussion: """
                Every reference is checked against the registry; errors name the file and line and change nothing. Adding the same file again changes nothing. Example:
                  samrad consultation add consultations/mal-2019.yaml
                """
        )

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's YAML file.") var file: String

        func run() throws {
            try reporting {
                let addition = try ConsultationRegistrar(try root.workspace()).add(file: file)
                let round = addition.consultation
                switch addition.change {
                case .added:
                    say("Added round \(round.id) (\(round.reference)): \(round.title), revision 1.")
                case .unchanged(let revision):
                    say("Round \(round.id) is already at revision \(revision) with this content: nothing changed.")
                case .revised(let revision):
                    say("Round \(round.id) changed: recorded revision \(revision).")
                    for change in addition.changes { say("  \(TerminalText.safe(change.summary, singleLine: true))") }
                    if addition.changes.contains(where: { $0.audience != .coordinator }) {
                        say("Bodies already mailed can be told with: samrad notify \(round.id) --changes")
                    }
                }
                return 0
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rounds.")

        @ParentCommand var root: SamradCommand
        @Flag(help: "Print JSON.") var json = false

        struct Entry: Encodable {
            var id: String
            var reference: String
            var title: String
            var revision: Int
            var mailoutDate: LocalDate
            var deadline: LocalDate
            var closed: Bool
        }

        func run() throws {
            try reporting {
                let rounds = try root.workspace().database.consultations()
                if json {
                    say(
                        try JSONOutput.encode(
                            rounds.map {
                                Entry(
                                    id: $0.consultation.id, reference: $0.consultation.reference, title: $0.consultation.title,
                                    revision: $0.revision, mailoutDate: $0.consultation.mailout.date, deadline: $0.consultation.deadline,
                                    closed: $0.closedAt != nil)
                            }))
                    return 0
                }
                if rounds.isEmpty { say("No rounds yet. Add one with: samrad consultation add FILE") }
                for stored in rounds {
                    let round = stored.consultation
                    say(
                        "\(round.id)  \(round.reference)  \(round.title)  (mailout \(round.mailout.date), deadline \(round.deadline), revision \(stored.revision))"
                    )
                }
                return 0
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a round's settings.", discussion: "Example:\n  samrad consultation show mal-2019 --json")

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        struct Document: Encodable {
            var consultation: Consultation
            var revision: Int
            var source: String
            var recipients: [String]
        }

        func run() throws {
            try reporting {
                let workspace = try root.workspace()
                let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
                let registry = try workspace.database.registry()
                let round = stored.consultation
                let recipients = round.recipients(in: registry)
                if json {
                    say(
                        try JSONOutput.encode(
                            Document(
                                consultation: round, revision: stored.revision, source: stored.sourcePath, recipients: recipients.map(\.id))
                        ))
                    return 0
                }
                var lines = [
                    "\(round.id): \(round.title)",
                    "  reference   \(round.reference)",
                    "  revision    \(stored.revision) (from \(stored.sourcePath))",
                    "  from        \(round.from.name) <\(round.from.email)>",
                    "  reply to    \(round.replyTo?.description ?? round.from.email.description)",
                    "  mailout     \(round.mailout.date)\(round.mailout.attachments.isEmpty ? "" : ", attachments: " + round.mailout.attachments.joined(separator: ", "))",
                    "  deadline    \(round.deadline) (\(round.deadline.swedishWeekday))",
                    "  recipients  \(recipients.count): \(recipients.map(\.id).joined(separator: " "))",
                    "  goal areas",
                ]
                lines += round.goalAreas.map { "    \($0.id). \($0.title)" }
                if !round.dialogues.isEmpty { lines.append("  dialogues") }
                lines += round.dialogues.map {
                    "    \($0.id): \($0.title), \($0.start.date) \($0.start.swedishTime)–\($0.end.swedishTime), \($0.location); \($0.participants.joined(separator: " "))"
                }
                if !round.milestones.isEmpty { lines.append("  milestones") }
                lines += round.milestones.map { "    \($0.date)  \($0.title)" }
                say(lines.joined(separator: "\n"))
                return 0
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a round: nothing more is planned or sent for it.",
            discussion:
                "Deferred deliveries of a closed round stay in the ledger and are not retried. Example:\n  samrad consultation close mal-2019"
        )

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's id.") var id: String

        func run() throws {
            try reporting {
                let workspace = try root.workspace()
                let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
                if let closed = stored.closedAt {
                    say("Round \(id) was closed on \(SwedishTime.short(closed)): nothing changed.")
                    return 0
                }
                try workspace.database.closeConsultation(
                    id, now: workspace.now(), audit: { $0 ? workspace.auditNote("consultation close", consultation: id, "closed") : nil })
                say("Closed round \(id): remind sends nothing more for it.")
                return 0
            }
        }
    }
}
