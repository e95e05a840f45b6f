import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "The per-recipient ledger of a round.",
        discussion:
            "Examples:\n  samrad deliveries mal-2019\n  samrad deliveries mal-2019 --state failed --json\n  samrad deliveries mal-2019 --body BUN"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "Only deliveries in this state: queued, sending, sent, deferred or failed.") var state: DeliveryState?
    @Option(help: "Only one body's deliveries, e.g. BUN.") var body: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let deliveries = try Rounds(try root.workspace()).deliveries(id, state: state, body: body)
            say(json ? try JSONOutput.encode(deliveries) : LedgerText.table(deliveries).joined(separator: "\n"))
            return 0
        }
    }
}
