import ArgumentParser
import SamradApp

extension ConsultationCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rounds.")

        @ParentCommand var root: SamradCommand
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reporting {
                let rounds = try Rounds(try root.workspace()).list()
                say(json ? try JSONOutput.encode(RoundText.entries(rounds)) : RoundText.list(rounds).joined(separator: "\n"))
                return 0
            }
        }
    }
}
