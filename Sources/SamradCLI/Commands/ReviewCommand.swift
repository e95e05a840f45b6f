import ArgumentParser
import SamradApp

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "What a person should look at in a round, each with a stable id, its evidence and what to run.",
        discussion: """
            Items: an area named with no stance; a stance in no area's clause in an answer that names several; two stances on one area; a message and its attached document that disagree; a scanned attachment; an attachment that could not be read; an answer from an address several bodies share; a message that matched no body, with its candidate bodies and why none was chosen. An item is resolved once an answer is recorded by hand for the body (and area), or the message is assigned. Examples:
              samrad review mal-2019
              samrad review mal-2019 --all --json
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "Also the items a person has resolved.") var all = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let items = try RoundReview(try root.workspace()).items(id, includeResolved: all)
            say(json ? try JSONOutput.encode(items) : RoundReview.render(items, round: id))
            return 0
        }
    }
}
