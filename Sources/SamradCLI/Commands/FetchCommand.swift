import ArgumentParser
import Foundation
import SamradApp

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Import new messages from the IMAP mailboxes (SAMRAD_IMAP_URL): the replies and the bounces.",
        discussion: """
            Each new message is imported once, in its own transaction; each mailbox's UIDVALIDITY and last UID are remembered, and messages are left unread. SAMRAD_IMAP_URL names one mailbox, or several separated by spaces or commas (e.g. the replies and the folder the bounce address delivers to), read with the same login. 'samrad remind' fetches too when IMAP is configured.
              mailbox=imaps://imap.kommun.example/Samrad
              export SAMRAD_IMAP_URL="$mailbox $mailbox/Studsar"
              export SAMRAD_IMAP_USER=samrad
              export SAMRAD_IMAP_PASSWORD_FILE=/etc/samrad/imap-password
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
            for mailbox in result.mailboxes { say(InboxText.fetched(mailbox)) }
            for failure in result.failures { complain("samrad: \(failure.description)") }
            return result.exitStatus
        }
    }
}
