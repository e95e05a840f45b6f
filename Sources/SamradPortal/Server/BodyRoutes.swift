import Foundation
import Hummingbird
import SamradApp
import SamradCore
import SamradStore

extension PortalServer {
    /// A body's pages under `/svar/{token}`. A wrong token is answered like any other wrong token, and counts against
    /// the client address: past the limit, every `/svar` request of that address waits.
    func addBodyRoutes(to router: Router<PortalContext>) {
        router.get("/svar/:token") { request, context in
            let plain = request.uri.query == nil
            return try await guarded(request, context, cached: plain) { token, page in
                let html = ByteBuffer(
                    string: bodyPageHTML(
                        page, token: token, notice: request.uri.queryParameters["utkast"] == "sparat" ? "Utkastet är sparat." : nil))
                if plain { pages.keep(String(token), html) }
                return Pages.html(html)
            }
        }
        router.post("/svar/:token") { request, context in
            try await guarded(request, context, history: false) { token, page in try await post(token, page: page, request: request) }
        }
        router.get("/svar/:token/kvitto") { request, context in
            try await guarded(request, context) { token, page in
                guard let last = page.submissions.last else { return bodyPage(page, token: token) }
                return Pages.html(BodyPages.receipt(page, submission: last, token: String(token)))
            }
        }
        router.get("/svar/:token/dokument/:index") { request, context in
            try await guarded(request, context, history: false) { token, _ in
                guard let index = context.parameters.get("index", as: Int.self),
                    let file = try await blocking({ try answers.roundDocument(token, index: index) })
                else { return Pages.error(status: .notFound) }
                return Pages.download(file.data, filename: file.filename, contentType: file.contentType)
            }
        }
        router.get("/svar/:token/kalender.ics") { request, context in
            try await guarded(request, context, history: false) { token, _ in
                guard let text = try await blocking({ try answers.calendar(token) }) else { return Pages.error(status: .notFound) }
                return Pages.download(Data(text.utf8), filename: "remiss.ics", contentType: "text/calendar; charset=utf-8")
            }
        }
    }

    /// Answers a request under `/svar/{token}`: 429 while the client address must wait, the same page for every
    /// wrong token (counted), else what `handle` makes of the token.
    func guarded(
        _ request: Request, _ context: PortalContext, history: Bool = true, cached: Bool = false,
        _ handle: (Substring, PortalAnswers.BodyPage) async throws -> Response
    ) async throws -> Response {
        let client = context.clientAddress(request)
        if let wait = linkFailures.wait(for: client) {
            var response = Pages.html(BodyPages.tooMany, status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, wait.components.seconds))
            return response
        }
        let token = Substring(context.parameters.get("token") ?? "")
        if cached, let page = pages.page(String(token)) { return Pages.html(page) }
        let access = PortalTokens.isWellFormed(token) ? try await blocking({ try answers.access(token, history: history) }) : .unknown
        switch access {
        case .unknown:
            linkFailures.fail(client)
            return Pages.html(BodyPages.unknownLink, status: .notFound)
        case .revoked:
            return Pages.html(BodyPages.revokedLink, status: .gone)
        case .roundClosed:
            return Pages.html(BodyPages.roundClosed, status: .gone)
        case .page(let page):
            return try await handle(token, page)
        }
    }

    /// The CSRF token of a body's form: bound to its link and to this run of the server.
    func csrf(forLink token: Substring) -> String {
        secret.sign("svar:" + PortalTokens.digest(token))
    }

    /// The body's page: the form while it takes answers, else what was sent.
    func bodyPage(
        _ page: PortalAnswers.BodyPage, token: Substring, form: PortalForm? = nil, errors: [PortalAnswers.FieldError] = [],
        notice: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        Pages.html(bodyPageHTML(page, token: token, form: form, errors: errors, notice: notice), status: page.open ? status : .ok)
    }

    func bodyPageHTML(
        _ page: PortalAnswers.BodyPage, token: Substring, form: PortalForm? = nil, errors: [PortalAnswers.FieldError] = [],
        notice: String? = nil
    ) -> String {
        guard page.open else { return BodyPages.closed(page) }
        return BodyPages.form(
            page, token: String(token), csrf: csrf(forLink: token), form: form ?? page.form, errors: errors, notice: notice)
    }

    /// The page again with what was typed and what to correct; it shows the body's whole history.
    func correctionPage(
        _ token: Substring, form: PortalForm, errors: [PortalAnswers.FieldError], status: HTTPResponse.Status
    ) async throws -> Response {
        guard case .page(let page) = try await blocking({ try answers.access(token) }) else {
            return Pages.html(BodyPages.unknownLink, status: .notFound)
        }
        return bodyPage(page, token: token, form: form, errors: errors, status: status)
    }

    /// A posted form: a draft kept, or an answer registered with its receipt.
    func post(_ token: Substring, page: PortalAnswers.BodyPage, request: Request) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.uploadLimit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            let message = "Filen är för stor: högst \(PortalAnswers.documentLimit / 1024 / 1024) MB."
            return try await correctionPage(
                token, form: page.form, errors: [.init(field: "dokument", message: message)], status: .contentTooLarge)
        }
        let fields: FormData
        do {
            fields = try FormData.parse(contentType: request.headers[.contentType], body: Data(buffer: body))
        } catch {
            return Pages.error(status: .badRequest)
        }
        guard Secret.equal(fields["csrf"], csrf(forLink: token)) else {
            return Pages.html(BodyPages.expiredForm, status: .forbidden)
        }
        guard page.open else { return Pages.html(BodyPages.closed(page), status: .forbidden) }
        var form = PortalForm(
            areas: page.round.goalAreas.map { area in
                PortalForm.Area(
                    id: area.id, stance: Stance(rawValue: fields["omrade-\(area.id)-stallning"]), text: fields["omrade-\(area.id)-text"])
            }, general: fields["allmant"], respondent: fields["namn"], role: fields["roll"])
        form.document = page.form.document
        let upload = fields.files["dokument"].flatMap { file in
            file.data.isEmpty && file.filename.isEmpty ? nil : PortalAnswers.Upload(filename: file.filename, data: file.data)
        }
        let given = form
        do {
            if fields["atgard"] == "utkast" {
                _ = try await blocking { try answers.saveDraft(page, form: given, upload: upload) }
                pages.clear()
                return Pages.seeOther("/svar/\(token)?utkast=sparat")
            }
            _ = try await blocking { try answers.submit(page, form: given, upload: upload) }
            pages.clear()
            await courier.deliver(within: configuration.receiptWait)
            return Pages.seeOther("/svar/\(token)/kvitto")
        } catch let refusal as PortalAnswers.Refusal {
            return try await correctionPage(token, form: given, errors: refusal.errors, status: .unprocessableContent)
        }
    }
}
