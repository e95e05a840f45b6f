import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStore

extension FeedbackImporter.Format: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import feedback: .eml files, mbox files, Maildir folders and CSV exports.",
        discussion: """
            The format is read from the content (--format overrides). A CSV file or a single message is imported whole in one transaction, or refused with its file, line or part and the reason; an mbox or a Maildir is read one message at a time and committed in batches of 500 (SAMRAD_IMPORT_BATCH), and a message that cannot be read stops it there, keeping the batches before it. Importing anything again adds nothing. Replies are matched to round and body by In-Reply-To/References, the reply token, the reference in the subject with a known sender, or the sender alone; what matches nothing waits in 'samrad unmatched'. Attachments are kept in ./attachments (SAMRAD_ATTACHMENTS). Examples:
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
                    continue
                }
                if result.format == "folder" {
                    for warning in result.warnings { say("\(TerminalText.safe(result.path, singleLine: true)): \(warning)") }
                    continue
                }
                let kinds: [(IncomingKind, String)] = [
                    (.reply, "replies"), (.form, "form answers"), (.autoReply, "automatic replies"), (.bounce, "bounces"),
                    (.unmatched, "unmatched"),
                ]
                let counts = kinds.compactMap { kind, label in result.imported[kind].map { "\($0) \(label)" } }
                let numbers = result.registrations.isEmpty ? "" : " (\(Self.range(result.registrations)))"
                say(
                    "\(TerminalText.safe(result.path, singleLine: true)) [\(result.format)]: \(counts.isEmpty ? "nothing new" : counts.joined(separator: ", "))\(numbers)"
                        + (result.duplicates > 0 ? "; \(result.duplicates) already imported" : ""))
                for warning in result.warnings { say("  warning: \(warning)") }
                if (result.imported[.unmatched] ?? 0) > 0 {
                    say("  see 'samrad unmatched' and assign them with 'samrad assign MESSAGE-ID BODY'")
                }
            }
            let files = results.filter { $0.format != "folder" }.count
            if let summary = Self.summary(refused: refused.count, of: files) { say(summary) }
            return Self.exitStatus(refused)
        }
    }

    /// "1 of 3 files refused; the other 2 were imported." — nothing for a single file, whose refusal says it all.
    static func summary(refused: Int, of total: Int) -> String? {
        guard refused > 0, total > 1 else { return nil }
        let imported = total - refused
        switch imported {
        case 0: return "All \(total) files were refused; nothing was imported."
        case 1: return "\(refused) of \(total) files refused; the other was imported."
        default: return "\(refused) of \(total) files refused; the other \(imported) were imported."
        }
    }

    /// The most serious refusal's status: a fault in Samråd, then try again later, then bad data, then missing input.
    static func exitStatus(_ refusals: [SamradError.Code]) -> Int32 {
        let order: [SamradError.Code] = [.software, .temporaryFailure, .unavailable, .configuration, .usage, .dataError, .noInput]
        return order.first(where: refusals.contains)?.rawValue ?? 0
    }

    /// "KS 2019/017-3 … KS 2019/017-9" or the single number.
    static func range(_ numbers: [String]) -> String {
        numbers.count == 1 ? numbers[0] : "\(numbers[0]) … \(numbers[numbers.count - 1])"
    }
}

struct UnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatched",
        abstract: "Imported messages that matched no round and body.",
        discussion: "Assign each with 'samrad assign MESSAGE-ID BODY'. Example:\n  samrad unmatched --json"
    )

    @ParentCommand var root: SamradCommand
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let messages = try root.workspace().database.unmatched()
            if json {
                say(try JSONOutput.encode(messages))
                return 0
            }
            if messages.isEmpty { say("No unmatched messages.") }
            for message in messages {
                let date = message.sentAt.map { SwedishTime.short($0) } ?? "—"
                var lines = [
                    TerminalText.safe(message.messageID, singleLine: true) + (message.registration.map { "  (\($0))" } ?? ""),
                    "    \(date)  \(TerminalText.safe(message.sender ?? "?", singleLine: true))  \(TerminalText.safe(message.subject, singleLine: true))",
                    "    from \(TerminalText.safe(message.source, singleLine: true))",
                ]
                if let reason = message.reason { lines.append("    why: \(TerminalText.safe(reason, singleLine: true))") }
                if !message.candidates.isEmpty { lines.append("    candidates: \(message.candidates.joined(separator: ", "))") }
                say(lines.joined(separator: "\n"))
            }
            return 0
        }
    }
}

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

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Import new messages from the IMAP mailboxes (SAMRAD_IMAP_URL): the replies and the bounces.",
        discussion: """
            Each new message is imported once, in its own transaction; each mailbox's UIDVALIDITY and last UID are remembered, and messages are left unread. SAMRAD_IMAP_URL names one mailbox, or several separated by spaces or commas (e.g. the replies and the folder the bounce address delivers to), read with the same login. 'samrad remind' fetches too when IMAP is configured.
              export SAMRAD_IMAP_URL="imaps://imap.kommun.example/Samrad imaps://imap.kommun.example/Samrad/Studsar"
              export SAMRAD_IMAP_USER=samrad SAMRAD_IMAP_PASSWORD_FILE=/etc/samrad/imap-password
              samrad fetch
            """
    )

    @ParentCommand var root: SamradCommand

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            guard let fetcher = try MailboxFetcher(workspace, attachmentFolder: try root.settings().attachmentFolder) else {
                throw SamradError(
                    .configuration, "no IMAP mailbox is configured: set SAMRAD_IMAP_URL (and SAMRAD_IMAP_USER, SAMRAD_IMAP_PASSWORD_FILE)")
            }
            let result = try fetcher.fetch()
            for mailbox in result.mailboxes { say(FetchCommand.describe(mailbox)) }
            for failure in result.failures { complain("samrad: \(failure.description)") }
            return result.exitStatus
        }
    }

    static func describe(_ summary: MailboxFetcher.Summary) -> String {
        let kinds = summary.imported.map { "\($0.value) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
        var line = "\(summary.mailbox): \(kinds.isEmpty ? "nothing new" : kinds)"
        if summary.duplicates > 0 { line += "; \(summary.duplicates) already imported" }
        if summary.restarted { line += " (the mailbox's UIDVALIDITY changed, so it was read from the start)" }
        return line
    }
}
