import Foundation
import SamradCore
import SamradStore
import Testing

@Suite("The database")
struct AppDatabaseTests {
    static let now = Date(timeIntervalSince1970: 1_554_962_400)

    static func body(_ id: String, mailbox: String? = nil, secretary: String? = nil) throws -> Body {
        Body(
            id: id, name: "Nämnd \(id)", kind: .board, mailbox: try EmailAddress(mailbox ?? "\(id.lowercased())@kommun.example"),
            contacts: try secretary.map { [Contact(name: "Sekreterare \(id)", role: .secretary, email: try EmailAddress($0))] } ?? [],
            meetings: [Meeting(try LocalDate(parsing: "2019-04-17"))])
    }

    static func round(deadline: String = "2019-05-17") throws -> Consultation {
        Consultation(
            id: "mal-2019", reference: "KS 2019/017", title: "Nya mål", summary: nil,
            from: Sender(name: "Kommunledningskontoret", email: try EmailAddress("kansli@kommun.example")), replyTo: nil, bounceTo: nil,
            recipients: RecipientSelection(kinds: [.board]), goalAreas: [GoalArea(id: 1, title: "Ett"), GoalArea(id: 2, title: "Två")],
            mailout: Mailout(date: try LocalDate(parsing: "2019-04-11")), deadline: try LocalDate(parsing: deadline), dialogues: [],
            reminders: ReminderRules(), milestones: [])
    }

    @Test func loadingTheSameRegistryTwiceChangesNothing() throws {
        let database = try AppDatabase.inMemory()
        let bodies = [try Self.body("BUN"), try Self.body("SN")]
        let first = try database.loadRegistry(bodies, now: Self.now, audit: { _ in nil })
        #expect(first.added == ["BUN", "SN"])
        let second = try database.loadRegistry(bodies, now: Self.now, audit: { _ in nil })
        #expect(second.isEmpty)
        #expect(try database.registry().bodies == bodies)
    }

    @Test func aSecondLoadReportsChangesAndRemovals() throws {
        let database = try AppDatabase.inMemory()
        try database.loadRegistry([try Self.body("BUN"), try Self.body("SN"), try Self.body("TN")], now: Self.now, audit: { _ in nil })
        let changes = try database.loadRegistry(
            [try Self.body("BUN", mailbox: "registrator@kommun.example"), try Self.body("SN"), try Self.body("MBN")], now: Self.now,
            audit: { _ in nil })
        #expect(changes.added == ["MBN"])
        #expect(changes.changed == ["BUN": ["mailbox"]])
        #expect(changes.removed == ["TN"])
        #expect(try database.registry()["TN"] == nil)
    }

    @Test func aBodyThatWasSentMailIsRetiredNotDeleted() throws {
        let database = try AppDatabase.inMemory()
        try database.loadRegistry([try Self.body("BUN"), try Self.body("SN")], now: Self.now, audit: { _ in nil })
        _ = try database.addConsultation(try Self.round(), source: "x", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
        try database.queue(
            [
                QueuedMessage(
                    consultationID: "mal-2019", bodyID: "SN", kind: .mailout, key: "mailout", messageID: "a.b@kommun.example",
                    subject: "S", date: Self.now, recipients: [Recipient(address: try EmailAddress("sn@kommun.example"), role: .to)])
            ], now: Self.now, audit: { _ in nil })
        let changes = try database.loadRegistry([try Self.body("BUN")], now: Self.now, audit: { _ in nil })
        #expect(changes.retired == ["SN"])
        #expect(changes.removed.isEmpty)
        let registry = try database.registry()
        #expect(registry.isRetired("SN"))
        #expect(registry.active().map(\.id) == ["BUN"])
        // Coming back in the files reinstates it.
        let back = try database.loadRegistry([try Self.body("BUN"), try Self.body("SN")], now: Self.now, audit: { _ in nil })
        #expect(back.reinstated == ["SN"])
        #expect(try database.registry().isRetired("SN") == false)
    }

    @Test func addingTheSameRoundAgainChangesNothingAndAChangeIsANewRevision() throws {
        let database = try AppDatabase.inMemory()
        try database.loadRegistry([try Self.body("BUN")], now: Self.now, audit: { _ in nil })
        #expect(
            try database.addConsultation(try Self.round(), source: "a", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil }) == .added
        )
        #expect(
            try database.addConsultation(try Self.round(), source: "a", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
                == .unchanged(revision: 1))
        let changed = try Self.round(deadline: "2019-05-24")
        #expect(
            try database.addConsultation(changed, source: "b", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
                == .revised(revision: 2))
        let stored = try #require(try database.consultation("mal-2019"))
        #expect(stored.revision == 2)
        #expect(stored.consultation.deadline.description == "2019-05-24")
    }

    @Test func statusCountsAnswersPerGoalAreaAndLateness() throws {
        let database = try AppDatabase.inMemory()
        try database.loadRegistry([try Self.body("BUN"), try Self.body("SN"), try Self.body("TN")], now: Self.now, audit: { _ in nil })
        _ = try database.addConsultation(try Self.round(), source: "a", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
        let beforeDeadline = Self.now.addingTimeInterval(86_400 * 7)
        let afterDeadline = try LocalDate(parsing: "2019-05-20").start
        try Self.answer(
            database, "BUN", at: beforeDeadline,
            [.init(goalArea: 1, stance: .supports, text: "Ja"), .init(goalArea: 2, stance: .opposes, text: "Nej")])
        try Self.answer(database, "SN", at: afterDeadline, [.init(goalArea: 2, stance: .neutral, text: "Kanske")])
        let stored = try #require(try database.consultation("mal-2019"))
        let status = try database.status(of: stored, now: afterDeadline)
        #expect(status.rows.map(\.id) == ["BUN", "SN", "TN"])
        #expect(status.rows[0].answers == ["1": .supports, "2": .opposes])
        #expect(status.rows[0].complete && !status.rows[0].late)
        #expect(status.rows[1].answers == ["2": .neutral])
        #expect(status.rows[1].late)
        #expect(status.rows[2].answers.isEmpty && status.rows[2].late)
        #expect(status.totals.answered == 1)
        #expect(status.totals.partlyAnswered == 1)
        #expect(status.totals.late == 2)
        let early = try database.status(of: stored, now: beforeDeadline)
        #expect(early.totals.late == 0)
    }

    @Test func aBodyThatAnsweredSomeAreasInTimeIsIncompleteNotLate() throws {
        let database = try AppDatabase.inMemory()
        try database.loadRegistry([try Self.body("BUN")], now: Self.now, audit: { _ in nil })
        _ = try database.addConsultation(try Self.round(), source: "a", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
        let weekBefore = try LocalDate(parsing: "2019-05-10").start
        try Self.answer(database, "BUN", at: weekBefore, [.init(goalArea: 1, stance: .supports, text: "Ja")])
        let stored = try #require(try database.consultation("mal-2019"))
        let status = try database.status(of: stored, now: try LocalDate(parsing: "2019-05-24").start)
        #expect(status.rows[0].answers == ["1": .supports])
        #expect(!status.rows[0].complete)
        #expect(!status.rows[0].late)
        #expect(status.totals.late == 0 && status.totals.partlyAnswered == 1)
    }

    /// Records an answer by letter, as `samrad answer` does.
    static func answer(_ database: AppDatabase, _ body: String, at date: Date, _ contributions: [Contribution]) throws {
        _ = try database.recordAnswer(
            ManualAnswer(
                match: RoundBody(consultation: "mal-2019", body: body), kind: .manual, source: "brev", date: date,
                late: date >= (try LocalDate(parsing: "2019-05-17")).end, contributions: contributions), now: date
        ) { _ in AuditNote(command: "answer", consultation: "mal-2019", detail: "test", user: "test", at: date) }
    }

    @Test func theDatabaseFileIsPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("samrad.sqlite").path
        _ = try AppDatabase.open(path: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
