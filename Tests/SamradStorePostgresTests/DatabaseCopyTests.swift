import Foundation
import GRDB
import SamradCore
import SamradStore
import SamradStorePostgres
import SamradTestSupport
import Testing

/// `samrad db copy`: a SQLite database the commands made, copied into PostgreSQL and read back the same.
@Suite("Copying a SQLite database to PostgreSQL", .serialized)
struct DatabaseCopyTests {
    /// A workspace the `samrad` built beside the tests has worked in: the seed's registry, its round, and a mailout of
    /// which four messages went before the run stopped dead, one more in flight and the rest still queued; and an
    /// automatic reply imported, kept with its raw bytes.
    final class Workspace {
        let folder: URL
        var database: String { folder.appendingPathComponent("samrad.sqlite").path }

        static let executable: String = {
            let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("samrad").path
            if let beside, FileManager.default.isExecutableFile(atPath: beside) { return beside }
            return TestPaths.repository.appendingPathComponent(".build/debug/samrad").path
        }()

        init() throws {
            folder = try TestTools.temporaryFolder("db-copy")
            for name in ["contacts", "consultations"] {
                try FileManager.default.copyItem(
                    at: TestPaths.repository.appendingPathComponent(name).resolvingSymlinksInPath(), to: folder.appendingPathComponent(name)
                )
            }
            try samrad(["contacts", "load", "contacts"])
            try samrad(["consultation", "add", "consultations/mal-2019.yaml"])
            let send = try samrad(
                ["send", "mal-2019", "--connections", "1"], environment: ["SAMRAD_FAULT": "after-send:exit@5"], expecting: 137)
            #expect(send.status == 137)
            try samrad(["import", TestPaths.repository.appendingPathComponent("Sources/SamradApp/Demo/svar/2019-04-11-franvaro.eml").path])
        }

        /// Runs `samrad` in the workspace at the seed's first day; fails unless it ends with the status expected.
        @discardableResult
        func samrad(_ arguments: [String], environment: [String: String] = [:], expecting status: Int32 = 0) throws -> (
            status: Int32, output: String, error: String
        ) {
            try TestTools.require(Self.executable, package: "the samrad executable (swift build)")
            let run = try TestPaths.run(
                Self.executable, arguments, environment: ["SAMRAD_NOW": "2019-04-11T08:00"].merging(environment) { $1 }, in: folder)
            guard run.status == status else {
                throw TestSetupError("samrad \(arguments) ended with \(run.status), not \(status): \(run.output) \(run.error)")
            }
            return run
        }

        func remove() {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    @Test func aDatabaseTheCommandsMadeIsCopiedWholeAndReadsTheSame() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let server = try PostgresServer()
        defer { server.stop() }
        let settings = try LedgerSubject.settings(server, try server.createDatabase())

        let report = try PostgresDatabaseCopy.copy(from: workspace.database, to: settings)
        #expect(report.committed && report.identical)
        let rows = Dictionary(uniqueKeysWithValues: report.tables.map { ($0.name, $0.sourceRows) })
        #expect(rows["organization"] ?? 0 > 10)
        #expect(rows["contact"] ?? 0 > 10)
        #expect(rows["consultation"] == 1 && rows["consultation_revision"] == 1)
        #expect(rows["message"] ?? 0 > 10)
        #expect(rows["delivery"] ?? 0 > (rows["message"] ?? 0))
        #expect(rows["register_counter"] == 1)
        #expect(rows["audit"] ?? 0 >= 3)
        #expect(rows["incoming"] == 1)
        // A table after the tables it refers to.
        let order = report.tables.map(\.name)
        #expect(try #require(order.firstIndex(of: "organization")) < #require(order.firstIndex(of: "message")))
        #expect(try #require(order.firstIndex(of: "message")) < #require(order.firstIndex(of: "delivery")))
        #expect(report.tables.allSatisfy { $0.sourceChecksum.count == 64 && $0.sourceChecksum == $0.targetChecksum })

        let sqlite = try AppDatabase.open(path: workspace.database)
        let postgres = try PostgresStore(settings: settings)
        defer { postgres.close() }
        #expect(try postgres.consultations() == sqlite.consultations())
        #expect(try postgres.registry() == sqlite.registry())
        #expect(try postgres.joinedDates() == sqlite.joinedDates())
        let ledger = try sqlite.deliveries(consultation: "mal-2019")
        #expect(Set(ledger.map(\.state)) == [.sent, .sending, .queued])
        #expect(ledger.filter { $0.state == .sent }.count >= 4)
        #expect(try postgres.deliveries(consultation: "mal-2019") == ledger)
        let register = try sqlite.register(consultation: "mal-2019")
        #expect(register.contains { $0.direction == .incoming })
        #expect(try postgres.register(consultation: "mal-2019").count == register.count)
        for (copied, original) in zip(try postgres.register(consultation: "mal-2019"), register) where copied != original {
            Issue.record("register entry \(original.number): \(copied) ≠ \(original)")
        }
        #expect(try postgres.auditTrail(consultation: nil) == sqlite.auditTrail(consultation: nil))
        #expect(try postgres.auditTrail(consultation: nil).map(\.command).contains("send"))

        // The ids went on past the copied ones: a new message and its deliveries take new ids.
        let round = try #require(try postgres.consultation("mal-2019"))
        let body = try #require(round.consultation.recipients(in: try postgres.registry()).first)
        let notice = QueuedMessage(
            consultationID: "mal-2019", bodyID: body.id, kind: .notice, key: "notice-copy", messageID: "notice-copy@kommun.example",
            subject: "Ändrad tid", date: LedgerSubject.now,
            recipients: [Recipient(address: try EmailAddress("ny@kommun.example"), role: .to)])
        #expect(try postgres.queue([notice], now: LedgerSubject.now, audit: { _ in nil }) == 1)
        let maxID = try #require(ledger.map(\.id).max())
        #expect(try postgres.deliveries(consultation: "mal-2019").filter { $0.message.key == "notice-copy" }.allSatisfy { $0.id > maxID })
        #expect(
            try postgres.register(consultation: "mal-2019").last?.number
                == (try sqlite.register(consultation: "mal-2019").last?.number ?? 0) + 1)
    }

    @Test func aTargetThatIsNotEmptyIsRefusedAndLeftAsItWas() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let server = try PostgresServer()
        defer { server.stop() }
        let database = try server.createDatabase()
        let settings = try LedgerSubject.settings(server, database)
        let store = try PostgresStore(settings: settings)
        try store.loadRegistry([try LedgerSubject.body("B1")], now: LedgerSubject.now, audit: { _ in nil })
        store.close()

        let refusal = #expect(throws: DatabaseCopyError.self) { try PostgresDatabaseCopy.copy(from: workspace.database, to: settings) }
        #expect(refusal?.exitStatus == .cannotCreate)
        #expect(refusal?.description.contains("its table organization has 1 row;") == true, "\(refusal.map { "\($0)" } ?? "")")
        #expect(
            try server.psql(database: database, "SELECT string_agg(id, ',') FROM organization").trimmingCharacters(
                in: .whitespacesAndNewlines) == "B1")
        #expect(try server.psql(database: database, "SELECT count(*) FROM message").trimmingCharacters(in: .whitespacesAndNewlines) == "0")

        let missing = #expect(throws: DatabaseCopyError.self) {
            try PostgresDatabaseCopy.copy(from: workspace.folder.appendingPathComponent("finns-inte.sqlite").path, to: settings)
        }
        #expect(missing?.exitStatus == .noInput)

        // A SQLite table with rows that the PostgreSQL schema has no table for stops the copy before anything is written.
        try DatabaseQueue(path: workspace.database).write { db in
            try db.execute(
                sql: "CREATE TABLE kept_elsewhere (id INTEGER PRIMARY KEY, note TEXT); INSERT INTO kept_elsewhere (note) VALUES ('x')")
        }
        let empty = try server.createDatabase()
        let unknown = #expect(throws: DatabaseCopyError.self) {
            try PostgresDatabaseCopy.copy(from: workspace.database, to: try LedgerSubject.settings(server, empty))
        }
        #expect(unknown?.exitStatus == .dataError)
        #expect(unknown?.description.contains("the SQLite table kept_elsewhere has 1 row and") == true, "\(unknown.map { "\($0)" } ?? "")")
        #expect(
            try server.psql(database: empty, "SELECT count(*) FROM organization").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func theCommandCopiesPrintsEachTableAndRefusesASecondCopy() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let server = try PostgresServer()
        defer { server.stop() }
        let url = server.url(database: try server.createDatabase())
        let environment = ["SAMRAD_DB_PASSWORD_FILE": server.passwordFile]

        let copy = try workspace.samrad(["db", "copy", "--from", "sqlite:samrad.sqlite", "--to", url], environment: environment)
        let lines = copy.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("table") == true)
        for table in ["organization", "contact", "consultation", "consultation_revision", "message", "delivery", "audit"] {
            #expect(lines.contains { $0.hasPrefix(table + " ") && $0.hasSuffix("identical") }, "\(copy.output)")
        }
        #expect(!copy.output.contains("differs"))
        #expect(copy.output.contains("every one identical"))

        let again = try workspace.samrad(
            ["db", "copy", "--from", "sqlite:samrad.sqlite", "--to", url], environment: environment, expecting: 73)
        #expect(again.error.contains("is not empty: its table"), "\(again.error)")
        let usage = try workspace.samrad(["db", "copy", "--from", "samrad.sqlite", "--to", url], environment: environment, expecting: 64)
        #expect(usage.error.contains("sqlite:PATH"))
    }
}
