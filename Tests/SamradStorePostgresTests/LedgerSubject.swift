import Foundation
import GRDB
import SamradCore
import SamradStore
import SamradStorePostgres
import SamradTestSupport

/// The two stores the conformance suite runs against.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }
}

/// The store under test, on one of the backends, with a registry of boards B1… and the round `mal-2019` in it (loaded
/// through the store's own API), and the means to look under the store's API (raw SQL) as a person with the database's
/// own tools would.
final class LedgerSubject: @unchecked Sendable {
    typealias Store = any Ledger & RegisterStore & RegistryStore & RoundStore & ScheduleStore

    static let now = Date(timeIntervalSince1970: 1_554_962_400)  // 2019-04-11 08:00 Swedish time
    static let round = "mal-2019"

    let backend: Backend
    /// The store the test uses.
    let store: Store
    private let folder: URL?
    private let server: PostgresServer?
    private let database: String?
    private var opened: [PostgresStore] = []

    /// A store with `bodies` boards and the round loaded; with `bodies: 0`, an empty one.
    init(_ backend: Backend, bodies: Int = 3) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let folder = try TestTools.temporaryFolder("store-conformance")
            store = try AppDatabase.open(path: folder.appendingPathComponent("samrad.sqlite").path)
            self.folder = folder
            server = nil
            database = nil
        case .postgres:
            let server = try PostgresServer()
            do {
                let database = try server.createDatabase()
                self.server = server
                self.database = database
                folder = nil
                let postgres = try PostgresStore(settings: try Self.settings(server, database))
                store = postgres
                opened.append(postgres)
            } catch {
                server.stop()
                throw error
            }
        }
        guard bodies > 0 else { return }
        do {
            try store.loadRegistry(try (1...bodies).map { try Self.body("B\($0)") }, now: Self.now, audit: { _ in nil })
            _ = try store.addConsultation(
                try Self.consultation(), source: "round", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
        } catch {
            remove()
            throw error
        }
    }

    static func settings(_ server: PostgresServer, _ database: String) throws -> PostgresSettings {
        try PostgresSettings(url: server.url(database: database), passwordFile: server.passwordFile, caFile: nil)
    }

    /// The same database opened again, as a second process (or host) would.
    func reopen() throws -> Store {
        switch backend {
        case .sqlite:
            return try AppDatabase.open(path: folder!.appendingPathComponent("samrad.sqlite").path)
        case .postgres:
            let store = try PostgresStore(settings: try Self.settings(server!, database!))
            opened.append(store)
            return store
        }
    }

    /// Runs SQL under the store's API; throws with the database's error when it refuses.
    func rawSQL(_ sql: String) throws {
        switch backend {
        case .sqlite:
            try DatabaseQueue(path: folder!.appendingPathComponent("samrad.sqlite").path).write { db in try db.execute(sql: sql) }
        case .postgres:
            try server!.psql(database: database!, sql)
        }
    }

    /// The first column of a one-row query, as an integer.
    func count(_ sql: String) throws -> Int {
        switch backend {
        case .sqlite:
            return try DatabaseQueue(path: folder!.appendingPathComponent("samrad.sqlite").path).read { db in
                try Int.fetchOne(db, sql: sql) ?? -1
            }
        case .postgres:
            return Int(try server!.psql(database: database!, sql).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
    }

    /// Closes what was opened and stops the server (PostgreSQL) or removes the file (SQLite).
    func remove() {
        for store in opened { store.close() }
        opened.removeAll()
        server?.stop()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    static func body(_ id: String) throws -> Body {
        Body(
            id: id, name: "Nämnd \(id)", kind: .board, mailbox: try EmailAddress("\(id.lowercased())@kommun.example"),
            contacts: [
                Contact(name: "Sekreterare \(id)", role: .secretary, email: try EmailAddress("sek.\(id.lowercased())@kommun.example"))
            ],
            meetings: [])
    }

    static func consultation() throws -> Consultation {
        Consultation(
            id: round, reference: "KS 2019/017", title: "Nya mål", summary: nil,
            from: Sender(name: "Kommunledningskontoret", email: try EmailAddress("kansli@kommun.example")), replyTo: nil, bounceTo: nil,
            recipients: RecipientSelection(kinds: [.board]), goalAreas: [GoalArea(id: 1, title: "Ett"), GoalArea(id: 2, title: "Två")],
            mailout: Mailout(date: try LocalDate(parsing: "2019-04-11")), deadline: try LocalDate(parsing: "2019-05-17"), dialogues: [],
            reminders: ReminderRules(), milestones: [])
    }

    /// A message of one body: To its mailbox, Cc its secretary.
    static func message(_ body: String, key: String = "mailout", kind: MessageKind = .mailout) throws -> QueuedMessage {
        QueuedMessage(
            consultationID: round, bodyID: body, kind: kind, key: key, messageID: "\(round).\(body).\(key)@kommun.example",
            subject: "Begäran om synpunkter", date: now,
            recipients: [
                Recipient(address: try EmailAddress("\(body.lowercased())@kommun.example"), role: .to),
                Recipient(address: try EmailAddress("sek.\(body.lowercased())@kommun.example"), role: .cc),
            ])
    }

    static func note(_ detail: String) -> AuditNote {
        AuditNote(command: "send", consultation: round, detail: detail, user: "handläggare", at: now)
    }
}
