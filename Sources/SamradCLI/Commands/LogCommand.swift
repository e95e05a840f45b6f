import ArgumentParser
import Foundation
import SamradApp

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The register (diarium) of a round: every message out and in, numbered without gaps.",
        discussion:
            "With --audit, the audit trail of every command that changed the round. Examples:\n  samrad log mal-2019\n  samrad log mal-2019 --format csv > diarium.csv\n  samrad log mal-2019 --body BUN\n  samrad log mal-2019 --audit"
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "text, csv (UTF-8 with BOM, ';', for Swedish Excel) or json.") var format: Format = .text
    @Flag(help: "Show the audit trail instead of the register.") var audit = false
    @Option(help: "Only one body's messages, e.g. BUN (the register only).") var body: String?

    func validate() throws {
        if audit && body != nil {
            throw ValidationError("--body filters the register; for one body's whole history use 'samrad history ID BODY'")
        }
    }

    func run() throws {
        try reporting {
            let rounds = Rounds(try root.workspace())
            if audit {
                let trail = try rounds.auditTrail(id)
                switch format {
                case .json: say(try JSONOutput.encode(trail))
                case .csv: FileHandle.standardOutput.write(RegisterText.auditCSV(trail))
                case .text: if !trail.isEmpty { say(RegisterText.auditTable(trail).joined(separator: "\n")) }
                }
                return 0
            }
            let entries = try rounds.register(id, body: body)
            switch format {
            case .json: say(try JSONOutput.encode(entries))
            case .csv: FileHandle.standardOutput.write(RegisterText.csv(entries, outbox: try rounds.outbox(id, entries: entries)))
            case .text: say(RegisterText.table(entries, outbox: try rounds.outbox(id, entries: entries)).joined(separator: "\n"))
            }
            return 0
        }
    }
}
