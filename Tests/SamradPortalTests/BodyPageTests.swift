import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SamradApp
import SamradCore
import SamradStore
import SamradTestSupport
import Testing

@testable import SamradPortal

/// A body's page through its link: what it shows, what a submission records, and how it closes.
@Suite("The body's page")
struct BodyPageTests {
    /// A filled-in form for the body's page.
    static func form(csrf: String, action: String = "skicka", stances: [Int: String], text: [Int: String] = [:]) -> Multipart {
        var form = Multipart()
        form.field("csrf", csrf)
        for (area, stance) in stances { form.field("omrade-\(area)-stallning", stance) }
        for (area, value) in text { form.field("omrade-\(area)-text", value) }
        form.field("namn", "Fiktiv Sekreterare")
        form.field("roll", "nämndsekreterare")
        form.field("atgard", action)
        return form
    }

    static func post(_ client: some TestClientProtocol, _ token: String, _ form: Multipart) async throws -> TestResponse {
        try await client.execute(
            uri: "/svar/\(token)", method: .post, headers: [.contentType: form.contentType], body: form.body)
    }

    @Test func aLinkOpensTheBodysPageWithAFieldsetPerGoalAreaUnderAStrictPolicy() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let response = try await client.execute(uri: "/svar/\(token)", method: .get)
            #expect(response.status == .ok)
            #expect(
                response.headers[HTTPField.Name("Content-Security-Policy")!]
                    == "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'")
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            let page = response.text
            #expect(page.contains("<legend>Målområde 1. <bdi>Hållbar tillväxt och samhällsplanering</bdi></legend>"))
            #expect(page.contains("<legend>Målområde 2. <bdi>Utbildning, arbete och näringsliv</bdi></legend>"))
            for stance in ["Tillstyrker", "Avstyrker", "Varken eller", "Avstår"] { #expect(page.contains(">\(stance)</label>")) }
            #expect(page.contains("Barn- och utbildningsnämnden"))
            #expect(page.contains("KS 2019/017"))
            #expect(page.contains("/kalender.ics"))
            #expect(page.contains("forslag.pdf"))
            #expect(!page.contains("<script"))
            #expect(!page.contains("style="))
            #expect(page.csrf != nil)
        }
    }

    @Test func aSubmissionIsRegisteredCountedWithItsEvidenceAndConfirmedByAReceipt() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let page = try await client.execute(uri: "/svar/\(token)", method: .get).text
            var form = Self.form(csrf: try #require(page.csrf), stances: [1: "supports", 2: "opposes"], text: [2: "Målet är för vagt."])
            form.file("dokument", filename: "yttrande.pdf", contentType: "application/pdf", data: Data("%PDF-1.7\nyttrande\n".utf8))
            let response = try await Self.post(client, token, form)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/svar/\(token)/kvitto")
            let receipt = try await client.execute(uri: "/svar/\(token)/kvitto", method: .get).text
            #expect(receipt.contains("KS 2019/017-1"))
        }
        let workspace = fixture.workspace(at: PortalFixture.beforeDeadline)
        let row = try #require(try RoundStatus(workspace).status("mal-2019").rows.first { $0.id == "BUN" })
        #expect(row.answers == ["1": .supports, "2": .opposes])
        #expect(row.evidence["2"]?.rule == .portal)
        #expect(row.evidence["2"]?.clause == "Avstyrker: Målet är för vagt.")
        let register = try fixture.database.register(consultation: "mal-2019").filter { $0.direction == .incoming }
        #expect(register.map(\.kind) == ["portal"])
        #expect(register.first?.body == "BUN")
        let receipts = fixture.transport.deliveries.filter { $0.mail.fileStem.contains("portal-receipt") }
        #expect(Set(receipts.map(\.envelope.recipient.description)) == ["bun@kommun.example", "fiktiv.sekreterare@kommun.example"])
        let text = String(decoding: try #require(receipts.first).mail.data, as: UTF8.self)
        #expect(text.contains("Subject: =?utf-8?") || text.contains("Subject: Kvitto"))
        #expect(text.contains("yttrande.pdf"))
        #expect(try fixture.database.responses(consultation: "mal-2019", body: "BUN").map(\.kind) == [.portal])
    }

    @Test func aChangedAnswerCountsAndAnAreaLeftBlankLosesItsStance() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            _ = try await Self.post(client, token, Self.form(csrf: csrf, stances: [1: "supports", 2: "opposes"]))
            let again = try await Self.post(client, token, Self.form(csrf: csrf, stances: [1: "declines"]))
            #expect(again.status == .seeOther)
            let page = try await client.execute(uri: "/svar/\(token)", method: .get).text
            #expect(page.contains("Skickade svar"))
            #expect(page.contains("KS 2019/017-3"))  // -2 is the first receipt, a message out
        }
        let row = try #require(
            try RoundStatus(fixture.workspace(at: PortalFixture.beforeDeadline)).status("mal-2019").rows.first { $0.id == "BUN" })
        #expect(row.answers == ["1": .declines])
        #expect(try fixture.database.portalSubmissions(RoundBody(consultation: "mal-2019", body: "BUN")).count == 2)
    }

    @Test func aDraftIsKeptButNotRegistered() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            let saved = try await Self.post(
                client, token, Self.form(csrf: csrf, action: "utkast", stances: [2: "neutral"], text: [2: "Utkast"]))
            #expect(saved.status == .seeOther)
            let page = try await client.execute(uri: "/svar/\(token)?utkast=sparat", method: .get).text
            #expect(page.contains("Utkastet är sparat."))
            #expect(page.contains("value=\"neutral\" checked"))
            #expect(page.contains(">Utkast</textarea>"))
        }
        #expect(try fixture.database.register(consultation: "mal-2019").filter { $0.direction == .incoming }.isEmpty)
    }

    @Test func aFormWithoutWhoAnswersShowsAnErrorSummaryLinkedToTheField() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            var form = Multipart()
            form.field("csrf", csrf)
            form.field("omrade-1-stallning", "supports")
            form.field("atgard", "skicka")
            let response = try await Self.post(client, token, form)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("<a href=\"#namn\">Skriv vem som svarar.</a>"))
            #expect(response.text.contains("aria-invalid=\"true\""))
            #expect(response.text.contains("value=\"supports\" checked"))
        }
        #expect(try fixture.database.register(consultation: "mal-2019").filter { $0.direction == .incoming }.isEmpty)
    }

    @Test func afterTheDeadlineThePageShowsWhatWasSentAndTakesNoMore() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            _ = try await Self.post(client, token, Self.form(csrf: csrf, stances: [1: "supports"], text: [1: "I tid"]))
        }
        try await fixture.test(fixture.server(at: PortalFixture.afterDeadline)) { client in
            let page = try await client.execute(uri: "/svar/\(token)", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("Remissen är stängd"))
            #expect(page.text.contains("I tid"))
            #expect(!page.text.contains("<form method=\"post\" action=\"/svar/"))
            let late = try await Self.post(client, token, Self.form(csrf: "0", stances: [1: "opposes"]))
            #expect(late.status == .forbidden)
        }
        #expect(try fixture.database.portalSubmissions(RoundBody(consultation: "mal-2019", body: "BUN")).count == 1)
    }

    @Test func lateAnswersAreTakenAndMarkedLateWhenTheRoundAllowsThem() async throws {
        let fixture = try PortalFixture(lateAnswers: true)
        let token = try fixture.token()
        try await fixture.test(fixture.server(at: PortalFixture.afterDeadline)) { client in
            let page = try await client.execute(uri: "/svar/\(token)", method: .get).text
            #expect(page.contains("markeras som sent"))
            _ = try await Self.post(client, token, Self.form(csrf: try #require(page.csrf), stances: [1: "supports"]))
        }
        let entry = try fixture.database.register(consultation: "mal-2019").first { $0.direction == .incoming }
        #expect(entry?.state == "late")
    }

    @Test func aRevokedLinkSaysSoWithoutNamingTheBodyAndResendSendsANewOne() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        let workspace = fixture.workspace(at: PortalFixture.beforeDeadline)
        #expect(try PortalTokens(workspace).revoke("mal-2019", body: "BUN") == 1)
        try await fixture.test(fixture.server()) { client in
            let response = try await client.execute(uri: "/svar/\(token)", method: .get)
            #expect(response.status == .gone)
            #expect(response.text.contains("Länken har ersatts"))
            #expect(!response.text.contains("Barn- och utbildningsnämnden"))
        }
        let (_, newLink, _) = try MailoutSender(workspace).resend("mal-2019", body: "BUN")
        #expect(newLink)
        let mail = try #require(fixture.transport.deliveries.last)
        // The link may be soft-wrapped by quoted-printable: join the lines as a mail reader does.
        let text = String(decoding: mail.mail.data, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
        let fresh = try #require(text.range(of: #"https://samrad\.kommun\.example/svar/[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        let newToken = String(text[fresh].split(separator: "/").last ?? "")
        #expect(newToken != token)
        let status = try await fixture.test(fixture.server()) { client in
            try await client.execute(uri: "/svar/\(newToken)", method: .get).status
        }
        #expect(status == .ok)
    }

    @Test func theRoundsDocumentIsADownloadThatIsNeverSniffed() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let response = try await client.execute(uri: "/svar/\(token)/dokument/0", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let calendar = try await client.execute(uri: "/svar/\(token)/kalender.ics", method: .get)
            #expect(calendar.text.contains("BEGIN:VCALENDAR"))
            let missing = try await client.execute(uri: "/svar/\(token)/dokument/7", method: .get)
            #expect(missing.status == .notFound)
        }
    }
}

/// The receipt goes through the ledger before the receipt page, unless the mail server is slow.
@Suite("The receipt")
struct ReceiptTests {
    @Test func aSlowMailServerDoesNotHoldTheReceiptPageAndTheReceiptStaysInTheLedger() async throws {
        let gate = DispatchSemaphore(value: 0)
        let transport = RecordingTransport { _ in
            gate.wait()
            return .sent(reply: "250 2.0.0 Ok")
        }
        let fixture = try PortalFixture(transport: transport)
        let token = try fixture.token()
        let status = try await fixture.test(fixture.server(receiptWait: .milliseconds(300))) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            return try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: csrf, stances: [1: "supports"])).status
        }
        #expect(status == .seeOther)
        // The page came while the receipt's delivery was still held by the server.
        let held = try fixture.database.deliveries(consultation: "mal-2019").filter { $0.message.key.hasPrefix("portal-receipt.") }
        #expect(held.count == 2)
        #expect(held.allSatisfy { $0.state == .sending })
        gate.signal()
        gate.signal()
    }
}

/// What a person was to look at is settled once the body itself answers in the portal.
@Suite("Review and the portal")
struct ReviewTests {
    @Test func aReviewItemOnAnAreaIsResolvedWhenTheBodyAnswersItInThePortal() async throws {
        let fixture = try PortalFixture()
        let token = try fixture.token()
        let reply = ImportItem(
            record: IncomingRecord(
                key: "<svar@bun.kommun.example>", kind: .reply, match: RoundBody(consultation: "mal-2019", body: "BUN"),
                matchedBy: .senderAlone, sender: "bun@kommun.example", subject: "Svar", sentAt: PortalFixture.beforeDeadline,
                source: "svar.eml", raw: nil),
            contributions: [Contribution(goalArea: 2, stance: .unstated, text: "Målområde 2 behöver diskuteras.")],
            review: [ReviewNote(kind: .areaWithoutStance, area: 2, detail: "målområde 2 utan ställningstagande")])
        _ = try fixture.database.importItems([reply], now: PortalFixture.beforeDeadline.addingTimeInterval(-3600)) { _ in [] }
        let review = RoundReview(fixture.workspace(at: PortalFixture.beforeDeadline))
        #expect(try review.items("mal-2019").map(\.area) == [2])
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            _ = try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: csrf, stances: [2: "supports"]))
        }
        #expect(try review.items("mal-2019").isEmpty)
        #expect(try review.items("mal-2019", includeResolved: true).map(\.resolved) == [true])
    }
}
