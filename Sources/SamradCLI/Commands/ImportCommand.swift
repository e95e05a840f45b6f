import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import feedback: .eml files, mbox files, Maildir folders and CSV exports.",
        discussion: """
            The format is read from the content (--format overrides). A CSV file or a single message is imported whole in one transaction, or refused with its file, line or part and the reason; an mbox or a Maildir is read one message at a time and committed in batches of 500 (SAMRAD_IMPORT_BATCH), its messages matched and read on one thread per core (SAMRAD_IMPORT_THREADS) and stored in file order, and a message that cannot be read stops it there, keeping the batches before it. Importing anything again adds nothing. Replies are matched to round and body by In-Reply-To/References, the reply token, the reference in the subject with a known sender, or the sender alone; what matches nothing waits in 'samrad unmatched'. Attachments are kept in ./attachments (SAMRAD_ATTACHMENTS). Examples:
              samrad import svar/*.eml
              samrad import ~/Mail/samrad.mbox
              samrad import formular.csv --consultation mal-2019
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "Files or folders to import.") var paths: [String]
    @Option(help: "The round a CSV file answers (needed when several rounds are open).") var consultation: String?
    @Option(help: "Read every path as eml, mbox, maildir or csv.") var format: FeedbackImporter.Format?

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let importer = try FeedbackImporter(workspace, attachmentFolder: try root.settings().attachmentFolder)
            let results = try importer.importPaths(paths, consultation: consultation, format: format)
            var refused: [SamradError.Code] = []
            for result in results {
                if let refusal = result.refusal {
                    refused.append(result.refusalCode ?? .dataError)
                    complain("samrad: \(TerminalText.safe(result.path, singleLine: true)) was not imported:\n\(refusal)")
                } else {
                    InboxText.imported(result).forEach(say)
                }
            }
            let files = results.filter { $0.format != "folder" }.count
            if let summary = InboxText.summary(refused: refused.count, of: files) { say(summary) }
            return InboxText.exitStatus(refused)
        }
    }
}
