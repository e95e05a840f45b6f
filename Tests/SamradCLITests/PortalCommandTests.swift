import Foundation
import SamradTestSupport
import Testing

/// `serve`, `user add` and `portal revoke` as a coordinator runs them, and the round's messages with the portal on.
@Suite("The portal's commands", .serialized)
struct PortalCommandTests {
    /// The sample round with the portal on, loaded and added.
    static func round() throws -> Samrad {
        let samrad = try Samrad()
        let file = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        try (String(contentsOf: file, encoding: .utf8) + "portal: true\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        return samrad
    }

    @Test func aRoundWithThePortalIsNotSentWithoutItsPublicAddress() throws {
        let samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let send = try samrad("send", "mal-2019")
        #expect(send.status == 78, "\(send.output)\(send.error)")
        #expect((send.output + send.error).contains("SAMRAD_PUBLIC_URL is not set"))
        #expect(!FileManager.default.fileExists(atPath: samrad.folder.appendingPathComponent("outbox/mal-2019-BUN-mailout.eml").path))
        let bad = try samrad("send", "mal-2019", environment: ["SAMRAD_PUBLIC_URL": "samrad.kommun.example"])
        #expect(bad.status == 78)
        #expect(bad.error.contains("is not an http or https address"))
        let sent = try samrad("send", "mal-2019", environment: ["SAMRAD_PUBLIC_URL": "https://samrad.kommun.example/"])
        #expect(sent.status == 0, "\(sent.error)")
        let mail = try String(contentsOf: samrad.folder.appendingPathComponent("outbox/mal-2019-BUN-mailout.eml"), encoding: .utf8)
            .replacingOccurrences(of: "=\r\n", with: "")
        #expect(mail.range(of: #"https://samrad\.kommun\.example/svar/[A-Za-z0-9_-]{43}"#, options: .regularExpression) != nil)
        #expect(try TestPaths.checkMIME([samrad.folder.appendingPathComponent("outbox")]).status == 0)
    }

    @Test func revokeNeedsAPortalRoundAndARecipientAndResendThenSendsTheNewLink() throws {
        let samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let url = ["SAMRAD_PUBLIC_URL": "https://samrad.kommun.example"]
        #expect(try samrad("send", "mal-2019", environment: url).status == 0)
        let unknown = try samrad("portal", "revoke", "mal-2019", "XX")
        #expect(unknown.status == 65)
        #expect(unknown.error.contains("XX is not a recipient of round mal-2019"))
        let revoke = try samrad("portal", "revoke", "mal-2019", "BUN")
        #expect(revoke.status == 0, "\(revoke.error)")
        #expect(revoke.output.contains("Revoked 1 portal link of BUN"))
        let resend = try samrad("resend", "mal-2019", "--body", "BUN", environment: url)
        #expect(resend.status == 0, "\(resend.error)")
        #expect(resend.output.contains("its new link to the answer portal"))
        let files = try FileManager.default.contentsOfDirectory(atPath: samrad.folder.appendingPathComponent("outbox").path)
        #expect(files.contains { $0.hasPrefix("mal-2019-BUN-portal-link.") })
        let again = try samrad("resend", "mal-2019", "--body", "BUN", environment: url)
        #expect(again.output.contains("nothing to resend"))
        let audit = try samrad("log", "mal-2019", "--audit")
        #expect(audit.output.contains("portal revoke"))
    }

    @Test func theReceiptAndNewLinkTemplatesAreNoNotices() throws {
        let samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        for template in ["kvitto", "portal-lank"] {
            let notify = try samrad(
                "notify", "mal-2019", "--template", template, "--to", "boards",
                environment: ["SAMRAD_PUBLIC_URL": "https://samrad.kommun.example"])
            #expect(notify.status == 64, "\(template): \(notify.error)")
            #expect(notify.error.contains("no notice template '\(template)'"))
            #expect(notify.error.contains("the bundled ones are: beslut"))
        }
    }

    @Test func userAddReadsThePasswordFromStandardInputAndKeepsOnlyItsHash() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let added = try TestPaths.run(
            "/bin/sh", ["-c", "printf 'korrekt häftklammer 42\\n' | '\(Samrad.executable)' user add anna.karlsson"],
            environment: ["SAMRAD_NOW": samrad.now], in: samrad.folder)
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("Added the coordinator anna.karlsson."))
        let dump = try samrad.databaseSnapshot()
        #expect(dump.contains("$2b$12$"))
        #expect(!dump.contains("häftklammer"))
        let short = try TestPaths.run(
            "/bin/sh", ["-c", "printf 'kort\\n' | '\(Samrad.executable)' user add bo"], environment: ["SAMRAD_NOW": samrad.now],
            in: samrad.folder)
        #expect(short.status == 64)
        #expect(short.error.contains("at least 12 characters"))
    }

    @Test func servePrintsTheAddressItListensOnAndStopsOnSIGTERM() throws {
        let samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Samrad.executable)
        process.arguments = ["serve", "--listen", "127.0.0.1:0"]
        process.currentDirectoryURL = samrad.folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SAMRAD_") }
        environment["SAMRAD_PUBLIC_URL"] = "https://samrad.kommun.example"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The first line says where it listens: read it, and nothing more is needed to know the server is up.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.range(of: #"^listening on http://127\.0\.0\.1:[1-9][0-9]*$"#, options: .regularExpression) != nil, "\(text)")
        let address = text.replacingOccurrences(of: "listening on ", with: "")
        let fetched = try TestPaths.run(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sys, urllib.request, urllib.error\ntry: urllib.request.urlopen(sys.argv[1])\nexcept urllib.error.HTTPError as e: print(e.code)",
                "\(address)/svar/nothing",
            ])
        #expect(fetched.output == "404\n")
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        let busy = try samrad("serve", "--listen", "nonsense")
        #expect(busy.status == 64)
    }
}
