import Foundation
import Testing

/// One body at a time: `--body` on log, schedule and deliveries, `schedule --upcoming`, and `history`.
@Suite("One body at a time", .serialized)
struct OneBodyTests {
    /// The demo's spring, shared by the tests of this suite.
    static let demo: Result<(samrad: Samrad, folder: URL), any Error> = Result {
        let samrad = try Samrad()
        let folder = samrad.folder.appendingPathComponent("demo")
        let result = try samrad("demo", "--dir", folder.path)
        guard result.status == 0 else { throw ReportTests.TestFailure("the demo failed: \(result.error)") }
        return (samrad, folder)
    }

    func run(_ arguments: String..., now: String = "2019-05-20T09:00") throws -> (status: Int32, output: String, error: String) {
        let (samrad, folder) = try Self.demo.get()
        return try samrad(arguments, environment: ["SAMRAD_DB": folder.appendingPathComponent("samrad.sqlite").path, "SAMRAD_NOW": now])
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func bodyFiltersTheRegisterTheScheduleAndTheLedger() throws {
        let register = try Self.json(try run("log", "mal-2019", "--body", "MBN", "--format", "json").output)
        #expect(!register.isEmpty)
        #expect(register.allSatisfy { $0["body"] as? String == "MBN" })
        #expect(register.contains { $0["direction"] as? String == "in" } && register.contains { $0["direction"] as? String == "out" })
        let text = try run("log", "mal-2019", "--body", "MBN").output
        #expect(text.hasSuffix("\(register.count) poster.\n"))

        let schedule = try Self.json(try run("schedule", "mal-2019", "--body", "MBN", "--json").output)
        #expect(!schedule.isEmpty && schedule.allSatisfy { $0["body"] as? String == "MBN" })
        let ledger = try Self.json(try run("deliveries", "mal-2019", "--body", "MBN", "--json").output)
        #expect(!ledger.isEmpty)
        #expect(ledger.allSatisfy { ($0["message"] as? [String: Any])?["body_id"] as? String == "MBN" })
        let all = try Self.json(try run("deliveries", "mal-2019", "--json").output)
        #expect(ledger.count < all.count)

        let unknown = try run("deliveries", "mal-2019", "--body", "NOPE")
        #expect(unknown.status == 65)
        #expect(unknown.error.contains("there is no body 'NOPE' in the registry"))
    }

    @Test func upcomingShowsOnlyWhatIsStillToCome() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        for arguments in [
            ["contacts", "load", "contacts"], ["consultation", "add", "consultations/mal-2019.yaml"], ["send", "mal-2019"],
        ] {
            #expect(try samrad(arguments).status == 0)
        }
        let everything = try Self.json(try samrad("schedule", "mal-2019", "--json").output)
        let upcoming = try Self.json(try samrad("schedule", "mal-2019", "--upcoming", "--json").output)
        #expect(!upcoming.isEmpty && upcoming.count < everything.count)
        #expect(upcoming.allSatisfy { ["due", "upcoming", "waiting"].contains($0["state"] as? String ?? "") })
        #expect(everything.contains { $0["state"] as? String == "recorded" })
        let one = try Self.json(try samrad("schedule", "mal-2019", "--upcoming", "--body", "BUN", "--json").output)
        #expect(!one.isEmpty && one.allSatisfy { $0["body"] as? String == "BUN" && $0["state"] as? String != "recorded" })
    }

    @Test func historyTellsOneBodysWholeStoryInTimeOrder() throws {
        let result = try run("history", "mal-2019", "MBN")
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        // Sent: the mailout; received: its answer; read: how; corrected by hand; and the audit trail's line for it.
        #expect(lines.contains { $0.contains("ut ") && $0.contains("utskick:") })
        #expect(lines.contains { $0.contains("in ") && $0.contains("svar:") })
        #expect(lines.contains { $0.contains("läst ") && $0.contains("e-post: 1: tillstyrker") })
        #expect(lines.contains { $0.contains("läst ") && $0.contains("rättelse: 3: avstyrker") })
        #expect(lines.contains { $0.contains("logg ") && $0.contains("answer") && $0.contains("MBN (correction)") })
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.prefix(16) <= $1.prefix(16) })
        #expect(!lines.contains { $0.contains("BUN") })

        let events = try Self.json(try run("history", "mal-2019", "MBN", "--json").output)
        #expect(events.count == lines.count)
        let times = events.compactMap { $0["at"] as? String }
        #expect(times == times.sorted())
        #expect(Set(events.compactMap { $0["kind"] as? String }) == ["out", "in", "reading", "audit"])
    }
}
