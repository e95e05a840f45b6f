import Foundation
import Testing

/// A message read before it goes: `send ID --preview BODY` prints it whole and records nothing.
@Suite("Preview", .serialized)
struct PreviewTests {
    @Test func aPreviewPrintsTheWholeMailoutAndLeavesTheLedgerAndTheAuditTrailAsTheyWere() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        let before = try samrad.databaseSnapshot()
        let trail = try samrad("log", "mal-2019", "--audit").output

        let preview = try samrad("send", "mal-2019", "--preview", "BUN")
        #expect(preview.status == 0, "\(preview.error)")
        let text = preview.output
        #expect(text.contains("From: Kommunledningskontoret"), "\(text)")
        #expect(text.contains("To: ") && text.contains("bun@kommun.example"))
        #expect(text.contains("Subject: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"))
        #expect(text.contains("Barn- och utbildningsnämnden"))
        #expect(text.contains("[bilaga: forslag-nya-mal.pdf (application/pdf"))
        #expect(preview.error.contains("nothing was recorded or sent"))

        #expect(try samrad.databaseSnapshot() == before)
        #expect(try samrad("log", "mal-2019", "--audit").output == trail)
        #expect(try samrad("deliveries", "mal-2019").output.hasPrefix("0 leveranser."))
        #expect(!FileManager.default.fileExists(atPath: samrad.folder.appendingPathComponent("outbox").path))

        let stranger = try samrad("send", "mal-2019", "--preview", "NOPE")
        #expect(stranger.status == 65)
        #expect(stranger.error.contains("NOPE is not a recipient of round mal-2019"))
    }
}
