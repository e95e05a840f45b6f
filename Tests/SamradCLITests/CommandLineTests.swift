import Foundation
import SamradTestSupport
import Testing

/// The `samrad` command run as a coordinator runs it, in a temporary folder.
struct Samrad {
    let folder: URL
    var now = "2019-04-11T08:00"

    /// The `samrad` built beside the tests, or the one `SAMRAD_TEST_EXECUTABLE` names (to run these
    /// tests against another build, e.g. an earlier version's).
    static let executable: String = {
        if let chosen = ProcessInfo.processInfo.environment["SAMRAD_TEST_EXECUTABLE"], !chosen.isEmpty { return chosen }
        let beside = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("samrad").path
        if let beside, FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let candidates = [
            ".build/debug/samrad", ".build/x86_64-unknown-linux-gnu/debug/samrad", ".build/aarch64-unknown-linux-gnu/debug/samrad",
        ]
        return candidates.map { TestPaths.repository.appendingPathComponent($0).path }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        } ?? "samrad"
    }()

    init() throws {
        folder = try TestPaths.temporaryFolder("samrad-cli")
        let files = FileManager.default
        for name in ["contacts", "consultations"] {
            try files.copyItem(
                at: TestPaths.repository.appendingPathComponent(name).resolvingSymlinksInPath(), to: folder.appendingPathComponent(name))
        }
    }

    @discardableResult
    func callAsFunction(_ arguments: String..., environment: [String: String] = [:]) throws -> (
        status: Int32, output: String, error: String
    ) {
        try TestPaths.run(Self.executable, arguments, environment: ["SAMRAD_NOW": now].merging(environment) { $1 }, in: folder)
    }

    /// Starts the command without waiting for it (its output is thrown away).
    func start(_ arguments: String..., environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SAMRAD_") }
        merged["SAMRAD_NOW"] = now
        merged.merge(environment) { $1 }
        process.environment = merged
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The database file's bytes, to show that a failed command changed nothing.
    func databaseSnapshot() throws -> String {
        let dump = try TestPaths.run("/usr/bin/env", ["sqlite3", folder.appendingPathComponent("samrad.sqlite").path, ".dump"])
        return dump.output
    }

    func write(_ text: String, to name: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

@Suite("The command line", .serialized)
struct CommandLineTests {
    @Test func aRoundEndToEnd() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }

        let load = try samrad("contacts", "load", "contacts")
        #expect(load.status == 0, "\(load.error)")
        #expect(load.output.contains("added      BUN"))
        let again = try samrad("contacts", "load", "contacts")
        #expect(again.output.contains("nothing changed"))

        let add = try samrad("consultation", "add", "consultations/mal-2019.yaml")
        #expect(add.status == 0, "\(add.error)")
        #expect(add.output.contains("Added round mal-2019 (KS 2019/017)"))
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").output.contains("nothing changed"))

        let before = try samrad.databaseSnapshot()
        let dryRun = try samrad("send", "mal-2019", "--dry-run")
        #expect(dryRun.status == 0)
        #expect(dryRun.output.contains("would send   BUN"))
        #expect(dryRun.output.contains("Nothing was changed"))
        #expect(try samrad.databaseSnapshot() == before)
        #expect(!FileManager.default.fileExists(atPath: samrad.folder.appendingPathComponent("outbox").path))

        let send = try samrad("send", "mal-2019")
        #expect(send.status == 0, "\(send.error)")
        #expect(send.output.contains("Nothing was sent by mail"))
        let outbox = try FileManager.default.contentsOfDirectory(atPath: samrad.folder.appendingPathComponent("outbox").path)
        #expect(outbox.count >= 18)

        let second = try samrad("send", "mal-2019")
        #expect(second.output.contains("0 new messages recorded"))
        #expect(second.output.contains("0 deliveries written"))

        let status = try samrad("status", "mal-2019", "--json", environment: ["SAMRAD_NOW": "2019-05-20"])
        #expect(status.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])
        #expect(json["consultation"] as? String == "mal-2019")
        #expect(json["reference"] as? String == "KS 2019/017")
        #expect(json["deadline"] as? String == "2019-05-17")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.count == outbox.count)
        let bun = try #require(rows.first { $0["id"] as? String == "BUN" })
        #expect(
            Set(bun.keys) == [
                "id", "name", "kind", "sent_at", "delivery", "answers", "evidence", "answered_at", "late", "complete", "waiting",
            ])
        #expect(bun["sent_at"] as? String == "2019-04-11T08:00:00+02:00")
        #expect(bun["delivery"] as? String == "sent")
        #expect(bun["late"] as? Bool == true)
        let totals = try #require(json["totals"] as? [String: Int])
        #expect(
            totals == ["recipients": rows.count, "sent": rows.count, "answered": 0, "partly_answered": 0, "late": rows.count, "failed": 0])

        let check = try TestPaths.checkMIME([samrad.folder.appendingPathComponent("outbox")])
        #expect(check.status == 0, "\(check.output)")
    }

    @Test(arguments: [
        ("contacts/namnder.yaml", "mailbox: bun@kommun.example", "mailbox: bun@kommun..example", "not a valid email address"),
        ("contacts/namnder.yaml", "kind: board", "kind: nämnd", "unknown kind 'nämnd'"),
        ("contacts/bolag.yaml", "role: ceo", "role: vd", "unknown role 'vd'"),
        ("contacts/namnder.yaml", "id: SN", "id: BUN", "duplicate id 'BUN'"),
    ])
    func badRegistryInputExits65WithFileAndLineAndChangesNothing(file: String, original: String, replacement: String, message: String)
        throws
    {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        let before = try samrad.databaseSnapshot()
        let path = samrad.folder.appendingPathComponent(file)
        let text = try String(contentsOf: path, encoding: .utf8)
        let range = try #require(text.range(of: original))
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        try text.replacingCharacters(in: range, with: replacement).write(to: path, atomically: true, encoding: .utf8)

        let result = try samrad("contacts", "load", "contacts")
        #expect(result.status == 65)
        #expect(result.error.contains("contacts/\(path.lastPathComponent):\(line):"), "\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(result.error.contains("fix:"))
        #expect(try samrad.databaseSnapshot() == before)
    }

    @Test(arguments: [
        ("deadline: 2019-05-17", "deadline: 2019-02-30", "February 2019 has 28 days"),
        ("exclude: [KS]", "exclude: [KSS]", "unknown body 'KSS'"),
        ("deadline: 2019-05-17", "deadline: 2019-04-01", "before the mailout date"),
    ])
    func badRoundInputExits65WithFileAndLineAndChangesNothing(original: String, replacement: String, message: String) throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        let before = try samrad.databaseSnapshot()
        let path = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
        let range = try #require(text.range(of: original))
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        try text.replacingCharacters(in: range, with: replacement).write(to: path, atomically: true, encoding: .utf8)

        let result = try samrad("consultation", "add", "consultations/mal-2019.yaml")
        #expect(result.status == 65)
        #expect(result.error.contains("consultations/mal-2019.yaml:\(line):"), "\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
        #expect(try samrad.databaseSnapshot() == before)
    }

    @Test func aChangedRoundIsANewRevision() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let path = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "deadline: 2019-05-17", with: "deadline: 2019-05-16").write(
            to: path, atomically: true, encoding: .utf8)
        let result = try samrad("consultation", "add", "consultations/mal-2019.yaml")
        #expect(result.output.contains("recorded revision 2"))
        let show = try samrad("consultation", "show", "mal-2019", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(show.output.utf8)) as? [String: Any])
        #expect(json["revision"] as? Int == 2)
        #expect((json["consultation"] as? [String: Any])?["deadline"] as? String == "2019-05-16")
    }

    @Test func usageAndConfigurationErrorsHaveTheirExitStatus() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("send").status == 64)
        #expect(try samrad("status", "mal-2019", environment: ["SAMRAD_NOW": "tomorrow"]).status == 78)
        let missing = try samrad("status", "no-such-round")
        #expect(missing.status == 66)
        #expect(missing.error.contains("there is no round 'no-such-round'"))
        #expect(try samrad("contacts", "load", "no-such-folder").status == 66)
    }

    @Test func theDemoSendsTheSeedsRoundToEveryBoardAndCompany() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let demo = samrad.folder.appendingPathComponent("demo")
        let result = try samrad("demo", "--dir", demo.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("Nya mål för mandatperioden (Dnr KS 2019/017)"))
        #expect(result.output.contains("Open next:"))
        let outbox = try FileManager.default.contentsOfDirectory(atPath: demo.appendingPathComponent("outbox").path)
        let list = try samrad("contacts", "list", "--json", environment: ["SAMRAD_DB": demo.appendingPathComponent("samrad.sqlite").path])
        let bodies = try #require(try JSONSerialization.jsonObject(with: Data(list.output.utf8)) as? [[String: Any]])
        let expected = bodies.filter { ["board", "company"].contains($0["kind"] as? String) && $0["id"] as? String != "KS" }
        let mailouts = outbox.filter { $0.hasSuffix("-mailout.eml") }
        #expect(Set(mailouts) == Set(expected.compactMap { ($0["id"] as? String).map { "mal-2019-\($0)-mailout.eml" } }))
        // The spring: invitations, reminders before the dialogues and the deadline, and after it.
        for kind in [
            "invitation.budget-1.0", "reminder.before-dialogue.budget-2.2", "reminder.before-deadline.5", "reminder.after-deadline.5",
        ] {
            #expect(outbox.contains { $0.contains("-\(kind).eml") }, "no \(kind) in the demo's outbox")
        }
        #expect(result.output.contains("2019-05-10 fre: 20 reminders before the deadline"))
        #expect(result.output.contains("imported 2019-05-14-bun.eml: 1 reply"))
        // One preview before anything goes, and one change told to the bodies it concerns.
        #expect(result.output.contains("'samrad send mal-2019 --preview SBN' shows one body's mailout whole"))
        #expect(result.output.contains("│ To: Samhällsbyggnadsnämnden <sbn@kommun.example>"))
        #expect(result.output.contains("budget-2 changed place «Stadshuset, Hemstasalen» → «Kulturhuset, stora salen»"))
        let changes = outbox.filter { $0.hasSuffix("-changes.2.eml") }
        #expect(changes.count == 11, "\(changes)")
        #expect(FileManager.default.fileExists(atPath: demo.appendingPathComponent("mal-2019.ics").path))
        let check = try TestPaths.checkMIME([demo.appendingPathComponent("outbox")])
        #expect(check.status == 0, "\(check.output)")
    }
}
