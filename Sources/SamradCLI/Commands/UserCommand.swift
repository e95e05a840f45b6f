import ArgumentParser

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Coordinators who may log in to the portal's pages.",
        subcommands: [UserAddCommand.self]
    )
}
