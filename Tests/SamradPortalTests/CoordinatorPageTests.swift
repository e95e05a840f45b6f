import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SamradApp
import SamradCore
import SamradStore
import Testing

@testable import SamradPortal

/// The coordinator's pages: a login with a bcrypt password and a server-side session, or a single sign-on header
/// from loopback only.
@Suite("The coordinator's pages")
struct CoordinatorPageTests {
    static let password = "korrekt häftklammer 42"

    /// Logs in and returns the session cookie as sent back.
    static func login(_ client: some TestClientProtocol, name: String = "anna.karlsson", password: String = password) async throws
        -> TestResponse
    {
        let page = try await client.execute(uri: "/samordnare/logga-in", method: .get).text
        let csrf = page.csrf ?? ""
        let body = "csrf=\(csrf)&namn=\(name)&losenord=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        return try await client.execute(
            uri: "/samordnare/logga-in", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
    }

    @Test func everyPageAsksForALoginAndAWrongPasswordIsRefused() async throws {
        let fixture = try PortalFixture()
        try CoordinatorAccounts(fixture.workspace(at: PortalFixture.beforeDeadline)).set(name: "anna.karlsson", password: Self.password)
        try await fixture.test(fixture.server()) { client in
            for uri in ["/samordnare", "/samordnare/omatchade", "/samordnare/remiss/mal-2019", "/samordnare/remiss/mal-2019/rapport"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther, "\(uri)")
                #expect(response.headers[.location] == "/samordnare/logga-in")
            }
            let wrong = try await Self.login(client, password: "fel lösenord 1234")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.headers[.setCookie] == nil)
            let unknown = try await Self.login(client, name: "okand")
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func aLoginStartsAStrictHttpOnlySecureSessionThatShowsEveryPage() async throws {
        let fixture = try PortalFixture()
        try CoordinatorAccounts(fixture.workspace(at: PortalFixture.beforeDeadline)).set(name: "anna.karlsson", password: Self.password)
        let token = try fixture.token()
        try await fixture.test(fixture.server()) { client in
            let csrf = try #require(try await client.execute(uri: "/svar/\(token)", method: .get).text.csrf)
            _ = try await BodyPageTests.post(client, token, BodyPageTests.form(csrf: csrf, stances: [1: "supports"], text: [1: "Bra"]))
            let login = try await Self.login(client)
            #expect(login.status == .seeOther)
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/samordnare"))
            let session = String(cookie.split(separator: ";")[0])
            let pages: [(String, String)] = [
                ("/samordnare", "Nya mål för mandatperioden"),
                ("/samordnare/remiss/mal-2019", "tillstyrker"),
                ("/samordnare/remiss/mal-2019/organ/BUN", "lämnat i svarsportalen"),
                ("/samordnare/remiss/mal-2019/granska", "Att granska"),
                ("/samordnare/omatchade", "Omatchad post"),
                ("/samordnare/remiss/mal-2019/diarium", "portal"),
                ("/samordnare/remiss/mal-2019/rapport", "Sammanställning"),
            ]
            for (uri, expected) in pages {
                let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: session])
                #expect(response.status == .ok, "\(uri)")
                #expect(response.text.contains(expected), "\(uri) lacks \(expected)")
                #expect(!response.text.contains("<style"), "\(uri) has an inline style")
            }
            let css = try await client.execute(uri: "/samordnare/remiss/mal-2019/rapport.css", method: .get, headers: [.cookie: session])
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
        }
    }

    @Test func aCookieIsNotSecureWhenThePortalIsReachedByPlainHttp() async throws {
        let fixture = try PortalFixture()
        try CoordinatorAccounts(fixture.workspace(at: PortalFixture.beforeDeadline)).set(name: "anna.karlsson", password: Self.password)
        let cookie = try await fixture.test(fixture.server(publicURL: "http://127.0.0.1:8080")) { client in
            try await Self.login(client).headers[.setCookie]
        }
        #expect(cookie?.contains("Secure") == false)
        #expect(cookie?.contains("SameSite=Strict") == true)
    }

    @Test func aLogoutNeedsTheSessionsCSRFTokenAndEndsTheSession() async throws {
        let fixture = try PortalFixture()
        try CoordinatorAccounts(fixture.workspace(at: PortalFixture.beforeDeadline)).set(name: "anna.karlsson", password: Self.password)
        try await fixture.test(fixture.server()) { client in
            let cookie = String(try #require(try await Self.login(client).headers[.setCookie]).split(separator: ";")[0])
            let page = try await client.execute(uri: "/samordnare", method: .get, headers: [.cookie: cookie]).text
            let forged = try await client.execute(
                uri: "/samordnare/logga-ut", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(String(repeating: "a", count: 43))"))
            #expect(forged.status == .forbidden)
            let out = try await client.execute(
                uri: "/samordnare/logga-ut", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(try #require(page.csrf))"))
            #expect(out.status == .seeOther)
            let after = try await client.execute(uri: "/samordnare", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .seeOther)
        }
    }

    @Test func theSingleSignOnHeaderIsTakenFromLoopbackOnly() async throws {
        let fixture = try PortalFixture()
        let server = fixture.server(trustedUserHeader: "X-Remote-User")
        let header = HTTPField.Name("X-Remote-User")!
        // Through the router there is no peer: the header of an unknown peer is not trusted.
        let status = try await fixture.test(server) { client in
            try await client.execute(uri: "/samordnare", method: .get, headers: [header: "anna.karlsson"]).status
        }
        #expect(status == .seeOther)
        // Over a real connection from 127.0.0.1 it is.
        let app = Application(router: server.router())
        let live = try await app.test(.live) { client in
            try await client.execute(uri: "/samordnare", method: .get, headers: [header: "anna.karlsson"])
        }
        #expect(live.status == .ok)
        #expect(live.text.contains("anna.karlsson"))
    }

    @Test func aUserNeedsAUsableNameAndALongEnoughPassword() throws {
        let fixture = try PortalFixture()
        let accounts = CoordinatorAccounts(fixture.workspace(at: PortalFixture.beforeDeadline))
        #expect(throws: SamradError.self) { try accounts.set(name: "anna karlsson", password: Self.password) }
        #expect(throws: SamradError.self) { try accounts.set(name: "anna", password: "kort") }
        #expect(try accounts.set(name: "anna", password: Self.password))
        #expect(try accounts.set(name: "anna", password: Self.password + "!") == false)
        #expect(try accounts.verify(name: "anna", password: Self.password + "!"))
        #expect(try accounts.verify(name: "anna", password: Self.password) == false)
        #expect(try fixture.database.coordinatorPasswordHash("anna")?.hasPrefix("$2b$12$") == true)
    }
}
