import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradReport

struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send a one-off message of a round, e.g. the decision, or tell the bodies what changed.",
        discussion: """
            Every active body of the kinds named gets one message (To its registry mailbox, Cc its secretary; a group without a mailbox, its members); running it again sends nothing new. The template is one of the round's own notices (templates: notices: in its file), the bundled beslut, or a .mustache file. With --changes, each body already mailed is told what changed in the round since it last heard, once per revision. Examples:
              samrad notify mal-2019 --template beslut --to boards,companies,groups \\
                --attach protokoll-kf-2019-06-24.pdf
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
            let kinds = try Self.kinds(to)
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
            return DeliveryOptions.reportNotices(report, standing: summary.standing, round: id)
        }
    }

    /// The kinds `--to` names: boards, companies, groups (or nämnder, bolag, grupper), comma-separated.
    static func kinds(_ to: String) throws -> [BodyKind] {
        try to.split(separator: ",").map { word -> BodyKind in
            switch word.trimmingCharacters(in: .whitespaces).lowercased() {
            case "board", "boards", "nämnder": return .board
            case "company", "companies", "bolag": return .company
            case "group", "groups", "grupper": return .group
            default: throw SamradError(.usage, "--to takes boards, companies and groups, comma-separated; not '\(word)'")
            }
        }
    }
}
