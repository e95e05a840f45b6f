import ArgumentParser
import SamradApp
import SamradCore

extension ConsultationCommand {
    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a round: nothing more is planned or sent for it.",
            discussion:
                "Deferred deliveries of a closed round stay in the ledger and are not retried. Example:\n  samrad consultation close mal-2019"
        )

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's id.") var id: String

        func run() throws {
            try reporting {
                if let closed = try Rounds(try root.workspace()).close(id) {
                    say("Round \(id) was closed on \(SwedishTime.short(closed)): nothing changed.")
                } else {
                    say("Closed round \(id): remind sends nothing more for it.")
                }
                return 0
            }
        }
    }
}
