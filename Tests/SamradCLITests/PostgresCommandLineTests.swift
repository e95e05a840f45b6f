import Foundation
import SamradTestSupport
import Testing

/// The commands on PostgreSQL (`SAMRAD_DB=postgres://…`), against a cluster of the test's own.
///
/// The same round through the same commands, once on a SQLite file and once on a PostgreSQL database, prints the same
/// thing at every step: what a coordinator sees does not depend on the database. Several processes sharing one
/// PostgreSQL database send each message once, counted at the SMTP server.
@Suite("The commands on PostgreSQL", .serialized)
struct PostgresCommandLineTests {
    /// The round's spring as a coordinator runs it: each step's clock and command.
    static let steps: [(now: String, arguments: [String])] = [
        ("2019-04-01T09:00", ["init"]),
        ("2019-04-01T09:00", ["contacts", "load", "contacts"]),
        ("2019-04-01T09:00", ["consultation", "add", "consultations/mal-2019.yaml"]),
        ("2019-04-11T08:00", ["send", "mal-2019"]),
        ("2019-04-11T08:00", ["send", "mal-2019"]),
        ("2019-04-23T08:05", ["remind"]),
        ("2019-05-21T17:00", ["import", "svar"]),
        ("2019-05-21T17:00", ["import", "svar"]),
        ("2019-05-27T09:00", ["remind"]),
        ("2019-05-27T09:00", ["status", "mal-2019"]),
        ("2019-05-27T09:00", ["status", "mal-2019", "--body", "MBN"]),
        ("2019-05-27T09:00", ["unmatched"]),
        ("2019-05-27T09:00", ["review", "mal-2019", "--all"]),
        ("2019-05-27T09:00", ["schedule", "mal-2019"]),
        ("2019-05-27T09:00", ["deliveries", "mal-2019"]),
        ("2019-05-27T09:00", ["log", "mal-2019"]),
        ("2019-05-27T09:00", ["history", "mal-2019", "KFN"]),
        ("2019-06-25T09:00", ["report", "mal-2019", "--format", "md"]),
        ("2019-06-25T09:00", ["report", "mal-2019", "--format", "csv"]),
        ("2019-06-25T09:00", ["consultation", "close", "mal-2019"]),
        ("2019-06-25T09:00", ["consultation", "list"]),
    ]

    /// Runs the steps in a new folder with the given database, and returns each step's status and output, with what
    /// differs between two runs by design (the folder, random Message-IDs and tokens) replaced by a marker.
    static func spring(database: String?, environment: [String: String] = [:]) throws -> [String] {
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try FileManager.default.copyItem(
            at: TestPaths.repository.appendingPathComponent("Sources/SamradApp/Demo/svar"), to: samrad.folder.appendingPathComponent("svar")
        )
        var results: [String] = []
        for step in steps {
            samrad.now = step.now
            var arguments = step.arguments
            if let database { arguments = ["--db", database] + arguments }
            let run = try TestPaths.run(
                Samrad.executable, arguments, environment: environment.merging(["SAMRAD_NOW": step.now]) { $1 }, in: samrad.folder)
            results.append(
                "$ samrad \(step.arguments.joined(separator: " ")) → \(run.status)\n"
                    + normalised(run.output + run.error, folder: samrad.folder, database: database))
        }
        return results
    }

    /// The output with the folder, the database, Message-IDs and random tokens replaced by markers.
    static func normalised(_ text: String, folder: URL, database: String?) -> String {
        var text = text
        if let database { text = text.replacingOccurrences(of: database, with: "DATABASE") }
        text = text.replacingOccurrences(of: folder.resolvingSymlinksInPath().path, with: "FOLDER")
            .replacingOccurrences(of: folder.path, with: "FOLDER")
        text = text.replacingOccurrences(of: "FOLDER/samrad.sqlite", with: "DATABASE")
            .replacingOccurrences(of: "samrad.sqlite", with: "DATABASE")
        for (pattern, marker) in [
            (#"<[^<>@\s]+@[^<>\s]+>"#, "<MESSAGE-ID>"), (#"\b[0-9a-f]{16,}\b"#, "TOKEN"), (#"\b[A-Za-z0-9_-]{22,}\b"#, "TOKEN"),
        ] {
            text = text.replacingOccurrences(of: pattern, with: marker, options: .regularExpression)
        }
        return text
    }

    @Test func aRoundPrintsTheSameOnPostgreSQLAsOnSQLite() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = server.url(database: try server.createDatabase())
        let environment = ["SAMRAD_DB_PASSWORD_FILE": server.passwordFile]
        let onSQLite = try Self.spring(database: nil)
        let onPostgres = try Self.spring(database: url, environment: environment)
        #expect(onSQLite.count == onPostgres.count)
        for (sqlite, postgres) in zip(onSQLite, onPostgres) {
            #expect(sqlite == postgres)
        }
        // Not two runs that both failed alike: the spring did its work.
        #expect(onPostgres.allSatisfy { $0.contains(" → 0\n") }, "\(onPostgres.filter { !$0.contains(" → 0\n") })")
        #expect(onPostgres[3].contains("deliveries written"))
        let database = String(url.split(separator: "/").last?.split(separator: "?").first ?? "")
        let counts = try server.psql(database: database, "SELECT count(*) FROM incoming; SELECT count(*) FROM response")
        #expect(counts.split(separator: "\n").compactMap { Int($0) }.allSatisfy { $0 > 5 }, "incoming, responses: \(counts)")
    }

    @Test func theDemoRunsInAnEmptyPostgreSQLDatabaseAndRefusesAFullOne() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let url = server.url(database: try server.createDatabase())
        let folder = try TestPaths.temporaryFolder("samrad-pg-demo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["SAMRAD_DB": url, "SAMRAD_DB_PASSWORD_FILE": server.passwordFile]
        let onPostgres = try TestPaths.run(
            Samrad.executable, ["demo", "--dir", folder.appendingPathComponent("pg").path], environment: environment)
        #expect(onPostgres.status == 0, "\(onPostgres.error)")
        let onSQLite = try TestPaths.run(Samrad.executable, ["demo", "--dir", folder.appendingPathComponent("pg").path])
        #expect(onSQLite.status == 0, "\(onSQLite.error)")
        let database = folder.appendingPathComponent("pg/samrad.sqlite").path
        #expect(
            Self.normalised(onPostgres.output, folder: folder, database: url)
                == Self.normalised(onSQLite.output, folder: folder, database: database))
        #expect(onPostgres.output.contains("bodies told with 'samrad notify --changes'"))

        let again = try TestPaths.run(
            Samrad.executable, ["demo", "--dir", folder.appendingPathComponent("again").path], environment: environment)
        #expect(again.status == 78)
        #expect(again.error.contains("the demo runs only in an empty database"), "\(again.error)")
    }

    /// Four `remind` runs (cron on four hosts) and two `send` runs of the mailout, all at once against one database and
    /// one SMTP server: every delivery in the ledger arrived exactly once.
    @Test func fourRemindsAndTwoSendsAtOnceSendEveryMessageOnce() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let smtp = try AiosmtpdServer()
        defer { smtp.stop() }
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let environment = GuaranteeTests.plainSMTP(smtp).merging([
            "SAMRAD_DB": server.url(database: try server.createDatabase()), "SAMRAD_DB_PASSWORD_FILE": server.passwordFile,
        ]) { $1 }
        samrad.now = "2019-04-01T09:00"
        #expect(try samrad("contacts", "load", "contacts", environment: environment).status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml", environment: environment).status == 0)

        // The mailout day: each remind sends the mailout and the invitations that are due; each send the mailout.
        samrad.now = "2019-04-11T08:05"
        let runs =
            try (1...4).map { _ in try samrad.running("remind", environment: environment) }
            + (1...2).map { _ in try samrad.running("send", "mal-2019", "--connections", "2", environment: environment) }
        for run in runs {
            let result = run.finish()
            // 75: the run left deliveries that another run was sending, and says so.
            #expect(
                result.status == 0 || (result.status == 75 && result.output.contains("being sent by another run")),
                "\(run.process.arguments ?? []): \(result.output)\(result.error)")
        }

        let ledger = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try samrad("deliveries", "mal-2019", "--json", environment: environment).output.utf8))
                as? [[String: Any]])
        #expect(ledger.count > 40)
        #expect(ledger.allSatisfy { $0["state"] as? String == "sent" }, "\(ledger.filter { $0["state"] as? String != "sent" })")
        let copies = GuaranteeTests.copies(try smtp.stored())
        #expect(copies.count == ledger.count, "\(copies.count) messages arrived for \(ledger.count) deliveries")
        #expect(copies.values.allSatisfy { $0 == 1 }, "\(copies.filter { $0.value > 1 }.keys.sorted()) arrived more than once")
    }
}

/// What an installation on PostgreSQL does besides the commands: a role that runs Samråd without the power to rewrite
/// the audit trail, and backups with pg_dump that restore to the same round.
@Suite("A PostgreSQL installation", .serialized)
struct PostgresInstallationTests {
    /// A round added, sent and answered on PostgreSQL, as `samrad` sees it.
    static func spring(_ samrad: inout Samrad, _ environment: [String: String]) throws {
        try FileManager.default.copyItem(
            at: TestPaths.repository.appendingPathComponent("Sources/SamradApp/Demo/svar"),
            to: samrad.folder.appendingPathComponent("svar"))
        for (now, arguments) in [
            ("2019-04-01T09:00", ["contacts", "load", "contacts"]),
            ("2019-04-01T09:00", ["consultation", "add", "consultations/mal-2019.yaml"]),
            ("2019-04-11T08:00", ["send", "mal-2019"]), ("2019-05-21T17:00", ["import", "svar"]),
        ] {
            samrad.now = now
            let run = try TestPaths.run(
                Samrad.executable, arguments, environment: environment.merging(["SAMRAD_NOW": now]) { $1 }, in: samrad.folder)
            #expect(run.status == 0, "\(arguments): \(run.output)\(run.error)")
        }
    }

    @Test func aGrantedRoleRunsTheRoundButCannotChangeOrDeleteTheAuditTrail() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let database = try server.createDatabase()
        let password = "pw-\(UUID().uuidString)"
        try server.psql(database: "postgres", "CREATE ROLE samrad_app LOGIN PASSWORD '\(password)'")
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let owner = ["SAMRAD_DB": server.url(database: database), "SAMRAD_DB_PASSWORD_FILE": server.passwordFile]
        #expect(try samrad("init", environment: owner).status == 0)
        let grant = try samrad("db", "grant", "samrad_app", environment: owner)
        #expect(grant.status == 0, "\(grant.error)")
        #expect(grant.output.contains("samrad_app may now read and write"), "\(grant.output)")

        let passwordFile = samrad.folder.appendingPathComponent("app-password").path
        try (password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile, 0o600)
        let app = [
            "SAMRAD_DB": server.url(database: database).replacingOccurrences(of: "//samrad@", with: "//samrad_app@"),
            "SAMRAD_DB_PASSWORD_FILE": passwordFile,
        ]
        try Self.spring(&samrad, app)
        let log = try samrad("log", "mal-2019", environment: app)
        #expect(log.status == 0 && log.output.contains("KS 2019/017"), "\(log.error)")

        // The role may read and append to the trail, not change or delete it, nor drop the trigger that guards it.
        #expect(Int(try server.psql(database: database, as: "samrad_app", "SELECT count(*) FROM audit").trimmed) ?? 0 >= 4)
        for statement in [
            "UPDATE audit SET detail = 'x'", "DELETE FROM audit", "TRUNCATE audit", "DROP TRIGGER audit_no_update_or_delete ON audit",
        ] {
            let refusal = try #require(throws: TestSetupError.self) { try server.psql(database: database, as: "samrad_app", statement) }
            #expect(refusal.description.contains("permission denied") || refusal.description.contains("must be owner"), "\(refusal)")
        }
        // The owner is refused by the trigger.
        let owners = try #require(throws: TestSetupError.self) { try server.psql(database: database, "UPDATE audit SET detail = 'x'") }
        #expect(owners.description.contains("append-only"), "\(owners)")
        // An unknown role is named.
        let unknown = try samrad("db", "grant", "samrad_nobody", environment: owner)
        #expect(unknown.status == 65 && unknown.error.contains("no role samrad_nobody"), "\(unknown.status) \(unknown.error)")
    }

    @Test func aDumpRestoresTheSameRoundWithItsTrailStillAppendOnly() throws {
        let server = try PostgresServer()
        defer { server.stop() }
        let database = try server.createDatabase()
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let original = ["SAMRAD_DB": server.url(database: database), "SAMRAD_DB_PASSWORD_FILE": server.passwordFile]
        try Self.spring(&samrad, original)

        let restored = try server.dumpAndRestore(database)
        let copy = ["SAMRAD_DB": server.url(database: restored), "SAMRAD_DB_PASSWORD_FILE": server.passwordFile]
        samrad.now = "2019-05-27T09:00"
        for arguments in [
            ["status", "mal-2019"], ["log", "mal-2019"], ["deliveries", "mal-2019", "--json"], ["review", "mal-2019", "--all"],
            ["history", "mal-2019", "KFN"], ["remind", "--dry-run"],
        ] {
            let before = try TestPaths.run(Samrad.executable, arguments, environment: original.merging(["SAMRAD_NOW": samrad.now]) { $1 })
            let after = try TestPaths.run(Samrad.executable, arguments, environment: copy.merging(["SAMRAD_NOW": samrad.now]) { $1 })
            #expect(before.status == 0 && !before.output.isEmpty, "\(arguments): \(before.error)")
            #expect(after.output == before.output, "\(arguments)")
            #expect(after.status == before.status)
        }
        let refusal = try #require(throws: TestSetupError.self) { try server.psql(database: restored, "DELETE FROM audit") }
        #expect(refusal.description.contains("append-only"), "\(refusal)")
        // New rows go on from the restored ones: the reminders due queue messages with new ids and register numbers.
        let count = "SELECT count(*) || ' ' || count(DISTINCT (consultation_id, register_number)) FROM message"
        let restoredMessages = Int(try server.psql(database: restored, count).split(separator: " ")[0]) ?? 0
        let remind = try TestPaths.run(Samrad.executable, ["remind"], environment: copy.merging(["SAMRAD_NOW": samrad.now]) { $1 })
        #expect(remind.status == 0 && remind.output.contains("after_deadline"), "\(remind.output)\(remind.error)")
        let counts = try server.psql(database: restored, count).trimmed.split(separator: " ").compactMap { Int($0) }
        #expect(counts.count == 2 && counts[0] == counts[1] && counts[0] > restoredMessages, "\(counts) after \(restoredMessages)")
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
