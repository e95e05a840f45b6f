import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What a request carries besides itself: the peer's address and, on the coordinator's pages, who is logged in.
struct PortalContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The address of the connection's peer: the client, or the reverse proxy in front of the portal.
    let remoteAddress: SocketAddress?
    /// The coordinator, once the login or the single sign-on header is checked.
    var user: String?
    /// The CSRF token of the coordinator's session.
    var sessionCSRF: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Whether the peer is this machine (a reverse proxy or single sign-on proxy on loopback).
    var fromLoopback: Bool {
        guard let ip = remoteAddress?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// The client's address for rate limits: the peer's, or, behind a reverse proxy on loopback, the last address
    /// it added to `X-Forwarded-For`. A client elsewhere cannot choose its address by sending the header.
    func clientAddress(_ request: Request) -> String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard fromLoopback, let forwarded = request.headers[PortalHeaders.forwardedFor] else { return peer }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : last
    }
}

/// Header names the portal reads or sets that HTTPTypes has no constant for.
enum PortalHeaders {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let contentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
}
