import Foundation
import Testing

/// The coordinator's tables speak the report's Swedish; JSON keeps its English keys and values.
@Suite("One language for the coordinator", .serialized)
struct CoordinatorLanguageTests {
    /// A round mailed with no mail server: every delivery was written to the outbox.
    static func mailedToTheOutbox() throws -> Samrad {
        let samrad = try Samrad()
        for arguments in [
            ["contacts", "load", "contacts"], ["consultation", "add", "consultations/mal-2019.yaml"], ["send", "mal-2019"],
        ] {
            let result = try samrad(arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
        }
        return samrad
    }

    @Test func anOutboxDeliveryIsWrittenToTheOutboxNeverSent() throws {
        let samrad = try Self.mailedToTheOutbox()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let deliveries = try samrad("deliveries", "mal-2019").output
        #expect(deliveries.contains("utskick"))
        #expect(deliveries.contains("skriven till utkorgen"))
        for english in [" sent ", "skickat", "mailout", "invitation"] { #expect(!deliveries.contains(english), "\(english)") }
        let register = try samrad("log", "mal-2019").output
        #expect(register.contains("[skriven till utkorgen]"))
        #expect(register.contains(" utskick "))
        #expect(!register.contains("[sent]") && !register.contains("mailout"))
        let csv = try samrad("log", "mal-2019", "--format", "csv").output
        #expect(csv.contains(";utskick;skriven till utkorgen\r\n"))
        // JSON stays English.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try samrad("deliveries", "mal-2019", "--json").output.utf8)) as? [[String: Any]])
        #expect(json.allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test func theScheduleAndTheStatusUseTheReportsWords() throws {
        let samrad = try Self.mailedToTheOutbox()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let schedule = try samrad("schedule", "mal-2019").output
        for swedish in ["i liggaren", "kommande", "utskick", "påminnelse före svarsdag", "inbjudan budget-1", "planerade sändningar"] {
            #expect(schedule.contains(swedish), "\(swedish)")
        }
        // The columns before each send's reason.
        let columns = schedule.split(separator: "\n").map { $0.components(separatedBy: " — ")[0] }.joined(separator: "\n")
        for english in ["recorded", "upcoming", "due", "mailout", "invitation", "before_deadline", "planned sends"] {
            #expect(!columns.contains(english), "\(english)")
        }
        let status = try samrad("status", "mal-2019").output
        #expect(status.contains("utskick") && !status.contains("mailout"))
    }
}
