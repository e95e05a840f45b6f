import Foundation
import SamradCore
import SamradNet

/// Where and how Samråd sends mail by SMTP, read from `SAMRAD_SMTP_*` environment variables.
///
/// ```swift
/// // SAMRAD_SMTP_URL=smtp://mail.kommun.example:587  SAMRAD_SMTP_USER=samrad
/// // SAMRAD_SMTP_PASSWORD_FILE=/etc/samrad/smtp-password
/// if let configuration = try SMTPConfiguration(environment: ProcessInfo.processInfo.environment) {
///     if let warning = configuration.warning { print("warning: \(warning)") }
///     let transport = try SMTPTransport(configuration: configuration)
/// }
/// ```
///
/// The variables SMTP shares with IMAP (URL, TLS, login, password file, CA file) are read by
/// SamradNet's ``ServerSettings``; what is SMTP's own is read here: the AUTH mechanism, the EHLO
/// name in the URL's path, and the ports (587 for STARTTLS, 25 when `smtp://` gives none, 465 for
/// `smtps://`). TLS is required unless `SAMRAD_SMTP_TLS=none`, and then the server's certificate
/// and host name are always verified. The password is held so that no description, debug
/// description or mirror of the configuration shows it.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is protected: `.startTLS` for `smtp://`, `.implicitTLS` for `smtps://`,
    /// `.none` for `smtp://` with `SAMRAD_SMTP_TLS=none`.
    public typealias Security = ServerSecurity

    /// The SASL mechanism to insist on; by default libcurl picks the best one the server offers.
    public enum AuthMechanism: String, Sendable, Hashable, CaseIterable {
        /// AUTH PLAIN (RFC 4616).
        case plain = "PLAIN"
        /// AUTH LOGIN.
        case login = "LOGIN"
    }

    /// Time limits for one exchange with the server.
    public typealias Timeouts = ServerTimeouts

    /// The URL given to libcurl, e.g. `smtp://mail.kommun.example:587`; never holds credentials.
    public let url: String
    /// The server, how it is reached and the login, as SamradNet read them.
    package let server: ServerSettings
    /// The mechanism `SAMRAD_SMTP_AUTH` insists on; nil to let libcurl choose.
    public let authMechanism: AuthMechanism?
    /// The time limits; change them in code, e.g. in tests.
    public var timeouts: Timeouts

    /// The server's host name or IP address, without brackets.
    public var host: String { server.endpoint.host }
    /// The server's port.
    public var port: Int { server.endpoint.port }
    /// How the connection is protected.
    public var security: Security { server.security }
    /// The login name (`SAMRAD_SMTP_USER`); nil to send without AUTH.
    public var username: String? { server.login?.username }
    /// The password; shows itself nowhere.
    package var password: Secret? { server.login?.password }
    /// The CA certificates (PEM) that sign the server's certificate; nil for the system's store.
    public var caFile: String? { server.caFile }

    /// Whether the server is this machine (`localhost`, 127.0.0.0/8 or ::1).
    public var isLoopback: Bool { server.endpoint.isLoopback }

    /// One line for the user, e.g. `smtp://mail.kommun.example:587 (STARTTLS, login as samrad)`.
    public var summary: String { server.summary(of: url) }

    /// The summary.
    public var description: String { summary }

    /// What the caller prints on every run when mail leaves this machine unencrypted; nil otherwise.
    public var warning: String? { server.warning }

    /// Reads the `SAMRAD_SMTP_*` variables; nil when `SAMRAD_SMTP_URL` is unset (mail goes to the outbox).
    ///
    /// - `SAMRAD_SMTP_URL`: `smtp://host:587` (STARTTLS required) or `smtps://host:465` (TLS); a path
    ///   names this machine in EHLO (`smtp://host:587/samrad.kommun.example`).
    /// - `SAMRAD_SMTP_TLS`: `none` for plain SMTP with `smtp://`; unset otherwise.
    /// - `SAMRAD_SMTP_USER` with `SAMRAD_SMTP_PASSWORD` or `SAMRAD_SMTP_PASSWORD_FILE` (mode 600).
    /// - `SAMRAD_SMTP_CA_FILE`: PEM CA certificates for the server's certificate.
    /// - `SAMRAD_SMTP_AUTH`: `PLAIN` or `LOGIN` to insist on one mechanism.
    public init?(environment: [String: String]) throws(SMTPConfigurationError) {
        guard let server = try ServerSettings(environment: environment, profile: Self.profile, error: SMTPConfigurationError.init) else {
            return nil
        }

        // A path names this machine in EHLO.
        let ehlo = server.endpoint.path.drop { $0 == "/" }
        if !ehlo.isEmpty, !ServerEndpoint.isHostName(ehlo) {
            let variable = Self.profile.url
            throw SMTPConfigurationError(
                variable,
                "\(variable) \(InputEcho.quote(environment[variable] ?? "")) has the path \(InputEcho.quote(ehlo)); a path names "
                    + "this machine in EHLO and must be a host name, like \(Self.profile.example)/samrad.kommun.example"
            )
        }

        let authMechanism: AuthMechanism?
        if let text = server.value(Self.authVariable) {
            guard let mechanism = AuthMechanism(rawValue: text.uppercased()) else {
                throw SMTPConfigurationError(
                    Self.authVariable,
                    "\(Self.authVariable) is \(InputEcho.quote(text)); write PLAIN or LOGIN, or unset it to let the client choose"
                )
            }
            guard server.login != nil else {
                throw SMTPConfigurationError(
                    Self.authVariable,
                    "\(Self.authVariable) is set but \(Self.profile.user) is not; set the login name and password, or unset \(Self.authVariable)"
                )
            }
            authMechanism = mechanism
        } else {
            authMechanism = nil
        }

        self.url = server.endpoint.serverURL + (ehlo.isEmpty ? "" : "/\(ehlo)")
        self.server = server
        self.authMechanism = authMechanism
        self.timeouts = Timeouts()
    }
}

// MARK: - What SMTP's settings look like

extension SMTPConfiguration {
    /// `SAMRAD_SMTP_*`: `smtp://` with STARTTLS on 587 (25 when the URL gives no port), `smtps://` on
    /// 465; plain SMTP anywhere, with a warning beyond this machine and never with a password.
    package static let profile = ServerProfile(
        name: "SMTP", prefix: "SAMRAD_SMTP_",
        schemes: [.init("smtp", .startTLS, defaultPort: 25, usualPort: 587), .init("smtps", .implicitTLS, defaultPort: 465)],
        exampleHost: "mail.kommun.example",
        // RATE is read by the delivery runner, not here; listed so that it is not taken for a typo.
        ownVariables: ["AUTH", "RATE"],
        purpose: "send by SMTP", withoutURL: "write mail to the outbox", urlNames: "the server",
        plainText: .warnedBeyondLoopback(what: "mail")
    )

    /// `SAMRAD_SMTP_AUTH`: the SASL mechanism to insist on.
    static let authVariable = profile.variable("AUTH")
}
