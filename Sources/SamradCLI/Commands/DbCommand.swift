import ArgumentParser

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The database itself: move it to PostgreSQL, and let a role use it.",
        subcommands: [DbCopyCommand.self, DbGrantCommand.self]
    )
}
