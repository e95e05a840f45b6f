import ArgumentParser

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The database itself: move it to PostgreSQL.",
        subcommands: [DbCopyCommand.self]
    )
}
