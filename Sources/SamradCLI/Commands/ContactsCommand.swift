import ArgumentParser
import Foundation
import SamradApp
import SamradCore

extension BodyKind: ExpressibleByArgument {}

struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "The registry of boards, companies and groups.",
        subcommands: [Load.self, List.self]
    )

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the registry folder into the database and print what changed.",
            discussion: """
                Every .yaml file of the folder is read and checked; any error (with its file and line) leaves the database unchanged. A body removed from the files is deleted if it was never sent mail, and retired otherwise. Example:
                  samrad contacts load contacts
                """
        )

        @ParentCommand var root: SamradCommand
        @Argument(help: "The registry folder.") var directory: String = "contacts"

        func run() throws {
            try reporting {
                let changes = try RegistryLoader(try root.workspace()).load(directory: directory)
                say(Self.describe(changes, directory: directory))
                return 0
            }
        }

        static func describe(_ changes: RegistryChanges, directory: String) -> String {
            if changes.isEmpty { return "The registry in \(directory) is already loaded: nothing changed." }
            var lines = ["Loaded the registry from \(directory):"]
            lines += changes.added.map { "  added      \($0)" }
            lines += changes.changed.keys.sorted().map { "  changed    \($0) (\(changes.changed[$0]!.joined(separator: ", ")))" }
            lines += changes.reinstated.map { "  reinstated \($0)" }
            lines += changes.removed.map { "  removed    \($0)" }
            lines += changes.retired.map { "  retired    \($0) (mail was sent to it, so it is kept but sent nothing more)" }
            lines.append(
                "\(changes.added.count) added, \(changes.changed.count) changed, \(changes.removed.count) removed, \(changes.retired.count) retired."
            )
            return lines.joined(separator: "\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registry.",
            discussion: "Examples:\n  samrad contacts list\n  samrad contacts list --kind company --json"
        )

        @ParentCommand var root: SamradCommand
        @Option(help: "Only bodies of this kind: board, company or group.") var kind: BodyKind?
        @Flag(help: "Print JSON.") var json = false

        struct Entry: Encodable {
            var id: String
            var name: String
            var kind: BodyKind
            var mailbox: String?
            var contacts: [Contact]
            var meetings: [Meeting]
            var retired: Bool
        }

        func run() throws {
            try reporting {
                let registry = try root.workspace().database.registry()
                let bodies = registry.bodies.filter { kind == nil || $0.kind == kind }
                if json {
                    say(
                        try JSONOutput.encode(
                            bodies.map {
                                Entry(
                                    id: $0.id, name: $0.name, kind: $0.kind, mailbox: $0.mailbox?.description, contacts: $0.contacts,
                                    meetings: $0.meetings, retired: registry.isRetired($0.id))
                            }))
                    return 0
                }
                if bodies.isEmpty {
                    say("The registry is empty. Load it with: samrad contacts load contacts")
                }
                for body in bodies {
                    let retired = registry.isRetired(body.id) ? "  (retired)" : ""
                    say(
                        "\(body.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(body.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(body.name)\(retired)"
                    )
                    if let mailbox = body.mailbox { say("       mailbox    \(mailbox)") }
                    for contact in body.contacts {
                        say(
                            "       \(contact.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(contact.name) <\(contact.email)>"
                        )
                    }
                    if !body.meetings.isEmpty {
                        say("       meetings   \(body.meetings.map(\.description).joined(separator: ", "))")
                    }
                }
                return 0
            }
        }
    }
}
