import Hummingbird

/// Sets the headers every response carries: a strict Content-Security-Policy (no script, no inline style), no
/// sniffing, no framing, no referrer (a body's address holds its token), and no caching of pages.
/// An error no route expected is logged and answered with a page of its own, under the same headers.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = PortalContext

    static let policy = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"

    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = Pages.error(status: error.status)
        } catch {
            log("error: \(RequestLog.redacted(request.uri.path)): \(error)")
            response = Pages.error(status: .internalServerError)
        }
        response.headers[PortalHeaders.contentSecurityPolicy] = Self.policy
        response.headers[PortalHeaders.contentTypeOptions] = "nosniff"
        response.headers[PortalHeaders.frameOptions] = "DENY"
        response.headers[PortalHeaders.referrerPolicy] = "no-referrer"
        response.headers[PortalHeaders.crossOriginOpenerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Writes one line per request to the log: method, path with any link token replaced, status and time taken.
/// The token of a body's link never reaches the log.
struct RequestLog: RouterMiddleware {
    typealias Context = PortalContext
    let write: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = start.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        write(
            "\(request.method) \(Self.redacted(request.uri.path)) \(response.status.code) "
                + String(format: "%.1f ms", milliseconds))
        return response
    }

    /// The path with the token of a body's link replaced: `/svar/…/kvitto`.
    static func redacted(_ path: String) -> String {
        guard path.hasPrefix("/svar/") else { return path }
        let rest = path.dropFirst("/svar/".count)
        if let slash = rest.firstIndex(of: "/") { return "/svar/…" + rest[slash...] }
        return "/svar/…"
    }
}
