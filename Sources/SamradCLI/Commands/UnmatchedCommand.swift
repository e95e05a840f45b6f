import ArgumentParser
import Foundation
import SamradApp

struct UnmatchedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unmatched",
        abstract: "Imported messages that matched no round and body.",
        discussion: "Assign each with 'samrad assign MESSAGE-ID BODY'. Example:\n  samrad unmatched --json"
    )

    @ParentCommand var root: SamradCommand
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let messages = try Rounds(try root.workspace()).unmatched()
            say(json ? try JSONOutput.encode(messages) : InboxText.unmatched(messages).joined(separator: "\n"))
            return 0
        }
    }
}
