import Foundation
import SamradTestSupport
import Testing

/// What outside senders and odd files can do to the command line: the probe's findings, each
/// reproduced on a round that has been sent.
@Suite("Hostile and odd inputs", .serialized)
struct HostileInputTests {
    /// Characters a terminal acts on or that reorder a line: ESC, BEL, DEL, a C1 control and a
    /// right-to-left override.
    static let raw: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{7F}", "\u{9B}", "\u{202E}"]

    static func rawScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { raw.contains($0) }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    /// A reply from an unknown sender whose subject, name, file name and charset carry escape
    /// sequences, a bell and a right-to-left override.
    static let escapes = """
        From: =?utf-8?q?Evil=1B=5D0=3Bpwned=07?= <evil@evil.example>\r
        To: samrad@kommun.example\r
        Subject: =?utf-8?q?Hej=1B[31mR=C3=96D=1B[0m=07_=E2=80=AEfdp.exe=C2=9B?=\r
        Date: Fri, 10 May 2019 10:00:00 +0200\r
        Message-ID: <escape-1@evil.example>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b\u{7F}1"\r
        \r
        --b\u{7F}1\r
        Content-Type: text/plain; charset="utf-8\u{1B}[1m"\r
        \r
        Text\u{1B}]2;titel\u{07} och \u{202E}baklänges.\r
        --b\u{7F}1\r
        Content-Type: application/pdf; name="=?utf-8?q?svar=1B[2J=E2=80=AEfdp.exe?="\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQK\r
        --b\u{7F}1--\r

        """

    @Test func escapesAndOverridesFromOutsideReachTheTerminalEscaped() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write(Self.escapes, to: "escape.eml")
        var outputs: [(String, String)] = []
        let imported = try samrad("import", "escape.eml")
        #expect(imported.status == 0, "\(imported.error)")
        outputs.append(("import", imported.output + imported.error))
        // The charset parameter is echoed in the import's warning, escaped.
        #expect(imported.output.contains(#"'utf-8\u{1B}[1m'"#), "\(imported.output)")

        let unmatched = try samrad("unmatched")
        outputs.append(("unmatched", unmatched.output))
        #expect(unmatched.output.contains(#"Hej\u{1B}[31mRÖD\u{1B}[0m\u{7} \u{202E}fdp.exe\u{9B}"#), "\(unmatched.output)")

        let json = try samrad("unmatched", "--json")
        outputs.append(("unmatched --json", json.output))
        let waiting = try #require(try ImportTests.json(json.output) as? [[String: Any]])
        #expect(waiting.first?["subject"] as? String == "Hej\u{1B}[31mRÖD\u{1B}[0m\u{7} \u{202E}fdp.exe\u{9B}")

        let assign = try samrad("assign", "escape-1@evil.example", "BUN")
        #expect(assign.status == 0, "\(assign.error)")
        for arguments in [
            ["log", "mal-2019"], ["log", "mal-2019", "--audit"], ["log", "mal-2019", "--format", "json"], ["status", "mal-2019"],
            ["status", "mal-2019", "--json"], ["deliveries", "mal-2019"], ["deliveries", "mal-2019", "--json"],
        ] {
            let result = try samrad(arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
            outputs.append((arguments.joined(separator: " "), result.output + result.error))
        }
        let log = try samrad("log", "mal-2019")
        #expect(log.output.contains(#"\u{202E}fdp.exe"#), "\(log.output)")
        for (command, output) in outputs {
            #expect(Self.rawScalars(in: output).isEmpty, "samrad \(command) printed \(Self.rawScalars(in: output)) raw:\n\(output)")
        }
    }
}
