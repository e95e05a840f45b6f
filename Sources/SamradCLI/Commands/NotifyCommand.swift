import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradReport
import SamradStore

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send a one-off message of a round, e.g. the decision, or tell the bodies what changed.",
        discussion: """
            Every active body of the kinds named gets one message (To its registry mailbox, Cc its secretary; a group without a mailbox, its members); running it again sends nothing new. The template is one of the round's own notices (templates: notices: in its file), the bundled beslut, or a .mustache file. With --changes, each body already mailed is told what changed in the round since it last heard, once per revision. Examples:
              samrad notify mal-2019 --template beslut --to boards,companies,groups --attach protokoll-kf-2019-06-24.pdf
              samrad notify mal-2019 --template ./tack.mustache --to boards
              samrad notify mal-2019 --changes
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "The template: a notice of the round's, beslut (bundled), or a .mustache file.") var template: String?
    @Option(help: "Who gets it: boards, companies, groups, comma-separated.") var to: String?
    @Option(help: "A file to attach; may be repeated.") var attach: [String] = []
    @Flag(help: "Tell the bodies already mailed what changed in the round's latest revision.") var changes = false
    @OptionGroup var delivery: DeliveryOptions

    func validate() throws {
        if changes && (template != nil || to != nil || !attach.isEmpty) {
            throw ValidationError("--changes goes alone: it tells the bodies already mailed, with the bundled or the round's own template")
        }
        if !changes && (template == nil || to == nil) {
            throw ValidationError("name the notice with --template and who gets it with --to, or tell what changed with --changes")
        }
    }

    func run() throws {
        if changes { return try runChanges() }
        guard let template, let to else { return }
        try reporting {
            let kinds = try to.split(separator: ",").map { word -> BodyKind in
                switch word.trimmingCharacters(in: .whitespaces).lowercased() {
                case "board", "boards", "nämnder": return .board
                case "company", "companies", "bolag": return .company
                case "group", "groups", "grupper": return .group
                default: throw SamradError(.usage, "--to takes boards, companies and groups, comma-separated; not '\(word)'")
                }
            }
            let workspace = try root.workspace()
            let summary = try Notifier(workspace).notify(
                id, template: template, kinds: kinds, attachments: attach, options: try delivery.options(for: id, root: root))
            ProgressBar.clear()
            if !summary.delivered { say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).") }
            say("\(summary.queued) new messages recorded; \(summary.already) bodies already had it.")
            let report = summary.report
            say(
                "This run: \(report.sent) deliveries \(summary.delivered ? "sent" : "written"), \(report.deferred.count) deferred, \(report.failed.count) failed."
            )
            DeliveryOptions.describe(report, round: nil)
            say(DeliveryOptions.standing(summary.standing, of: "the notices of \(id)"))
            for problem in report.failed { say("  failed   \(problem.delivery.recipient): \(problem.reply)") }
            return report.exitStatus
        }
    }

    func runChanges() throws {
        try reporting {
            let found = try Notifier(try root.workspace()).notifyChanges(id, options: try delivery.options(for: id, root: root))
            ProgressBar.clear()
            guard let summary = found.summary else {
                if found.changes.isEmpty {
                    say("Nothing changed in \(id) since revision \(found.from), which the bodies have: nothing to tell.")
                } else {
                    say("What changed since revision \(found.from) concerns no body mailed: nothing to tell.")
                    for change in found.changes { say("  \(TerminalText.safe(change.summary, singleLine: true))") }
                }
                return 0
            }
            if !summary.delivered { say("Nothing was sent by mail: SAMRAD_SMTP_URL is not set, so messages go to \(summary.transport).") }
            say("Changes from revision \(found.from) to \(found.to):")
            for change in found.changes { say("  \(TerminalText.safe(change.summary, singleLine: true))") }
            say(
                "\(summary.queued) new messages recorded for \(found.bodies.joined(separator: " ")); \(summary.already) bodies already had it."
            )
            let report = summary.report
            DeliveryOptions.describe(report, round: nil)
            say(DeliveryOptions.standing(summary.standing, of: "the notices of \(id)"))
            for problem in report.failed { say("  failed   \(problem.delivery.recipient): \(problem.reply)") }
            return report.exitStatus
        }
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The register (diarium) of a round: every message out and in, numbered without gaps.",
        discussion:
            "With --audit, the audit trail of every command that changed the round. Examples:\n  samrad log mal-2019\n  samrad log mal-2019 --format csv > diarium.csv\n  samrad log mal-2019 --audit"
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json
    }

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "text, csv (UTF-8 with BOM, ';', for Swedish Excel) or json.") var format: Format = .text
    @Flag(help: "Show the audit trail instead of the register.") var audit = false

    func run() throws {
        try reporting {
            let workspace = try root.workspace()
            _ = try ConsultationRegistrar.stored(id, in: workspace.database)
            if audit {
                let trail = try workspace.database.auditTrail(consultation: id)
                switch format {
                case .json: say(try JSONOutput.encode(trail))
                case .csv:
                    FileHandle.standardOutput.write(
                        SpreadsheetCSV.render(
                            header: ["tid", "användare", "kommando", "ändring"],
                            rows: trail.map { [SwedishTime.iso8601($0.at), $0.user, $0.command, $0.detail] }))
                case .text:
                    for entry in trail {
                        say(
                            "\(SwedishTime.short(entry.at))  \(entry.user)  \(entry.command): \(TerminalText.safe(entry.detail, singleLine: true))"
                        )
                    }
                }
                return 0
            }
            let entries = try workspace.database.register(consultation: id)
            switch format {
            case .json:
                say(try JSONOutput.encode(entries))
            case .csv:
                FileHandle.standardOutput.write(
                    SpreadsheetCSV.render(
                        header: ["diarienummer", "datum", "riktning", "motpart", "ärende", "slag", "status"],
                        rows: entries.map {
                            [
                                $0.registration, SwedishTime.iso8601($0.date), $0.direction == .incoming ? "in" : "ut", $0.counterpart,
                                $0.subject,
                                $0.kind, $0.state,
                            ]
                        }))
            case .text:
                for entry in entries {
                    say(
                        "\(entry.registration)  \(SwedishTime.short(entry.date))  \(entry.direction == .incoming ? "in " : "ut ")  "
                            + "\(entry.kind.padding(toLength: 10, withPad: " ", startingAt: 0)) \(TerminalText.safe(entry.counterpart, singleLine: true)) — "
                            + "\(TerminalText.safe(entry.subject, singleLine: true)) [\(entry.state)]"
                    )
                }
                say("\(entries.count) entries.")
            }
            return 0
        }
    }
}
