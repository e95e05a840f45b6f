import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SamradApp
import SamradCore
import SamradStore
import Testing

@testable import SamradPortal

/// What the portal does with hostile requests: forged forms, guessed links, markup in names and answers, bad uploads.
@Suite("Portal security")
struct SecurityTests {
    /// How many messages in the round's register has.
    static func incoming(_ fixture: PortalFixture) throws -> Int {
        try fixture.database.register(consultation: "mal-2019").filter { $0.direction == .incoming }.count
    }

    @Test func aForgedCSRFTokenIsRefusedAndRecordsNothing() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        let otherToken = try fixture.token(for: "SN")
        try await fixture.test(fixture.server()) { client in
            // Another body's valid token, a made-up one, and none at all.
            let other = try #require(try await client.execute(uri: "/svar/\(otherToken)", method: .get).text.csrf)
            for csrf in [other, String(repeating: "0", count: 64), ""] {
                let response = try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: csrf, stances: [1: "supports"]))
                #expect(response.status == .forbidden)
                #expect(response.text.contains("Formuläret har gått ut"))
            }
        }
        // A form from an earlier run of the server (another secret) is refused too.
        let earlier = try await fixture.test(fixture.server()) { client in
            try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf
        }
        let status = try await fixture.test(fixture.server()) { client in
            try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: earlier ?? "", stances: [1: "supports"])).status
        }
        #expect(status == .forbidden)
        #expect(try Self.incoming(fixture) == 0)
    }

    @Test func wrongTokensAreAnsweredAlikeUntilTheRateLimitAnswersForEveryLink() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            var statuses: [HTTPResponse.Status: Int] = [:]
            var bodies = Set<String>()
            for attempt in 0..<1000 {
                // Well-formed guesses and malformed ones.
                let guess = attempt.isMultiple(of: 2) ? PortalTokens.newToken() : "x\(attempt)"
                let response = try await client.execute(uri: "/svar/\(guess)", method: .get)
                statuses[response.status, default: 0] += 1
                if response.status == .notFound { bodies.insert(response.text) }
            }
            #expect(statuses[.notFound] == 20)
            #expect(statuses[.tooManyRequests] == 980)
            #expect(bodies.count == 1, "every wrong token gets the same page")
            // While the address waits, even the right link is not told apart from a wrong one.
            let right = try await client.execute(uri: "/svar/\(token)", method: .get)
            #expect(right.status == .tooManyRequests)
            #expect(right.headers[.retryAfter] != nil)
        }
        // Another server (a fresh limit) opens the link.
        let status = try await fixture.test(fixture.server()) { client in
            try await client.execute(uri: "/svar/\(token)", method: .get).status
        }
        #expect(status == .ok)
    }

    static let corpus = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'><svg/onload=alert(1)>", "</textarea><script>alert(2)</script>",
        "javascript:alert(3)", "<a href=\"javascript:alert(4)\">x</a>", "&lt;script&gt;", "\u{202E}gnp.exe", "<style>*{}</style>",
        "{{body.name}}", "<!--", "]]>",
    ]

    @Test(arguments: corpus)
    func markupInABodysNameAnAreasTitleAndAnAnswerIsShownAsText(_ payload: String) async throws {
        let fixture = try PortalFixture(bodyName: "Nämnd \(payload)", areaTitle: "Mål \(payload)")
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let page = try await client.execute(uri: "/svar/\(token)", method: .get).text
            let csrf = try #require(page.csrf)
            var form = BodyPageTests.form(csrf: csrf, stances: [1: "supports"], text: [1: payload])
            form.field("allmant", payload)
            _ = try await BodyPageTests.post(client, token, form)
            for uri in ["/svar/\(token)", "/svar/\(token)/kvitto"] {
                let text = try await client.execute(uri: uri, method: .get).text
                #expect(!text.contains(payload) || !payload.contains(where: { "<>\"'".contains($0) }), "\(uri) shows \(payload) raw")
                #expect(!text.contains("<script"), "\(uri)")
                #expect(!text.contains("<img") && !text.contains("<svg") && !text.contains("<a href=\"javascript"), "\(uri)")
                #expect(text.contains(HTML.escape(payload)), "\(uri) does not show \(payload) as text")
            }
        }
    }

    @Test func anOversizedUploadIsRefusedWithoutRecordingAnything() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            // Past the document limit but within the request limit: the field's error.
            var form = BodyPageTests.form(csrf: csrf, stances: [1: "supports"])
            form.file(
                "dokument", filename: "stor.pdf", contentType: "application/pdf",
                data: Data("%PDF-1.4\n".utf8) + Data(count: PortalAnswers.documentLimit + 10))
            let large = try await BodyPageTests.post(client, token, form)
            #expect(large.status == .unprocessableContent)
            #expect(large.text.contains("Filen är för stor"))
            // Past the request limit: refused before it is read whole.
            var huge = BodyPageTests.form(csrf: csrf, stances: [1: "supports"])
            huge.file("dokument", filename: "huge.pdf", contentType: "application/pdf", data: Data(count: PortalServer.uploadLimit + 1))
            let refused = try await BodyPageTests.post(client, token, huge)
            #expect(refused.status == .contentTooLarge)
        }
        #expect(try Self.incoming(fixture) == 0)
    }

    @Test(arguments: [
        ("bild.pdf", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(count: 64)),
        ("yttrande.docx", Data("PK\u{3}\u{4}just a zip without a document".utf8)),
        ("sida.pdf", Data("<html><script>alert(1)</script></html>".utf8)),
    ])
    func aFileThatIsNoPDFDOCXOrODTIsRefusedWhateverItsName(_ name: String, _ data: Data) async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            var form = BodyPageTests.form(csrf: csrf, stances: [1: "supports"])
            form.file("dokument", filename: name, contentType: "application/pdf", data: data)
            let response = try await BodyPageTests.post(client, token, form)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("<a href=\"#dokument\">Filen är inte en PDF-, DOCX- eller ODT-fil."))
        }
        #expect(try Self.incoming(fixture) == 0)
        #expect(!FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("attachments").path))
    }

    @Test(arguments: ["../../../../tmp/samrad-evil.pdf", "..\\..\\evil.pdf", "/etc/passwd.pdf", "a/../../b.pdf", "....//x.pdf"])
    func aPathInTheUploadsNameNeverLeavesTheStore(_ name: String) async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            var form = BodyPageTests.form(csrf: csrf, stances: [1: "supports"])
            form.file("dokument", filename: name, contentType: "application/pdf", data: Data("%PDF-1.4\n\(name)\n".utf8))
            #expect(try await BodyPageTests.post(client, token, form).status == .seeOther)
        }
        let submission = try #require(try fixture.database.portalSubmissions(RoundBody(consultation: "mal-2019", body: "BUN")).last)
        let document = try #require(submission.form.document)
        #expect(!document.filename.contains("/") && !document.filename.contains("\\") && !document.filename.hasPrefix("."))
        let store = fixture.folder.appendingPathComponent("attachments").standardizedFileURL.path
        let stored = fixture.folder.appendingPathComponent("attachments").appendingPathComponent(document.path).standardizedFileURL.path
        #expect(stored.hasPrefix(store + "/"))
        #expect(FileManager.default.fileExists(atPath: stored))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/samrad-evil.pdf"))
    }

    @Test func theTokenOfALinkNeverReachesTheLogOrTheDatabase() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            _ = try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: csrf, stances: [1: "supports"]))
            _ = try await client.execute(uri: "/svar/\(token)/kvitto", method: .get)
        }
        let lines = fixture.log.all
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { !$0.contains(token) })
        #expect(lines.first?.hasPrefix("GET /svar/… 200") == true)
        #expect(lines.last?.hasPrefix("GET /svar/…/kvitto 200") == true)
        for suffix in ["", "-wal"] {
            let path = fixture.folder.appendingPathComponent("samrad.sqlite\(suffix)").path
            let bytes = FileManager.default.contents(atPath: path) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "the token is in samrad.sqlite\(suffix)")
        }
        #expect(try fixture.database.portalLink(tokenSHA256: PortalTokens.digest(token)) != nil)
    }

    @Test func aTokenHas256RandomBitsInBase64url() {
        let tokens = (0..<200).map { _ in PortalTokens.newToken() }
        #expect(Set(tokens).count == 200)
        #expect(tokens.allSatisfy { PortalTokens.isWellFormed(Substring($0)) })
        #expect(
            Data(base64Encoded: tokens[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=")?.count
                == 32)
    }
}
