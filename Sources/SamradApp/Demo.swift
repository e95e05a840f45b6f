import Foundation
import SamradCore
import SamradMail
import SamradStore

/// The seed's round end to end in a scratch folder: the first thing a coordinator runs.
public struct Demo: Sendable {
    /// The folder the demo works in.
    public let directory: URL
    /// Where each step's text goes.
    let say: @Sendable (String) -> Void

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
    static let dayAfterDeadline = LocalDateTime.at("2019-05-20T09:00")

    /// Runs the demo and returns the workspace it used.
    @discardableResult
    public func run() throws -> Workspace {
        guard let sample = Self.sampleFolder else {
            throw SamradError(.software, "the sample registry is missing from this installation of samrad")
        }
        let files = FileManager.default
        try files.createDirectory(at: directory, withIntermediateDirectories: true)
        for folder in ["contacts", "consultations"] {
            let target = directory.appendingPathComponent(folder)
            if files.fileExists(atPath: target.path) { try files.removeItem(at: target) }
            try files.copyItem(at: sample.appendingPathComponent(folder), to: target)
        }
        let outbox = directory.appendingPathComponent("outbox")
        if files.fileExists(atPath: outbox.path) { try files.removeItem(at: outbox) }
        let databasePath = directory.appendingPathComponent("samrad.sqlite").path
        for suffix in ["", "-wal", "-shm"] where files.fileExists(atPath: databasePath + suffix) {
            try files.removeItem(atPath: databasePath + suffix)
        }
        let database = try AppDatabase.open(path: databasePath)
        let transport = OutboxTransport(directory: outbox)
        func workspace(at time: LocalDateTime) -> Workspace {
            let instant = time.instant
            return Workspace(database: database, now: { instant }, transport: transport)
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
        let (round, _) = try ConsultationRegistrar(early).add(file: roundFile)
        say(
            "2. The round \(round.id): \(round.title) (Dnr \(round.reference)), \(round.goalAreas.count) goal areas, "
                + "deadline \(round.deadline), dialogues \(round.dialogues.map { $0.start.date.description }.joined(separator: " and ")).")

        let mailoutDay = workspace(at: Self.mailoutDay)
        let summary = try MailoutSender(mailoutDay).send(round.id)
        say(
            "3. \(Self.mailoutDay.date): the mailout to \(summary.queued) bodies, \(summary.report.sent) deliveries (To and Cc) "
                + "written to \(summary.transport).")

        let status = try RoundStatus(workspace(at: Self.dayAfterDeadline)).status(round.id)
        say("4. Status on \(Self.dayAfterDeadline.date), after the deadline:")
        say("")
        say(StatusTable.render(status))
        say("")
        say("Open next:")
        say("  ls \(outbox.path)                 # one .eml per body")
        say("  samrad --db \(databasePath) status \(round.id)")
        say("  samrad --db \(databasePath) consultation show \(round.id)")
        return mailoutDay
    }
}

extension LocalDateTime {
    /// A time from a literal the demo knows to be valid.
    static func at(_ text: String) -> LocalDateTime {
        guard let value = try? LocalDateTime(parsing: text) else { preconditionFailure("bad demo time \(text)") }
        return value
    }
}
