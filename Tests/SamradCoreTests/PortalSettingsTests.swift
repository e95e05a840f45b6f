import Foundation
import SamradCore
import Testing

/// The round file's portal keys: `portal` and `late_answers`.
@Suite("Portal settings in a round's file")
struct PortalSettingsTests {
    static func read(_ extra: String) throws -> Consultation {
        try ConsultationReader.read(
            ConsultationReaderTests.valid + "\n" + extra, file: "consultations/test.yaml", registry: ConsultationReaderTests.registry)
    }

    @Test func theKeysTurnThePortalAndLateAnswersOn() throws {
        let round = try Self.read("portal: true\nlate_answers: yes")
        #expect(round.portal)
        #expect(round.lateAnswers)
        let plain = try Self.read("")
        #expect(!plain.portal)
        #expect(!plain.lateAnswers)
    }

    @Test func aValueThatIsNoYesOrNoIsAnErrorAtItsLine() {
        #expect {
            try Self.read("portal: ja")
        } throws: { error in
            let diagnostics = (error as? ValidationFailure)?.diagnostics ?? []
            return diagnostics.count == 1 && diagnostics[0].location.line == 18 && diagnostics[0].message.contains("portal is 'ja'")
        }
    }

    @Test func aRoundWithoutThePortalStoresAsBeforeSoItsUnchangedFileMakesNoNewRevision() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = String(decoding: try encoder.encode(try Self.read("")), as: UTF8.self)
        #expect(!plain.contains("portal") && !plain.contains("lateAnswers"))
        let portal = try Self.read("portal: true")
        let stored = try JSONDecoder().decode(Consultation.self, from: try encoder.encode(portal))
        #expect(stored == portal)
    }
}
