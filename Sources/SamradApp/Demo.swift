import Foundation
import SamradCore
import SamradMail
import SamradReport
import SamradStore

/// The seed's round end to end in a scratch folder: the first thing a coordinator runs.
public struct Demo: Sendable {
    /// The folder the demo works in.
    public let directory: URL
    /// Where each step's text goes.
    let say: @Sendable (String) -> Void
    /// The answer portal's address: when set, the round uses the portal (`portal: true`) and its messages carry
    /// each body's link, for `samrad serve` on the demo's database.
    /// How the closing lines call samrad: `samrad` when it is on the PATH, else the path of the binary that ran.
    public var command = "samrad"
    public var publicURL: PublicURL?
    /// A PostgreSQL database to run in (`SAMRAD_DB=postgres://…`), which must be empty; nil for a new SQLite file in the
    /// folder.
    public var server: (url: String, location: DatabaseLocation)?

    /// Creates the demo for a folder (created when missing).
    public init(directory: URL, say: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.say = say
    }

    /// The sample registry and round shipped with Samråd.
    public static var sampleFolder: URL? {
        Bundle.module.url(forResource: "Demo", withExtension: nil)
    }

    /// The instants the demo moves the clock through.
    static let mailoutDay = LocalDateTime.at("2019-04-11T08:00")
    static let dayAfterDeadline = LocalDateTime.at("2019-05-27T09:00")
    static let lastDay = LocalDateTime.at("2019-05-31T00:00").date
    /// The body whose mailout the demo previews, and how many of its lines it shows.
    static let previewBody = "SBN"
    static let previewLines = 16
    /// The day the second budget dialogue moves to another room, and the bodies invited to it are told.
    static let changeDay = LocalDateTime.at("2019-04-29T08:00")

    /// A short Swedish-English label for a kind of send in the demo's day lines.
    static func kindLabel(_ what: String) -> String {
        if what == "mailout" { return "mailout" }
        if what.hasPrefix("invitation update") { return "calendar updates" }
        if what.hasPrefix("invitation") { return "invitations" }
        if what.hasPrefix("cancellation") { return "cancellations" }
        if what.hasPrefix("before_dialogue") { return "reminders before the dialogue" }
        if what.hasPrefix("before_own_meeting") { return "agenda reminders to secretaries" }
        if what.hasPrefix("before_deadline") { return "reminders before the deadline" }
        if what.hasPrefix("after_deadline") { return "reminders after the deadline (chair copied)" }
        return what
    }

    /// Moves the second budget dialogue to another room in the round's file, adds the file again (a new revision)
    /// and tells the bodies invited what changed, as a coordinator does with `consultation add` and
    /// `notify --changes`.
    func moveDialogue(_ roundFile: String, in workspace: Workspace) throws {
        let text = try String(contentsOfFile: roundFile, encoding: .utf8)
        let moved = text.replacingOccurrences(of: "Stadshuset, Hemstasalen", with: "Kulturhuset, stora salen")
        guard moved != text else { return }
        try Data(moved.utf8).write(to: URL(fileURLWithPath: roundFile), options: .atomic)
        let addition = try ConsultationRegistrar(workspace).add(file: roundFile)
        let told = try Notifier(workspace).notifyChanges(addition.consultation.id)
        say(
            "   \(Self.changeDay.date) \(Self.changeDay.date.swedishWeekday.prefix(3)): the round's file changed "
                + "(\(addition.changes.map(\.summary).joined(separator: "; "))): revision \(told.to), "
                + "\(told.bodies.count) bodies told with 'samrad notify --changes'")
    }

    /// Runs the demo and returns the workspace it used.
    @discardableResult
    public func run() throws -> Workspace {
        guard let sample = Self.sampleFolder else {
            throw SamradError(.software, "the sample registry is missing from this installation of samrad")
        }
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        for folder in ["contacts", "consultations", "svar"] {
            let target = directory.appendingPathComponent(folder)
            if files.fileExists(atPath: target.path) { try files.removeItem(at: target) }
            try files.copyItem(at: sample.appendingPathComponent(folder), to: target)
        }
        if publicURL != nil {
            let round = directory.appendingPathComponent("consultations/mal-2019.yaml")
            try Data((try String(contentsOf: round, encoding: .utf8) + "portal: true\n").utf8).write(to: round, options: .atomic)
        }
        let outbox = directory.appendingPathComponent("outbox")
        if files.fileExists(atPath: outbox.path) { try files.removeItem(at: outbox) }
        let databasePath: String
        let database: any Store
        if let server {
            databasePath = server.url
            database = try server.location.open()
            // A shared database holds a municipality's rounds: the demo adds its sample only to an empty one.
            guard try database.registry().bodies.isEmpty, try database.consultations().isEmpty else {
                throw SamradError(
                    .configuration,
                    "the demo runs only in an empty database, and \(server.location) "
                        + "has a registry or rounds already; create an empty one (createdb samrad_demo) and name it in SAMRAD_DB")
            }
        } else {
            databasePath = directory.appendingPathComponent("samrad.sqlite").path
            for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: databasePath + suffix) {
                try files.removeItem(atPath: databasePath + suffix)
            }
            database = try AppDatabase.open(path: databasePath)
        }
        let transport = OutboxTransport(directory: outbox)
        let publicURL = self.publicURL
        func workspace(at time: LocalDateTime) -> Workspace {
            let instant = time.instant
            var workspace = Workspace(database: database, now: { instant }, transport: transport)
            workspace.publicURL = publicURL
            return workspace
        }

        say("Samråd demo in \(directory.path)")
        say("")
        let early = workspace(at: LocalDateTime.at("2019-04-01T09:00"))
        let changes = try RegistryLoader(early).load(directory: directory.appendingPathComponent("contacts").path)
        let registry = try database.registry()
        say(
            "1. The registry (contacts/): \(changes.added.count) bodies — \(registry.active(kind: .board).count) boards, "
                + "\(registry.active(kind: .company).count) companies, \(registry.active(kind: .group).count) group.")
        let roundFile = directory.appendingPathComponent("consultations/mal-2019.yaml").path
        let round = try ConsultationRegistrar(early).add(file: roundFile).consultation
        say(
            "2. The round \(round.id): \(round.title) (Dnr \(round.reference)), \(round.goalAreas.count) goal areas, "
                + "deadline \(round.deadline), dialogues \(round.dialogues.map { $0.start.date.description }.joined(separator: " and ")).")
        let preview = try MessagePreview(workspace(at: Self.mailoutDay)).mailout(round.id, body: Self.previewBody)
        say("   Before anything goes, 'samrad send \(round.id) --preview \(Self.previewBody)' shows one body's mailout whole:")
        for line in preview.split(separator: "\n", omittingEmptySubsequences: false).prefix(Self.previewLines) {
            say("   │ \(line)")
        }
        say("   │ … (nothing is recorded by a preview)")

        // The spring, one working day at a time, as the cron job would run it.
        say("3. The spring, as 'samrad remind' from cron would run it each working day (messages go to the outbox):")
        let calendar = WorkingDayCalendar()
        var day = Self.mailoutDay.date
        var total = 0
        // The replies that come back, each imported on the day it was written (its file name starts with the date).
        let replies = directory.appendingPathComponent("svar")
        var waiting = try files.contentsOfDirectory(atPath: replies.path).sorted()
        while day <= Self.lastDay {
            defer { day = day.adding(days: 1) }
            let evening = SwedishTime.instant(day, hour: 17, minute: 0)
            let arrived = waiting.filter { $0 <= "\(day)-~" }
            waiting.removeAll { arrived.contains($0) }
            if !arrived.isEmpty {
                let importer = try FeedbackImporter(
                    Workspace(database: database, now: { evening }, transport: transport),
                    attachmentFolder: directory.appendingPathComponent("attachments"))
                let results = try importer.importPaths(
                    arrived.map { replies.appendingPathComponent($0).path }, consultation: round.id, format: nil)
                let lines = results.map { result in
                    let kinds = result.imported.map { "\($0.value) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
                    return "\(URL(fileURLWithPath: result.path).lastPathComponent): \(result.refusal ?? kinds)"
                }
                say("   \(day) \(day.swedishWeekday.prefix(3)): imported \(lines.joined(separator: "; "))")
            }
            guard calendar.isWorkingDay(day) else { continue }
            if day == Self.changeDay.date { try moveDialogue(roundFile, in: workspace(at: Self.changeDay)) }
            let morning = SwedishTime.instant(day, hour: 8, minute: 5)
            var run = Workspace(database: database, now: { morning }, transport: transport)
            run.publicURL = publicURL
            let report = try Reminders(run, calendar: calendar).run()
            guard !report.actions.isEmpty else { continue }
            total += report.deliveries.sent
            let kinds = Dictionary(grouping: report.actions, by: { Self.kindLabel($0.what) })
                .map { "\($0.value.count) \($0.key)" }.sorted().joined(separator: ", ")
            say("   \(day) \(day.swedishWeekday.prefix(3)): \(kinds)")
        }
        say("   \(total) deliveries written to \(outbox.path).")

        let calendarFile = directory.appendingPathComponent("mal-2019.ics")
        try Data(try RoundCalendar(workspace(at: Self.dayAfterDeadline)).publish(round.id).utf8).write(to: calendarFile, options: .atomic)
        try review(round.id, in: workspace(at: Self.dayAfterDeadline))
        let status = try RoundStatus(workspace(at: Self.dayAfterDeadline)).status(round.id)
        say("")
        say("5. Status on \(Self.dayAfterDeadline.date), after the deadline:")
        say("")
        say(StatusTable.render(status))
        let decisionDay = LocalDateTime.at("2019-06-25T09:00")
        let decision = try Notifier(workspace(at: decisionDay)).notify(
            round.id, template: "beslut", kinds: [.board, .company, .group], attachments: [])
        say("")
        say(
            "6. \(decisionDay.date): the council's decision of 24 June to every board, company and the management group: "
                + "\(decision.queued) messages, \(decision.report.sent) deliveries.")
        let report = try RoundReport(workspace(at: decisionDay)).build(round.id)
        let html = directory.appendingPathComponent("report.html")
        try Data(HTMLReport.render(report).utf8).write(to: html, options: .atomic)
        try Data(MarkdownReport.render(report).utf8).write(to: directory.appendingPathComponent("report.md"), options: .atomic)
        say("")
        say("7. The compilation for the strategic development programme: \(html.path) (and report.md).")
        say("")
        say("Open next:")
        say("  \(html.path)             # the report, in a web browser; it prints as an attachment to the decision")
        say("  ls \(outbox.path)")
        say("  \(command) --db \(databasePath) schedule \(round.id)      # every send, its date and why")
        say("  \(command) --db \(databasePath) status \(round.id)")
        say("  \(command) --db \(databasePath) status \(round.id) --body MBN   # one body: each stance and where it was read")
        say("  \(command) --db \(databasePath) review \(round.id) --all")
        say("  \(calendarFile.path)              # the round's calendar, for a calendar program")
        let mailoutDay = workspace(at: Self.mailoutDay)
        return mailoutDay
    }
}

extension Demo {
    /// What the coordinator does after the deadline: looks at what the reading was unsure of, corrects it, records
    /// an answer that came by letter, and assigns a note that matched no body.
    func review(_ round: String, in workspace: Workspace) throws {
        let items = try RoundReview(workspace).items(round)
        say("")
        say("4. \(LocalDate(containing: workspace.now())): 'samrad review' lists what a person should look at:")
        for line in RoundReview.render(items, round: round).split(separator: "\n") { say("   \(line)") }
        let recorder = AnswerRecorder(workspace, attachmentFolder: directory.appendingPathComponent("attachments"))
        // The minutes of Miljö- och byggnadsnämnden say what its mail left open: area 3 is opposed as it stands.
        _ = try recorder.record(
            .init(
                consultation: round, body: "MBN", areas: [3], stance: .opposes,
                text: "Protokoll 2019-05-27 § 54: målområde 3 avstyrks i nuvarande form."))
        say("   samrad answer \(round) MBN --area 3 --stance avstyrker --text '…': the reading of area 3 corrected.")
        // Krisledningsnämnden answered by letter.
        let letter = try recorder.record(
            .init(
                consultation: round, body: "KRN", areas: [1, 2, 3, 4], stance: .declines,
                text: "Krisledningsnämnden avstår från att yttra sig.", date: LocalDateTime.at("2019-05-15T10:00").instant,
                source: .brev))
        say(
            "   samrad answer \(round) KRN --area 1 … --area 4 --stance avstår --source brev: the letter registered as "
                + "\(letter.registration ?? "—").")
        // The note from the secretary Överförmyndarnämnden and Valnämnden share was about Överförmyndarnämnden.
        if let note = items.first(where: { $0.kind == .unmatched }), let message = note.message {
            let importer = try FeedbackImporter(workspace, attachmentFolder: directory.appendingPathComponent("attachments"))
            let number = try importer.assign(messageID: message, body: "OFN", consultation: round)
            say("   samrad assign '\(message)' OFN: the shared secretary's note is Överförmyndarnämnden's answer (\(number)).")
        }
    }
}

extension LocalDateTime {
    /// A time from a literal the demo knows to be valid.
    static func at(_ text: String) -> LocalDateTime {
        guard let value = try? LocalDateTime(parsing: text) else { preconditionFailure("bad demo time \(text)") }
        return value
    }
}
