import ArgumentParser
import Foundation
import SamradApp

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the sample round end to end in a scratch folder.",
        discussion:
            "Loads the sample registry and the round Dnr KS 2019/017, sends the mailout to an outbox in the folder and prints the status. With SAMRAD_PUBLIC_URL set, the round uses the answer portal and its messages carry each body's link ('samrad serve' then serves it). Example:\n  samrad demo --dir /tmp/samrad-demo"
    )

    @ParentCommand var root: SamradCommand
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
            var demo = Demo(directory: directory, say: { say($0) })
            // With SAMRAD_PUBLIC_URL the round uses the answer portal: its messages carry each body's link.
            demo.publicURL = try root.settings().publicURL
            try demo.run()
            return 0
        }
    }
}
