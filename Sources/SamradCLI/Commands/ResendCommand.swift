import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct ResendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resend",
        abstract: "Queue a body's failed mailout again after its address was corrected, and send it; or its new portal link.",
        discussion: """
            Correct the address in contacts/, load the registry again, then resend. An address the body still has is tried again as it is; a replaced one is sent to the body's current address. Example:
              samrad contacts load contacts && samrad resend mal-2019 --body SN
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "The body's id, e.g. SN.") var body: String
    @OptionGroup var delivery: DeliveryOptions

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let (requeued, newLink, summary) = try MailoutSender(workspace).resend(
                id, body: body, options: try delivery.options(for: id, root: root))
            if requeued.isEmpty && !newLink {
                say("\(body) has no failed mailout delivery in \(id): nothing to resend.")
                return 0
            }
            if newLink { say("Queued for \(body): the message with its new link to the answer portal.") }
            if !requeued.isEmpty { say("Queued again for \(body): \(requeued.map(\.description).joined(separator: ", ")).") }
            DeliveryOptions.report(summary, round: id)
            return summary.exitStatus
        }
    }
}
