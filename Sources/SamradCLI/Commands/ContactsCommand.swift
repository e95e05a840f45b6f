import ArgumentParser

struct ContactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "The registry of boards, companies and groups.",
        subcommands: [Load.self, List.self]
    )
}
