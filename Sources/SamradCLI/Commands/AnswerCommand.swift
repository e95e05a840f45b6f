import ArgumentParser
import Foundation
import SamradApp
import SamradCore

struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Record a body's answer by hand, or correct how an answer was read.",
        discussion: """
            With --source the answer is the body's own (a letter, a call, a dialogue, a meeting): it goes in the round's register with the next number, and --file keeps the letter or minute with it. Without --source it corrects a reading; the earlier reading stays as history. Either counts from now on like any other answer, until the body answers again, and goes in the audit trail. --clear removes the area's stance. Examples:
              samrad answer mal-2019 KRN --area 2 --stance tillstyrker --source brev \\
                --file yttrande-krn.pdf --date 2019-05-16
              samrad answer mal-2019 TN --area 3 --stance avstyrker --source dialog \\
                --text "Sagt vid budgetdialogen"
              samrad answer mal-2019 HEAB --area 2 --stance avstår
              samrad answer mal-2019 BUN --area 4 --clear
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Argument(help: "The body's id, e.g. KRN.") var body: String
    @Option(help: "A goal area's number; repeat for several.") var area: [Int] = []
    @Option(help: "tillstyrker, avstyrker, varken-eller, avstår or utan-ställningstagande.") var stance: StanceArgument?
    @Flag(help: "Remove the areas' stance instead.") var clear = false
    @Option(help: "What the body said, in a sentence or two.") var text: String?
    @Option(help: "A letter or minute to keep with the answer.") var file: String?
    @Option(help: "When the body gave it: 2019-05-16 or 2019-05-16T14:00 (default: now).") var date: String?
    @Option(help: "How the body gave it: brev, telefon, dialog or möte.") var source: AnswerRecorder.Source?

    func validate() throws {
        if clear == (stance != nil) { throw ValidationError("give either --stance S or --clear") }
        if area.isEmpty { throw ValidationError("name the goal area with --area N") }
        if let date, SwedishTime.parseInstant(date) == nil {
            throw ValidationError("--date '\(date)' is not a date; write e.g. 2019-05-16")
        }
    }

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            let recorder = AnswerRecorder(workspace, attachmentFolder: try root.settings().attachmentFolder)
            let result = try recorder.record(
                .init(
                    consultation: id, body: body, areas: area, stance: stance?.stance, text: text, file: file,
                    date: date.flatMap(SwedishTime.parseInstant), source: source))
            let changes = area.map { area in
                "goal area \(area): \((result.before[area] ?? nil)?.swedish ?? "no stance") → \(stance?.stance.swedish ?? "no stance")"
            }
            let what = result.correction ? "Corrected" : "Recorded"
            say(
                "\(what) for \(body): \(changes.joined(separator: "; "))" + (result.registration.map { ", registered as \($0)" } ?? "")
                    + ".")
            return 0
        }
    }
}
