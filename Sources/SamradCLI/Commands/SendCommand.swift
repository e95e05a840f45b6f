import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a round's mailout to every recipient body not yet sent it.",
        discussion: """
            Each message is recorded in the ledger before it goes, with a stable Message-ID, so running send
            again sends nothing new. Without SAMRAD_SMTP_URL the messages are written as .eml files to the outbox
            (SAMRAD_OUTBOX, default ./outbox) and nothing is sent. Examples:
              samrad send mal-2019 --dry-run
              samrad send mal-2019
              samrad send mal-2019 --retry
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "List what would go to whom, and change nothing.") var dryRun = false
    @Flag(help: "Also send deferred deliveries whose retry time has come.") var retry = false

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let mailout = Mailout(workspace)
            if dryRun {
                let plan = try mailout.plan(id)
                let new = plan.filter { !$0.alreadyQueued }
                for item in plan {
                    let to = item.recipients.map(\.description).joined(separator: ", ")
                    say(
                        "\(item.alreadyQueued ? "already sent" : "would send  ") \(item.body.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(item.body.name) → \(to)"
                    )
                }
                say(
                    "Dry run: \(new.count) of \(plan.count) bodies would be sent the mailout through \(workspace.transport.summary). Nothing was changed."
                )
                return 0
            }
            let summary = try mailout.send(id, retry: retry)
            if !summary.delivered {
                say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).")
            }
            say("\(summary.queued) new messages recorded; \(summary.alreadySent) bodies already had the mailout.")
            say(
                "\(summary.sent) deliveries \(summary.delivered ? "sent" : "written"), \(summary.deferred.count) deferred, \(summary.failed.count) failed."
            )
            for (address, reply) in summary.deferred { say("  deferred \(address): \(reply)") }
            for (address, reply) in summary.failed { say("  failed   \(address): \(reply)") }
            return summary.exitStatus
        }
    }
}

extension DeliveryState: ExpressibleByArgument {}

struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "The per-recipient ledger of a round.",
        discussion: "Examples:\n  samrad deliveries mal-2019\n  samrad deliveries mal-2019 --state failed --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "Only deliveries in this state: queued, sending, sent, deferred or failed.") var state: DeliveryState?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            _ = try ConsultationRegistrar.stored(id, in: workspace.database)
            let deliveries = try workspace.database.deliveries(consultation: id, state: state)
            if json {
                say(try JSONOutput.encode(deliveries))
                return 0
            }
            for delivery in deliveries {
                let when =
                    delivery.sentAt.map { SwedishTime.short($0) } ?? delivery.nextAttemptAt.map { "retry " + SwedishTime.short($0) } ?? ""
                say(
                    "\(delivery.message.organizationID.padding(toLength: 6, withPad: " ", startingAt: 0)) \(delivery.message.key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(delivery.role.rawValue.padding(toLength: 3, withPad: " ", startingAt: 0)) \(delivery.recipient.description.padding(toLength: 40, withPad: " ", startingAt: 0)) \(delivery.state.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(when)"
                )
            }
            say("\(deliveries.count) deliveries.")
            return 0
        }
    }
}
