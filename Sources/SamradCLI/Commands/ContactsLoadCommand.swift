import ArgumentParser
import SamradApp

extension ContactsCommand {
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
                try RegistryLoader.requireFolder(directory)
                let changes = try RegistryLoader(try root.workspace()).load(directory: directory)
                say(RegistryText.changes(changes, directory: directory))
                return 0
            }
        }
    }
}
