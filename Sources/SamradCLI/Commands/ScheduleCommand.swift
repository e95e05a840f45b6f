import ArgumentParser
import Foundation
import SamradApp

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Every planned send of a round, past and future, with its date, kind, recipients and reason.",
        discussion:
            "Dates are Swedish working days; sends go from 08.00. Examples:\n  samrad schedule mal-2019\n  samrad schedule mal-2019 --body BUN --upcoming\n  SAMRAD_NOW=2019-05-20 samrad schedule mal-2019 --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "Only one body's sends, e.g. BUN.") var body: String?
    @Flag(help: "Only what is still to come: due, upcoming and waiting sends.") var upcoming = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let plan = try Reminders(workspace, calendar: try root.calendar()).schedule(id, body: body, upcoming: upcoming)
            warn(try RoundWarnings(workspace, calendar: try root.calendar()).dates(id))
            say(json ? try JSONOutput.encode(ScheduleText.entries(plan)) : ScheduleText.table(plan).joined(separator: "\n"))
            return 0
        }
    }
}
