import ArgumentParser
import Foundation
import SamradApp
import SamradReport

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where a round stands: one row per recipient body and a totals line.",
        discussion:
            "The JSON shape is documented in the README. Examples:\n  samrad status mal-2019\n  samrad status mal-2019 --body BUN\n  SAMRAD_NOW=2019-05-20 samrad status mal-2019 --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "One body in detail: each area's stance, where it was read, and every answer in order.") var body: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let use = RoundStatus(try root.workspace())
            if let body {
                let (status, answers) = try use.body(id, code: body)
                if json {
                    var only = status
                    only.rows = status.rows.filter { $0.id == body }
                    say(try JSONOutput.encode(only))
                } else {
                    say(StatusTable.render(status, body: body, answers: answers))
                }
                return 0
            }
            let status = try use.status(id)
            say(json ? try JSONOutput.encode(status) : StatusTable.render(status))
            return 0
        }
    }
}
