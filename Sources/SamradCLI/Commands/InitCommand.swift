import ArgumentParser
import SamradApp

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the database.",
        discussion:
            "Other commands migrate the database too; run init to create it ahead of time. Example:\n  samrad --db /srv/samrad/samrad.sqlite init"
    )

    @ParentCommand var root: SamradCommand

    func run() throws {
        try reporting {
            let settings = try root.settings()
            _ = try Workspace.open(settings)
            say("The database \(settings.databasePath) is ready.")
            return 0
        }
    }
}
