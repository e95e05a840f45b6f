import Foundation
import SamradCore
import SamradNet
import Synchronization

/// Sends mail to an SMTP server through libcurl: one transport holds one connection and reuses it.
///
/// ```swift
/// let transport = try SMTPTransport(configuration: configuration)
/// defer { transport.close() }
/// switch transport.deliver(mail, envelope: envelope) {
/// case .sent(let reply): …            // "250 2.0.0 Ok: queued as 4F2D1"
/// case .failed(let reply): …          // "550 5.1.1 <x@kommun.example>: Recipient address rejected: User unknown"
/// case .deferred, .unreachable: …     // try again later
/// case .misconfigured(let reply): …   // the login was refused: fix the settings; nothing was tried
/// }
/// ```
///
/// Each delivery is one SMTP transaction with one recipient (MAIL FROM, one RCPT TO, DATA), so the
/// server's answer belongs to that recipient alone. Messages and envelopes are checked before
/// anything is sent: a control character that could inject a command, a bare CR or LF, NUL, or a
/// line over 998 octets makes the delivery `.failed` without a connection being made.
///
/// `deliver` blocks until the server has answered (at most ``SMTPConfiguration/Timeouts/total``):
/// call it from a thread of its own, not from Swift concurrency's cooperative pool. Calls on one
/// transport are serialized; for parallel sending make one transport per thread. After any failure
/// the next delivery opens a new connection by itself. After the server refuses the login, the
/// transport tries no further login (so a wrong password cannot lock the account) and answers
/// `.misconfigured` until a new transport is made with fixed credentials.
public final class SMTPTransport: MailTransport {
    /// The settings this transport sends with.
    public let configuration: SMTPConfiguration
    private let state: Mutex<State>
    /// The shared pieces (attachments) of messages already checked, so that each is scanned once.
    private let checkedPieces = SMTPMessageCheck.CleanPieces()

    /// What the lock protects: the connection and what was learnt from the server about the login.
    private struct State {
        /// The handle and its connection; nil after ``SMTPTransport/close()`` until the next delivery.
        var connection: CurlEasy?
        /// Why deliveries are no longer attempted, once the server refused the login.
        var loginRefusal: String?
    }

    /// Prepares a transport; the connection is made by the first delivery.
    ///
    /// Throws when this machine's libcurl cannot do what the configuration asks (e.g. lacks TLS).
    public init(configuration: SMTPConfiguration) throws(SMTPConfigurationError) {
        self.configuration = configuration
        let connection: CurlEasy
        do {
            connection = try Self.makeConnection(configuration)
        } catch {
            throw SMTPConfigurationError(
                nil,
                "libcurl cannot be set up for \(configuration.summary): \(error); install Debian's libcurl4-openssl-dev (libcurl with SMTP and TLS)"
            )
        }
        state = Mutex(State(connection: connection, loginRefusal: nil))
    }

    /// The plain-SMTP warning the caller prints on every run, or nil; see ``SMTPConfiguration/warning``.
    public static func warning(for configuration: SMTPConfiguration) -> String? {
        configuration.warning
    }

    /// The server and how the connection is protected, e.g. `smtp://mail.kommun.example:587 (STARTTLS)`.
    public var summary: String { configuration.summary }

    /// Always true: messages leave this machine.
    public var delivers: Bool { true }

    /// The time limit of one whole exchange with the server (``SMTPConfiguration/Timeouts/total``).
    public var longestDelivery: Duration { configuration.timeouts.total }

    /// Sends one message to the envelope's one recipient and says what the server answered.
    public func deliver(_ mail: OutgoingMail, envelope: Envelope) -> DeliveryOutcome {
        let sender = envelope.sender.ascii
        let recipient = envelope.recipient.ascii
        if let problem = SMTPMessageCheck.problem(inAddress: sender, role: "sender")
            ?? SMTPMessageCheck.problem(inAddress: recipient, role: "recipient")
            ?? SMTPMessageCheck.problem(inMessage: mail.parts, known: checkedPieces)
        {
            return .failed(reply: "not sent: \(problem)")
        }
        let message = mail.parts
        let configuration = configuration
        let outcome: DeliveryOutcome = state.withLock { state in
            if let refusal = state.loginRefusal {
                return .misconfigured(reply: "not sent: \(refusal)")
            }
            let connection: CurlEasy
            if let existing = state.connection {
                connection = existing
            } else {
                do {
                    connection = try Self.makeConnection(configuration)
                } catch {
                    return .deferred(reply: "not sent: \(error)")
                }
                state.connection = connection
            }
            var replies = SMTPReplyReader()
            let result: CurlMailResult
            do {
                result = try connection.sendMail(from: sender, to: recipient, message: message) { replies.consume($0) }
            } catch {
                return .deferred(reply: "not sent: \(error)")
            }
            let outcome = Self.outcome(of: result, replies: replies.replies, configuration: configuration)
            if [.loginDenied, .authError].contains(result.code), case .misconfigured(let reply) = outcome {
                state.loginRefusal = "no further login is tried, so that repeated attempts cannot lock the account; \(reply)"
            }
            return outcome
        }
        return redacted(outcome)
    }

    /// Closes the connection (QUIT) now; a later delivery opens a new one.
    public func close() {
        state.withLock { $0.connection = nil }
    }

    /// A handle set up with every option that stays the same from message to message.
    private static func makeConnection(_ configuration: SMTPConfiguration) throws(CurlError) -> CurlEasy {
        // TLS, the login and the time limits as SamradNet sets them for any server.
        let easy = try CurlEasy(server: configuration.server, timeouts: configuration.timeouts)
        try easy.set(.url, configuration.url)
        try easy.set(.upload, true)
        // The message already has CR LF line endings; libcurl must not convert anything.
        try easy.set(.crlf, false)
        // Messages with attachments are hundreds of kilobytes: hand them over in large pieces
        // rather than libcurl's default 64 KB (2 MB is its maximum).
        try easy.set(.uploadBufferSize, 1 << 20)
        if configuration.username != nil, let mechanism = configuration.authMechanism {
            try easy.set(.loginOptions, "AUTH=\(mechanism.rawValue)")
        }
        return easy
    }

    /// The outcome with the password blanked out, in case a server echoed it (plainly or in base64).
    private func redacted(_ outcome: DeliveryOutcome) -> DeliveryOutcome {
        guard let login = configuration.server.login else { return outcome }
        let scrub = login.redacting
        switch outcome {
        case .sent(let reply): return .sent(reply: scrub(reply))
        case .deferred(let reply): return .deferred(reply: scrub(reply))
        case .failed(let reply): return .failed(reply: scrub(reply))
        case .unreachable(let reply): return .unreachable(reply: scrub(reply))
        case .misconfigured(let reply): return .misconfigured(reply: scrub(reply))
        }
    }
}
