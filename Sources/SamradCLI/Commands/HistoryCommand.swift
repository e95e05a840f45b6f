import ArgumentParser
import SamradApp

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Everything sent to, received from, read and corrected for one body, in time order.",
        discussion: """
            The body's messages out and in from the register, each answer as it was read (and recorded or corrected by hand), and its assignments and answers in the audit trail. Examples:
              samrad history mal-2019 MBN
              samrad history mal-2019 MBN --json
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Argument(help: "The body's id, e.g. MBN.") var body: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let events = try BodyHistory(try root.workspace()).history(id, body: body)
            say(json ? try JSONOutput.encode(events) : BodyHistory.lines(events, body: body, round: id).joined(separator: "\n"))
            return 0
        }
    }
}
