import ArgumentParser
import Foundation
import SamradApp

struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign a message to a body by hand, making it the body's answer.",
        discussion: """
            A message that matched no body, or one assigned before (to another body, or matched wrongly): the earlier answer is withdrawn and kept as history, and the change goes in the audit trail. 'samrad unassign' undoes it. Example:
              samrad assign '<CAF=x1@mail.kommun.example>' KRN --consultation mal-2019
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The message's Message-ID, as 'samrad unmatched' shows it.") var messageID: String
    @Argument(help: "The body's id, e.g. KRN.") var body: String
    @Option(help: "The round (needed when several are open).") var consultation: String?

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let importer = try FeedbackImporter(workspace, attachmentFolder: try root.settings().attachmentFolder)
            let number = try importer.assign(messageID: messageID, body: body, consultation: consultation)
            say("Assigned to \(body): registered as \(number).")
            return 0
        }
    }
}
