import ArgumentParser
import SamradApp

extension ConsultationCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a round's settings.", discussion: "Example:\n  samrad consultation show mal-2019 --json")

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's id.") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let (stored, recipients) = try Rounds(try root.workspace()).show(id)
                say(
                    json
                        ? try JSONOutput.encode(RoundText.document(stored, recipients: recipients))
                        : RoundText.show(stored, recipients: recipients))
                return 0
            }
        }
    }
}
