import Foundation
import SamradTestSupport
import Testing

/// The compilation, the register, the audit trail and the decision dispatch, on the demo's spring.
@Suite("Report, register and decision", .serialized)
struct ReportTests {
    /// One demo run shared by the tests of this suite.
    static let demo: Result<(samrad: Samrad, folder: URL, output: String), any Error> = Result {
        let samrad = try Samrad()
        let folder = samrad.folder.appendingPathComponent("demo")
        let result = try samrad("demo", "--dir", folder.path)
        guard result.status == 0 else { throw TestFailure("the demo failed: \(result.error)") }
        return (samrad, folder, result.output)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func run(_ arguments: String...) throws -> (status: Int32, output: String, error: String) {
        let (samrad, folder, _) = try Self.demo.get()
        return try samrad(
            arguments, environment: ["SAMRAD_DB": folder.appendingPathComponent("samrad.sqlite").path, "SAMRAD_NOW": "2019-06-26"])
    }

    @Test func theRegisterNumbersEveryMessageInAndOutWithoutGaps() throws {
        let register = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("log", "mal-2019", "--format", "json").output.utf8)) as? [[String: Any]])
        let numbers = register.compactMap { $0["number"] as? Int }
        #expect(numbers == Array(1...numbers.count))
        let kinds = Set(register.compactMap { $0["kind"] as? String })
        #expect(kinds.isSuperset(of: ["mailout", "invitation", "reminder", "notice", "reply", "form", "auto-reply"]))
        // Every message out of the ledger is in the register, once.
        let ledger = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("deliveries", "mal-2019", "--json").output.utf8)) as? [[String: Any]])
        let messages = Set(ledger.compactMap { ($0["message"] as? [String: Any])?["message_id"] as? String })
        #expect(register.filter { $0["direction"] as? String == "out" }.count == messages.count)
        // One automatic reply, seven replies by mail (one of them assigned by hand, one with its answer in an attached
        // protokollsutdrag), three form answers and a letter recorded by hand; the coordinator's correction is no
        // message in.
        #expect(register.filter { $0["direction"] as? String == "in" }.count == 12)
    }

    /// Swedish Excel reads `2019-04-11T08:06:00+02:00` as text: the date and the time go in columns of their own,
    /// with the BOM, `;` and CRLF it needs.
    @Test func theRegistersCSVHasTheDateAndTheTimeInColumnsOfTheirOwn() throws {
        let csv = try run("log", "mal-2019", "--format", "csv").output
        #expect(csv.hasPrefix("\u{FEFF}diarienummer;datum;tid;riktning;motpart;ärende;slag;status\r\n"))
        let lines = csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
        #expect(lines.count > 40)
        let first = lines.first?.components(separatedBy: ";") ?? []
        #expect(Array(first.prefix(4)) == ["KS 2019/017-1", "2019-04-11", "08:06", "in"])
        for line in lines {
            let fields = line.components(separatedBy: ";")
            #expect(fields[1].wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(line)")
            #expect(fields[2].wholeMatch(of: /\d{2}:\d{2}/) != nil, "\(line)")
        }
    }

    @Test func theDecisionReachedEveryBoardCompanyAndTheManagementGroupThroughTheLedger() throws {
        let ledger = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("deliveries", "mal-2019", "--json").output.utf8)) as? [[String: Any]])
        let notices = ledger.filter { ($0["message"] as? [String: Any])?["kind"] as? String == "notice" }
        let bodies = Set(notices.compactMap { ($0["message"] as? [String: Any])?["body_id"] as? String })
        let registry = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("contacts", "list", "--json").output.utf8)) as? [[String: Any]])
        #expect(bodies == Set(registry.compactMap { $0["id"] as? String }))
        #expect(bodies.contains("KLG") && bodies.contains("KS"))
        #expect(notices.allSatisfy { $0["state"] as? String == "sent" })
        // Sending it again sends nothing new.
        let again = try run("notify", "mal-2019", "--template", "beslut", "--to", "boards,companies,groups")
        #expect(again.output.contains("0 new messages recorded"))
    }

    @Test func theReportOfTheDemoRendersInChromiumWithEveryAreaBodyChartAndTheTimeline() throws {
        let (_, folder, output) = try Self.demo.get()
        #expect(output.contains("report.html"))
        let html = folder.appendingPathComponent("report.html")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))
        let profile = try TestPaths.temporaryFolder("chromium")
        defer { try? FileManager.default.removeItem(at: profile) }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else {
            Issue.record("chromium is missing: apt-get install chromium")
            return
        }
        let dom = try TestPaths.run(
            "/usr/bin/timeout",
            [
                "60", "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--dump-dom",
                html.absoluteString,
            ])
        #expect(dom.status == 0, "\(dom.error)")
        let text = dom.output
        for area in [
            "Hållbar tillväxt och samhällsplanering", "Utbildning, arbete och näringsliv", "Kunskap, hälsa och fritid",
            "Delaktighet, tillgänglighet och trygghet",
        ] {
            #expect(text.contains(area), "\(area) is missing")
        }
        let registry = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("contacts", "list", "--json").output.utf8)) as? [[String: Any]])
        for body in registry where ["board", "company"].contains(body["kind"] as? String) && body["id"] as? String != "KS" {
            let name = (body["name"] as? String ?? "").replacingOccurrences(of: "&", with: "&amp;")
            #expect(text.contains(name), "\(name) is missing")
        }
        #expect(text.components(separatedBy: "<svg").count - 1 >= 2)
        #expect(text.contains("Tidslinje"))
        #expect(text.contains("Beslutet skickat"))
        #expect(text.contains("KS 2019/017-"))
        let shot = profile.appendingPathComponent("report.png")
        let screenshot = try TestPaths.run(
            "/usr/bin/timeout",
            [
                "60", "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                "--screenshot=\(shot.path)", "--window-size=1200,3000", html.absoluteString,
            ])
        #expect(screenshot.status == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000)
    }

    @Test func theReportFormatsAgreeOnTheContributions() throws {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try run("report", "mal-2019", "--format", "json").output.utf8)) as? [String: Any])
        let areas = try #require(json["areas"] as? [[String: Any]])
        let count = areas.reduce(0) { $0 + (($1["contributions"] as? [Any])?.count ?? 0) } + ((json["general"] as? [Any])?.count ?? 0)
        let csv = try run("report", "mal-2019", "--format", "csv")
        #expect(csv.output.hasPrefix("\u{FEFF}"))
        // Each contribution is one record: count the registration numbers (or a correction's mark) that start a record.
        let records = csv.output.components(separatedBy: "\r\n").filter { $0.hasPrefix("KS 2019/017-") || $0.hasPrefix("Rättelse;") }
        #expect(records.count == count)
        let markdown = try run("report", "mal-2019", "--format", "md")
        #expect(markdown.output.contains("# Sammanställning: Nya mål för mandatperioden"))
    }

    @Test func aReportBeforeTheMailoutSaysWhatIsPlannedNotWhatHappened() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let markdown = try samrad("report", "mal-2019", "--format", "md").output
        #expect(markdown.contains("Remissen har inte skickats än: planerat utskick 11 april 2019"), "\(markdown)")
        #expect(!markdown.contains("skickades"))
        #expect(markdown.contains("Planerat utskick till nämnder och bolag"))
        let html = try samrad("report", "mal-2019", "--format", "html").output
        #expect(html.contains("Planerat utskick"))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try samrad("report", "mal-2019", "--format", "json").output.utf8))
                as? [String: Any])
        #expect((json["round"] as? [String: Any])?["mailed_out"] as? Bool == false)
    }

    @Test func aChangedRoundFileIsInTheAuditTrailWithWhatChanged() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let path = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        let text = try String(contentsOf: path, encoding: .utf8)
        try text.replacingOccurrences(of: "deadline: 2019-05-17", with: "deadline: 2019-05-20").write(
            to: path, atomically: true, encoding: .utf8)
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let trail = try #require(
            try JSONSerialization.jsonObject(with: Data(try samrad("log", "mal-2019", "--audit", "--format", "json").output.utf8))
                as? [[String: Any]])
        #expect(trail.count == 2)
        #expect((trail.last?["detail"] as? String)?.contains("revision 2") == true)
        #expect((trail.last?["detail"] as? String)?.contains("changed deadline") == true)
        #expect((trail.last?["user"] as? String)?.isEmpty == false)
        #expect(trail.last?["command"] as? String == "consultation add")
        // Append-only: the database refuses to change it.
        let dump = try TestPaths.run(
            "/usr/bin/env", ["sqlite3", samrad.folder.appendingPathComponent("samrad.sqlite").path, "DELETE FROM audit"])
        #expect(dump.status != 0)
        #expect(dump.error.contains("append-only"))
    }
}
