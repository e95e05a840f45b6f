import Foundation
import Testing

/// `remind --preview [BODY]`: what is due now, rendered whole, and nothing recorded.
@Suite("Remind preview", .serialized)
struct RemindPreviewTests {
    @Test func aPreviewOfWhatIsDueRecordsNothing() throws {
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        #expect(try samrad("send", "mal-2019").status == 0)
        samrad.now = "2019-05-10T09:00"
        let before = try samrad.databaseSnapshot()
        let trail = try samrad("log", "mal-2019", "--audit").output

        let one = try samrad("remind", "--preview", "BUN")
        #expect(one.status == 0, "\(one.error)")
        #expect(one.output.contains("=== mal-2019 BUN påminnelse före svarsdag"), "\(one.output)")
        #expect(one.output.contains("Subject: Påminnelse: Nya mål för mandatperioden"))
        #expect(one.output.contains("To: ") && one.output.contains("bun@kommun.example"))
        #expect(!one.output.contains("=== mal-2019 SN "))
        #expect(one.error.contains("nothing was recorded or sent"))
        let all = try samrad("remind", "--preview")
        #expect(all.status == 0)
        #expect(all.output.contains("=== mal-2019 SN "))

        #expect(try samrad.databaseSnapshot() == before)
        #expect(try samrad("log", "mal-2019", "--audit").output == trail)
        #expect(try samrad("remind", "--dry-run").output.contains("due: mal-2019 BUN"))
        #expect(try samrad("remind", "BUN").status == 64)
    }
}
