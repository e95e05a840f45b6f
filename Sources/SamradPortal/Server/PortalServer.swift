import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import SamradApp
import SamradCore
import SamradStore

/// The answer portal and the coordinator's pages, on Hummingbird, over the same database as the commands.
///
/// ```swift
/// let server = PortalServer(.init(workspace: workspace, attachmentFolder: folder))
/// try await server.run(host: "127.0.0.1", port: 8080) { address in print("listening on \(address)") }
/// ```
public struct PortalServer: Sendable {
    /// What the server needs.
    public struct Configuration: Sendable {
        /// The database, clock, transport and public address.
        public var workspace: Workspace
        /// Where uploaded documents are kept, by content, outside any served folder.
        public var attachmentFolder: URL
        /// The header a single sign-on proxy on loopback names the logged-in coordinator in (`SAMRAD_TRUSTED_USER_HEADER`).
        public var trustedUserHeader: String?
        /// Wrong links (or refused logins) a client address may try in a window before it must wait.
        public var failureLimit = 20
        /// The window of the failure limit.
        public var failureWindow: Duration = .seconds(600)
        /// How long a submission waits for its receipt to go before its page is shown anyway.
        public var receiptWait: Duration = .seconds(10)
        /// Where the request log goes; never with a link's token.
        public var log: @Sendable (String) -> Void

        /// Creates a configuration; the log goes to standard error unless given.
        public init(
            workspace: Workspace, attachmentFolder: URL, trustedUserHeader: String? = nil,
            log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data("samrad serve: \($0)\n".utf8)) }
        ) {
            self.workspace = workspace
            self.attachmentFolder = attachmentFolder
            self.trustedUserHeader = trustedUserHeader.flatMap { $0.isEmpty ? nil : $0 }
            self.log = log
        }
    }

    /// The largest request body outside an upload.
    static let formLimit = 256 * 1024
    /// The largest request body with an upload: the document and the form around it.
    static let uploadLimit = PortalAnswers.documentLimit + 1024 * 1024

    let configuration: Configuration
    let answers: PortalAnswers
    let secret = Secret.random()
    let sessions = Sessions()
    let linkFailures: RateLimiter
    let loginFailures: RateLimiter
    let courier: ReceiptCourier
    let pages = PageCache()

    /// Creates the server.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
        self.answers = PortalAnswers(configuration.workspace, attachmentFolder: configuration.attachmentFolder)
        self.linkFailures = RateLimiter(limit: configuration.failureLimit, window: configuration.failureWindow)
        self.loginFailures = RateLimiter(limit: configuration.failureLimit, window: configuration.failureWindow)
        self.courier = ReceiptCourier(answers: answers, log: configuration.log)
    }

    var workspace: Workspace { configuration.workspace }

    /// The routes.
    func router() -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.add(middleware: RequestLog(write: configuration.log))
        router.add(middleware: SecurityHeaders(log: configuration.log))
        router.get("/") { _, _ in Pages.seeOther("/samordnare") }
        router.get("/static/portal.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.stylesheet)))
        }
        addBodyRoutes(to: router)
        addCoordinatorRoutes(to: router)
        return router
    }

    /// The application on an address; `port` 0 takes a free one.
    func application(host: String, port: Int, onListening: @escaping @Sendable (String) -> Void) -> some ApplicationProtocol {
        var logger = Logger(label: "samrad.serve")
        logger.logLevel = .warning
        // A connection that sends nothing for a minute is closed, so idle clients cannot hold the server's sockets.
        return Application(
            router: router(), server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let address = channel.localAddress
                let shown = address?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? host
                onListening("http://\(shown):\(address?.port ?? port)")
            }, logger: logger)
    }

    /// Serves until SIGTERM or SIGINT; `onListening` is told the address once the socket listens.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (String) -> Void) async throws {
        try await application(host: host, port: port, onListening: onListening).runService()
    }

    /// Runs blocking work (the database, the mail transport, bcrypt) off the server's event loops.
    func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    static let queue = DispatchQueue(label: "samrad.portal.blocking", attributes: .concurrent)

    /// The stylesheet, read once from the bundle.
    static let stylesheet: String = {
        guard let url = Bundle.module.url(forResource: "portal", withExtension: "css", subdirectory: "Static"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
