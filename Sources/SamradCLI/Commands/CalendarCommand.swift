import ArgumentParser
import Foundation
import SamradApp

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Write a subscribable iCalendar of a round: dialogues, mailout, deadline and milestones.",
        discussion: "Examples:\n  samrad calendar mal-2019 -o mal-2019.ics\n  samrad calendar mal-2019 > /var/www/kalender/mal-2019.ics"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?

    func run() throws {
        try reporting {
            let text = try RoundCalendar(try root.workspace()).publish(id)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                } catch {
                    throw SamradError(.noInput, "cannot write \(output): \(error.localizedDescription)")
                }
                say("Wrote the calendar of \(id) to \(output).")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            return 0
        }
    }
}
