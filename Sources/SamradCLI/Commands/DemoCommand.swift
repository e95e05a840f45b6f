import ArgumentParser
import Foundation
import SamradApp

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the sample round end to end in a scratch folder.",
        discussion:
            "Loads the sample registry and the round Dnr KS 2019/017, sends the mailout to an outbox in the folder and prints the status. With SAMRAD_PUBLIC_URL set, the round uses the answer portal and its messages carry each body's link ('samrad serve' then serves it). With SAMRAD_DB=postgres://… (or --db) it runs in that PostgreSQL database, which must be empty (the password in the file SAMRAD_DB_PASSWORD_FILE names). Examples:\n  samrad demo --dir /tmp/samrad-demo\n  samrad --db postgres://samrad@127.0.0.1/demo?sslmode=disable demo"
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
            let settings = try root.settings()
            demo.publicURL = settings.publicURL
            // With SAMRAD_DB=postgres://… the demo runs in that (empty) database; a SQLite file is always a new one.
            if case .postgres = settings.database { demo.server = (settings.databasePath, settings.database) }
            demo.command = Self.invocation()
            try demo.run()
            return 0
        }
    }

    /// `samrad` when the `samrad` on the PATH is this binary, else this binary's path: the demo's closing lines work
    /// when copied, e.g. after Scripts/demo, which puts nothing on the PATH.
    static func invocation() -> String {
        let me = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath().path
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("samrad")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            return candidate.resolvingSymlinksInPath().path == me ? "samrad" : me
        }
        return me
    }
}
