import Foundation
import SamradTestSupport
import Testing

/// `samrad review`, `answer`, `assign` again and `unassign`: a person checks and corrects the reading.
@Suite("Review and answers by hand", .serialized)
struct ReviewAndAnswerTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// A round sent on 11 April, with a reply from Miljö- och byggnadsnämnden that names area 3 without a stance,
    /// and a note from the secretary Överförmyndarnämnden and Valnämnden share.
    static func answered() throws -> Samrad {
        var samrad = try ImportTests.sent()
        let mbn = ImportTests.replies.appendingPathComponent("2019-05-16-mbn.eml").path
        let note = ImportTests.replies.appendingPathComponent("2019-05-20-namndsekreterare.eml").path
        let result = try samrad("import", mbn, note)
        #expect(result.status == 0, "\(result.output)\(result.error)")
        samrad.now = "2019-05-27T09:00"
        return samrad
    }

    /// The stances of one body in `status --json`.
    static func answers(_ samrad: Samrad, _ body: String) throws -> [String: String] {
        let status = try #require(try json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let rows = try #require(status["rows"] as? [[String: Any]])
        return (rows.first { $0["id"] as? String == body }?["answers"] as? [String: String]) ?? [:]
    }

    @Test func reviewListsWhatAPersonShouldLookAtWithStableIDs() throws {
        let samrad = try Self.answered()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let first = try #require(try Self.json(try samrad("review", "mal-2019", "--json").output) as? [[String: Any]])
        let again = try #require(try Self.json(try samrad("review", "mal-2019", "--json").output) as? [[String: Any]])
        #expect(first.map { $0["id"] as? String } == again.map { $0["id"] as? String })
        let area = try #require(first.first { $0["kind"] as? String == "area-without-stance" })
        #expect(area["body"] as? String == "MBN" && area["area"] as? Int == 3)
        let evidence = try #require((area["evidence"] as? [[String: Any]])?.first)
        #expect((evidence["clause"] as? String)?.hasPrefix("Målområde 3 behöver") == true)
        let unmatched = try #require(first.first { $0["kind"] as? String == "unmatched" })
        #expect(unmatched["candidates"] as? [String] == ["OFN", "VN"])
        #expect((unmatched["detail"] as? String)?.contains("shared by OFN, VN") == true)
        let text = try samrad("review", "mal-2019")
        #expect(text.output.contains("samrad answer mal-2019 MBN --area 3"))
        #expect(text.output.contains("samrad assign"))
    }

    @Test func aCorrectionCountsKeepsTheEarlierReadingAndResolvesTheItem() throws {
        let samrad = try Self.answered()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try Self.answers(samrad, "MBN") == ["1": "supports", "3": "unstated", "4": "opposes"])
        let register = try samrad("log", "mal-2019", "--format", "json").output
        let corrected = try samrad("answer", "mal-2019", "MBN", "--area", "3", "--stance", "avstyrker", "--text", "Enligt protokollet")
        #expect(corrected.status == 0, "\(corrected.error)")
        #expect(corrected.output.contains("goal area 3: svar utan ställningstagande → avstyrker"))
        #expect(try Self.answers(samrad, "MBN") == ["1": "supports", "3": "opposes", "4": "opposes"])
        // A correction is not a message in: the register is as it was; the audit trail has it.
        #expect(try samrad("log", "mal-2019", "--format", "json").output == register)
        #expect(try samrad("log", "mal-2019", "--audit").output.contains("MBN (correction): goal area 3"))
        // The earlier reading stays as history.
        let body = try samrad("status", "mal-2019", "--body", "MBN").output
        #expect(body.contains("rättelse") && body.contains("3: svar utan ställningstagande"))
        let open = try #require(try Self.json(try samrad("review", "mal-2019", "--json").output) as? [[String: Any]])
        #expect(!open.contains { $0["body"] as? String == "MBN" })
        // Clearing removes the stance.
        #expect(try samrad("answer", "mal-2019", "MBN", "--area", "4", "--clear").status == 0)
        #expect(try Self.answers(samrad, "MBN") == ["1": "supports", "3": "opposes"])
    }

    @Test func anAnswerByLetterIsRegisteredWithItsDocument() throws {
        let samrad = try Self.answered()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write("Krisledningsnämnden avstår från att yttra sig.", to: "brev.txt")
        let recorded = try samrad(
            "answer", "mal-2019", "KRN", "--area", "1", "--area", "2", "--area", "3", "--area", "4", "--stance", "avstår", "--source",
            "brev", "--file", "brev.txt", "--date", "2019-05-15")
        #expect(recorded.status == 0, "\(recorded.error)")
        #expect(recorded.output.contains("registered as KS 2019/017-"))
        #expect(try Self.answers(samrad, "KRN") == ["1": "declines", "2": "declines", "3": "declines", "4": "declines"])
        let register = try #require(try Self.json(try samrad("log", "mal-2019", "--format", "json").output) as? [[String: Any]])
        let numbers = register.compactMap { $0["number"] as? Int }
        #expect(numbers == Array(1...numbers.count))
        #expect(register.contains { $0["kind"] as? String == "manual" && $0["body"] as? String == "KRN" })
        // Answered by letter on 15 May: not late.
        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let krn = try #require((status["rows"] as? [[String: Any]])?.first { $0["id"] as? String == "KRN" })
        #expect(krn["late"] as? Bool == false && krn["complete"] as? Bool == true)
    }

    @Test func assignCanBeRedoneAndUndone() throws {
        let samrad = try Self.answered()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let id = "asa.201905201005@demo.kommun.example"
        #expect(try samrad("assign", id, "VN", "--consultation", "mal-2019").status == 0)
        #expect(try Self.answers(samrad, "VN") == ["1": "declines", "2": "declines", "3": "declines", "4": "declines"])
        // It was Överförmyndarnämnden's: assign again.
        let again = try samrad("assign", id, "OFN", "--consultation", "mal-2019")
        #expect(again.status == 0, "\(again.error)")
        #expect(try Self.answers(samrad, "VN").isEmpty)
        #expect(try Self.answers(samrad, "OFN").count == 4)
        let undone = try samrad("unassign", "<\(id)>")
        #expect(undone.status == 0, "\(undone.error)")
        #expect(try Self.answers(samrad, "OFN").isEmpty)
        #expect(try samrad("unmatched").output.contains(id))
        let audit = try samrad("log", "mal-2019", "--audit").output
        #expect(audit.contains("assign") && audit.contains("to VN") && audit.contains("to OFN") && audit.contains("unassign"))
    }

    @Test func badInputGivesItsStatusAndChangesNothing() throws {
        let samrad = try Self.answered()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let before = try samrad.databaseSnapshot()
        let cases: [([String], Int32, String)] = [
            (["answer", "mal-2019", "XYZ", "--area", "1", "--stance", "tillstyrker"], 65, "no body 'XYZ'"),
            (["answer", "mal-2019", "MBN", "--area", "9", "--stance", "tillstyrker"], 65, "no goal area 9"),
            (["answer", "mal-2019", "MBN", "--area", "1", "--stance", "kanske"], 64, "kanske"),
            (["answer", "mal-2019", "MBN", "--area", "1"], 64, "--stance"),
            (
                ["answer", "mal-2019", "MBN", "--area", "1", "--stance", "avstår", "--source", "brev", "--file", "saknas.pdf"], 66,
                "saknas.pdf"
            ),
            (["answer", "ingen-runda", "MBN", "--area", "1", "--stance", "avstår"], 66, "no round 'ingen-runda'"),
            (["review", "ingen-runda"], 66, "no round"),
            (["unassign", "<inget@kommun.example>"], 66, "inget@kommun.example"),
            (["assign", "<inget@kommun.example>", "OFN"], 66, "inget@kommun.example"),
        ]
        for (arguments, status, mention) in cases {
            let result = try TestPaths.run(
                Samrad.executable, arguments, environment: ["SAMRAD_NOW": samrad.now], in: samrad.folder)
            #expect(result.status == status, "\(arguments): \(result.error)")
            #expect(result.error.contains(mention), "\(arguments): \(result.error)")
        }
        #expect(try samrad.databaseSnapshot() == before)
    }
}
