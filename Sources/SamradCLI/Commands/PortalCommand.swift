import ArgumentParser

struct PortalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "The bodies' links to the answer portal.",
        subcommands: [PortalRevokeCommand.self]
    )
}
