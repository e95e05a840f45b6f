import ArgumentParser
import Foundation
import SamradApp

struct UnassignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unassign",
        abstract: "Undo an assignment: the message waits in 'samrad unmatched' again and its answer no longer counts.",
        discussion:
            "The answer is kept as history, and the change goes in the audit trail. Example:\n  samrad unassign '<CAF=x1@mail.kommun.example>'"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The message's Message-ID.") var messageID: String

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let importer = try FeedbackImporter(workspace, attachmentFolder: try root.settings().attachmentFolder)
            let pair = try importer.unassign(messageID: messageID)
            say("Unassigned from \(pair.body) in \(pair.consultation); 'samrad unmatched' lists it again.")
            return 0
        }
    }
}
