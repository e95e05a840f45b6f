import Foundation
import HTTPTypes
import Hummingbird
import SamradApp
import SamradCore
import SamradReport
import SamradStore

extension PortalServer {
    static let sessionCookie = "samrad_sessjon"

    /// The coordinator's pages under `/samordnare`, behind a login (or a single sign-on proxy's header from loopback).
    func addCoordinatorRoutes(to router: Router<PortalContext>) {
        router.get("/samordnare/logga-in") { _, _ in
            Pages.html(CoordinatorPages.login(csrf: secret.sign("login")))
        }
        router.post("/samordnare/logga-in") { request, context in try await login(request, context) }
        router.post("/samordnare/logga-ut") { request, context in
            let fields = try await form(request)
            guard let (_, csrf) = signedIn(request, context), Secret.equal(fields["csrf"], csrf) else {
                return Pages.html(BodyPages.expiredForm, status: .forbidden)
            }
            if let id = request.cookies[Self.sessionCookie]?.value { sessions.end(id) }
            var response = Pages.seeOther("/samordnare/logga-in")
            response.setCookie(cookie(value: "", maxAge: 0))
            return response
        }
        router.get("/samordnare") { request, context in
            try await page(request, context) { user, csrf in
                let rounds = try workspace.database.consultations()
                return Pages.html(CoordinatorPages.rounds(rounds, user: user, csrf: csrf))
            }
        }
        router.get("/samordnare/omatchade") { request, context in
            try await page(request, context) { user, csrf in
                Pages.html(CoordinatorPages.unmatched(try workspace.database.unmatched(), user: user, csrf: csrf))
            }
        }
        router.get("/samordnare/remiss/:round") { request, context in
            try await roundPage(request, context) { round, user, csrf in
                let status = try RoundStatus(workspace).status(round.id)
                return Pages.html(CoordinatorPages.status(status, round: round, user: user, csrf: csrf))
            }
        }
        router.get("/samordnare/remiss/:round/organ/:body") { request, context in
            try await roundPage(request, context) { round, user, csrf in
                let code = context.parameters.get("body") ?? ""
                let status = try RoundStatus(workspace).status(round.id)
                guard let row = status.rows.first(where: { $0.id == code }) else { return Pages.error(status: .notFound) }
                let answers = try workspace.database.responses(consultation: round.id, body: code)
                return Pages.html(CoordinatorPages.body(row, answers: answers, round: round, user: user, csrf: csrf))
            }
        }
        router.get("/samordnare/remiss/:round/granska") { request, context in
            try await roundPage(request, context) { round, user, csrf in
                Pages.html(CoordinatorPages.review(try RoundReview(workspace).items(round.id), round: round, user: user, csrf: csrf))
            }
        }
        router.get("/samordnare/remiss/:round/diarium") { request, context in
            try await roundPage(request, context) { round, user, csrf in
                Pages.html(
                    CoordinatorPages.register(try workspace.database.register(consultation: round.id), round: round, user: user, csrf: csrf)
                )
            }
        }
        router.get("/samordnare/remiss/:round/rapport") { request, context in
            try await roundPage(request, context) { round, _, _ in
                let report = HTMLReport.render(try RoundReport(workspace).build(round.id))
                return Pages.html(Self.withoutInlineStyle(report, stylesheet: "/samordnare/remiss/\(round.id)/rapport.css"))
            }
        }
        router.get("/samordnare/remiss/:round/rapport.css") { request, context in
            try await roundPage(request, context) { _, _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: HTMLReport.stylesheet)))
            }
        }
    }

    /// The report with its inline stylesheet moved to a file of its own, which the Content-Security-Policy allows.
    static func withoutInlineStyle(_ html: String, stylesheet: String) -> String {
        guard let start = html.range(of: "<style>"), let end = html.range(of: "</style>", range: start.upperBound..<html.endIndex) else {
            return html
        }
        return html.replacingCharacters(in: start.lowerBound..<end.upperBound, with: "<link rel=\"stylesheet\" href=\"\(stylesheet)\">")
    }

    /// The session cookie: only for the coordinator's pages, never to scripts, never cross-site, and only over https
    /// when the portal is reached by https.
    func cookie(value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(
            name: Self.sessionCookie, value: value, maxAge: maxAge, path: "/samordnare",
            secure: workspace.publicURL?.isSecure ?? false, httpOnly: true, sameSite: .strict)
    }

    /// The coordinator and the CSRF token of the session, from the single sign-on header (from loopback only) or
    /// the session cookie.
    func signedIn(_ request: Request, _ context: PortalContext) -> (user: String, csrf: String)? {
        if let header = configuration.trustedUserHeader, context.fromLoopback, let name = HTTPField.Name(header),
            let user = request.headers[name]?.trimmingCharacters(in: .whitespaces), !user.isEmpty, user.count <= 128
        {
            return (user, secret.sign("sso:" + user))
        }
        guard let id = request.cookies[Self.sessionCookie]?.value, let session = sessions.session(id) else { return nil }
        return (session.user, session.csrf)
    }

    /// A page that needs a coordinator: the login page otherwise.
    func page(
        _ request: Request, _ context: PortalContext, _ make: @escaping @Sendable (String, String) throws -> Response
    ) async throws -> Response {
        guard let (user, csrf) = signedIn(request, context) else { return Pages.seeOther("/samordnare/logga-in") }
        return try await blocking { try make(user, csrf) }
    }

    /// A page of one round.
    func roundPage(
        _ request: Request, _ context: PortalContext, _ make: @escaping @Sendable (Consultation, String, String) throws -> Response
    ) async throws -> Response {
        let id = context.parameters.get("round") ?? ""
        return try await page(request, context) { user, csrf in
            guard let stored = try workspace.database.consultation(id) else { return Pages.error(status: .notFound) }
            return try make(stored.consultation, user, csrf)
        }
    }

    /// A small posted form.
    func form(_ request: Request) async throws -> FormData {
        var request = request
        let body = try await request.collectBody(upTo: Self.formLimit)
        return (try? FormData.parse(contentType: request.headers[.contentType], body: Data(buffer: body))) ?? FormData()
    }

    /// Checks a login; refused ones count against the client address.
    func login(_ request: Request, _ context: PortalContext) async throws -> Response {
        let client = context.clientAddress(request)
        if let wait = loginFailures.wait(for: client) {
            var response = Pages.html(BodyPages.tooMany, status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, wait.components.seconds))
            return response
        }
        let fields = try await form(request)
        guard Secret.equal(fields["csrf"], secret.sign("login")) else { return Pages.html(BodyPages.expiredForm, status: .forbidden) }
        let name = fields["namn"]
        let password = fields["losenord"]
        let accounts = CoordinatorAccounts(workspace)
        guard try await blocking({ try accounts.verify(name: name, password: password) }) else {
            loginFailures.fail(client)
            return Pages.html(
                CoordinatorPages.login(csrf: secret.sign("login"), error: "Fel användarnamn eller lösenord.", name: name),
                status: .unauthorized)
        }
        var response = Pages.seeOther("/samordnare")
        response.setCookie(cookie(value: sessions.start(user: name)))
        return response
    }
}
