import ArgumentParser
import Foundation
import SamradApp

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where a round stands: one row per recipient body and a totals line.",
        discussion:
            "The JSON shape is documented in the README. Examples:\n  samrad status mal-2019\n  SAMRAD_NOW=2019-05-20 samrad status mal-2019 --json"
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reporting {
            let status = try RoundStatus(try root.workspace()).status(id)
            say(json ? try JSONOutput.encode(status) : StatusTable.render(status))
            return 0
        }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the sample round end to end in a scratch folder.",
        discussion:
            "Loads the sample registry and the round Dnr KS 2019/017, sends the mailout to an outbox in the folder and prints the status. Example:\n  samrad demo --dir /tmp/samrad-demo"
    )

    @Option(help: "The scratch folder (default: a new folder under the system's temporary folder).") var dir: String?

    func run() throws {
        try reporting {
            let directory: URL
            if let dir {
                directory = URL(fileURLWithPath: dir)
            } else {
                directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "samrad-demo-\(ProcessInfo.processInfo.processIdentifier)")
            }
            try Demo(directory: directory, say: { say($0) }).run()
            return 0
        }
    }
}
