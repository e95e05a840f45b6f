import Foundation
import GRDB
import SamradCore
import SamradStore

/// A database file in a temporary folder (a real `DatabasePool`, as the command opens it), with a
/// registry of boards and the round `mal-2019`, for tests of claims, records and races. The tests reach it
/// through the ``Store`` protocols only, as SamradApp does.
struct StoreFixture {
    static let now = Date(timeIntervalSince1970: 1_554_962_400)  // 2019-04-11 08:00 Swedish time

    let folder: URL
    let database: any Store

    /// A fresh database with `bodies` boards (B1, B2, …), each with a mailbox and a secretary.
    init(bodies: Int = 3) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try AppDatabase.open(path: folder.appendingPathComponent("samrad.sqlite").path)
        try database.loadRegistry(try (1...bodies).map { try Self.body("B\($0)") }, now: Self.now, audit: { _ in nil })
        _ = try database.addConsultation(try Self.round(), source: "round", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
    }

    /// Opens the same file again, as a second process would.
    func reopen() throws -> any Store {
        try AppDatabase.open(path: folder.appendingPathComponent("samrad.sqlite").path)
    }

    /// The rows of a table, counted through a connection of the test's own, under the store's API.
    func count(_ table: String) throws -> Int {
        try DatabaseQueue(path: folder.appendingPathComponent("samrad.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    static func body(_ id: String) throws -> Body {
        Body(
            id: id, name: "Nämnd \(id)", kind: .board, mailbox: try EmailAddress("\(id.lowercased())@kommun.example"),
            contacts: [
                Contact(name: "Sekreterare \(id)", role: .secretary, email: try EmailAddress("sek.\(id.lowercased())@kommun.example"))
            ],
            meetings: [])
    }

    static func round(id: String = "mal-2019") throws -> Consultation {
        Consultation(
            id: id, reference: "KS 2019/017", title: "Nya mål", summary: nil,
            from: Sender(name: "Kommunledningskontoret", email: try EmailAddress("kansli@kommun.example")), replyTo: nil, bounceTo: nil,
            recipients: RecipientSelection(kinds: [.board]), goalAreas: [GoalArea(id: 1, title: "Ett"), GoalArea(id: 2, title: "Två")],
            mailout: Mailout(date: try LocalDate(parsing: "2019-04-11")), deadline: try LocalDate(parsing: "2019-05-17"), dialogues: [],
            reminders: ReminderRules(), milestones: [])
    }

    /// The mailout of one body: To its mailbox, Cc its secretary.
    static func mailout(_ body: String, round: String = "mal-2019") throws -> QueuedMessage {
        QueuedMessage(
            consultationID: round, bodyID: body, kind: .mailout, key: "mailout", messageID: "\(round).\(body)@kommun.example",
            subject: "Begäran om synpunkter", date: now,
            recipients: [
                Recipient(address: try EmailAddress("\(body.lowercased())@kommun.example"), role: .to),
                Recipient(address: try EmailAddress("sek.\(body.lowercased())@kommun.example"), role: .cc),
            ])
    }

    /// Queues the mailout of every body; returns the number of deliveries.
    @discardableResult
    func queueMailouts(bodies: Int = 3) throws -> Int {
        try database.queue(try (1...bodies).map { try Self.mailout("B\($0)") }, now: Self.now, audit: { _ in nil })
        return bodies * 2
    }

    static let everything = DueDeliveries(consultation: nil, includeDeferred: true)
}
