import ArgumentParser
import SamradApp
import SamradCore

extension ContactsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the registry.",
            discussion: "Examples:\n  samrad contacts list\n  samrad contacts list --kind company --json"
        )

        @ParentCommand var root: SamradCommand
        @Option(help: "Only bodies of this kind: board, company or group.") var kind: BodyKind?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let registry = try Rounds(try root.workspace()).registry()
                say(
                    json
                        ? try JSONOutput.encode(RegistryText.entries(registry, kind: kind))
                        : RegistryText.list(registry, kind: kind).joined(separator: "\n"))
                return 0
            }
        }
    }
}
