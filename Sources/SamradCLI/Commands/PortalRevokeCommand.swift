import ArgumentParser
import Foundation
import SamradApp

struct PortalRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Replace a body's portal link: every link it was sent stops working, and resend sends a new one.",
        discussion: """
            Use it when a link went to the wrong person. Example:
              samrad portal revoke mal-2019 BUN && samrad resend mal-2019 --body BUN
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Argument(help: "The body's id, e.g. BUN.") var body: String

    func run() throws {
        try reporting {
            let count = try PortalTokens(try root.workspace()).revoke(id, body: body)
            say(
                "Revoked \(count) portal link\(count == 1 ? "" : "s") of \(body) in \(id); 'samrad resend \(id) --body \(body)' sends the new one."
            )
            return 0
        }
    }
}
