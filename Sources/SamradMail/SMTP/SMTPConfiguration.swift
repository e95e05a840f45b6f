import Foundation
import SamradCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where and how Samråd sends mail by SMTP, read from `SAMRAD_SMTP_*` environment variables.
///
/// ```swift
/// // SAMRAD_SMTP_URL=smtp://mail.kommun.example:587  SAMRAD_SMTP_USER=samrad
/// // SAMRAD_SMTP_PASSWORD_FILE=/etc/samrad/smtp-password
/// if let configuration = try SMTPConfiguration(environment: ProcessInfo.processInfo.environment) {
///     if let warning = configuration.warning { print(warning) }
///     let transport = try SMTPTransport(configuration: configuration)
/// }
/// ```
///
/// TLS is required unless `SAMRAD_SMTP_TLS=none`, and then the server's certificate and host name
/// are always verified. The password is held so that no description, debug description or
/// mirror of the configuration shows it.
public struct SMTPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// `smtp://`: plain TCP upgraded with STARTTLS, which is required (libcurl's `CURLUSESSL_ALL`).
        case startTLS
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// `smtp://` with `SAMRAD_SMTP_TLS=none`: no encryption at all.
        case none
    }

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
    /// The server's host name or IP address, without brackets.
    public let host: String
    /// The server's port.
    public let port: Int
    /// How the connection is protected.
    public let security: Security
    /// The login name (`SAMRAD_SMTP_USER`); nil to send without AUTH.
    public let username: String?
    /// The password; shows itself nowhere.
    package let password: Secret?
    /// The CA certificates (PEM) that sign the server's certificate; nil for the system's store.
    public let caFile: String?
    /// The mechanism `SAMRAD_SMTP_AUTH` insists on; nil to let libcurl choose.
    public let authMechanism: AuthMechanism?
    /// The time limits; change them in code, e.g. in tests.
    public var timeouts: Timeouts

    /// Whether the server is this machine (`localhost`, 127.0.0.0/8 or ::1).
    public var isLoopback: Bool { Self.isLoopback(host) }

    /// One line for the user, e.g. `smtp://mail.kommun.example:587 (STARTTLS, login as samrad)`.
    public var summary: String {
        var details: [String]
        switch security {
        case .startTLS: details = ["STARTTLS"]
        case .implicitTLS: details = ["TLS"]
        case .none: details = ["no encryption"]
        }
        if let username { details.append("login as \(username)") }
        return "\(url) (\(details.joined(separator: ", ")))"
    }

    /// The summary.
    public var description: String { summary }

    /// What the caller prints on every run when mail leaves this machine unencrypted; nil otherwise.
    public var warning: String? {
        guard security == .none, !isLoopback else { return nil }
        let hostName = host.contains(":") ? "[\(host)]" : host
        return "warning: SAMRAD_SMTP_TLS=none: mail to \(hostName):\(port) travels unencrypted, and anyone on the network "
            + "between this machine and the server can read or change it; use smtp://\(hostName):587 (STARTTLS) or "
            + "smtps://\(hostName):465 unless the server is on a network you trust"
    }

    /// Reads the `SAMRAD_SMTP_*` variables; nil when `SAMRAD_SMTP_URL` is unset (mail goes to the outbox).
    ///
    /// - `SAMRAD_SMTP_URL`: `smtp://host:587` (STARTTLS required) or `smtps://host:465` (TLS); a path
    ///   names this machine in EHLO (`smtp://host:587/samrad.kommun.example`).
    /// - `SAMRAD_SMTP_TLS`: `none` for plain SMTP with `smtp://`; unset otherwise.
    /// - `SAMRAD_SMTP_USER` with `SAMRAD_SMTP_PASSWORD` or `SAMRAD_SMTP_PASSWORD_FILE` (mode 600).
    /// - `SAMRAD_SMTP_CA_FILE`: PEM CA certificates for the server's certificate.
    /// - `SAMRAD_SMTP_AUTH`: `PLAIN` or `LOGIN` to insist on one mechanism.
    public init?(environment: [String: String]) throws(SMTPConfigurationError) {
        let settings = environment.filter { $0.key.hasPrefix(Variable.prefix) }
        if let unknown = settings.keys.sorted().first(where: { !Variable.all.contains($0) }) {
            throw SMTPConfigurationError(
                unknown,
                "\(unknown) is not a setting Samråd knows; the SMTP settings are \(Variable.all.joined(separator: ", "))"
            )
        }
        func value(_ name: String) -> String? {
            guard let value = settings[name], !value.isEmpty else { return nil }
            return value
        }
        guard let urlText = value(Variable.url) else {
            if let other = settings.keys.sorted().first(where: { value($0) != nil }) {
                throw SMTPConfigurationError(
                    Variable.url,
                    "\(other) is set but \(Variable.url) is not; set \(Variable.url)=smtp://HOST:587 to send by SMTP, "
                        + "or unset \(other) to write mail to the outbox"
                )
            }
            return nil
        }

        let endpoint = try Endpoint(urlText)
        let security: Security
        switch value(Variable.tls)?.lowercased() {
        case nil:
            security = endpoint.implicitTLS ? .implicitTLS : .startTLS
        case "none":
            guard !endpoint.implicitTLS else {
                throw SMTPConfigurationError(
                    Variable.tls,
                    "\(Variable.tls)=none contradicts \(Variable.url), which starts with smtps:// (TLS); "
                        + "unset \(Variable.tls), or use smtp:// if the server really takes mail without encryption"
                )
            }
            security = .none
        case let other?:
            throw SMTPConfigurationError(
                Variable.tls,
                "\(Variable.tls) is \(InputEcho.quote(other)), but the only value it takes is 'none' (plain SMTP); "
                    + "unset it to require TLS (STARTTLS with smtp://, TLS from the start with smtps://)"
            )
        }

        let username = value(Variable.user)
        if let username, let control = username.unicodeScalars.first(where: \.isControlCharacter) {
            throw SMTPConfigurationError(
                Variable.user,
                "\(Variable.user) contains the control character \(InputEcho.codePoint(control)); write the login name alone"
            )
        }
        let password = try Self.password(
            inline: value(Variable.password),
            file: value(Variable.passwordFile)
        )
        switch (username, password) {
        case (_?, nil):
            throw SMTPConfigurationError(
                Variable.passwordFile,
                "\(Variable.user) is set but no password is; write the password to a file only you can read "
                    + "(chmod 600) and set \(Variable.passwordFile) to its path"
            )
        case (nil, _?):
            throw SMTPConfigurationError(
                Variable.user,
                "a password is set but \(Variable.user) is not; set \(Variable.user) to the login name"
            )
        default:
            break
        }
        if password != nil, security == .none, !Self.isLoopback(endpoint.host) {
            throw SMTPConfigurationError(
                Variable.tls,
                "\(Variable.tls)=none would send the SMTP password unencrypted to \(endpoint.host); "
                    + "use smtp://\(endpoint.host):587 (STARTTLS) or smtps://\(endpoint.host):465 and unset \(Variable.tls)"
            )
        }

        let authMechanism: AuthMechanism?
        if let text = value(Variable.auth) {
            guard let mechanism = AuthMechanism(rawValue: text.uppercased()) else {
                throw SMTPConfigurationError(
                    Variable.auth,
                    "\(Variable.auth) is \(InputEcho.quote(text)); write PLAIN or LOGIN, or unset it to let the client choose"
                )
            }
            guard username != nil else {
                throw SMTPConfigurationError(
                    Variable.auth,
                    "\(Variable.auth) is set but \(Variable.user) is not; set the login name and password, or unset \(Variable.auth)"
                )
            }
            authMechanism = mechanism
        } else {
            authMechanism = nil
        }

        let caFile = value(Variable.caFile)
        if let caFile {
            guard security != .none else {
                throw SMTPConfigurationError(
                    Variable.caFile,
                    "\(Variable.caFile) is set but \(Variable.tls)=none turns TLS off; unset one of them"
                )
            }
            try Self.checkReadableFile(caFile, variable: Variable.caFile, what: "the CA certificates (PEM)")
        }

        self.url = endpoint.url
        self.host = endpoint.host
        self.port = endpoint.port
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.authMechanism = authMechanism
        self.timeouts = Timeouts()
    }
}

// MARK: - Variables

extension SMTPConfiguration {
    /// The environment variables, by name.
    enum Variable {
        static let prefix = "SAMRAD_SMTP_"
        static let url = "SAMRAD_SMTP_URL"
        static let tls = "SAMRAD_SMTP_TLS"
        static let user = "SAMRAD_SMTP_USER"
        static let password = "SAMRAD_SMTP_PASSWORD"
        static let passwordFile = "SAMRAD_SMTP_PASSWORD_FILE"
        static let caFile = "SAMRAD_SMTP_CA_FILE"
        static let auth = "SAMRAD_SMTP_AUTH"
        /// Read by the delivery runner, not here; listed so that it is not taken for a typo.
        static let rate = "SAMRAD_SMTP_RATE"
        static let all = [url, tls, user, password, passwordFile, caFile, auth, rate]
    }
}

// MARK: - The URL

extension SMTPConfiguration {
    /// The parts of `SAMRAD_SMTP_URL`, checked.
    private struct Endpoint {
        var implicitTLS: Bool
        var host: String
        var port: Int
        var url: String

        private static let variable = Variable.url
        private static let example = "smtp://mail.kommun.example:587"

        init(_ text: String) throws(SMTPConfigurationError) {
            // A URL with '@' may carry a password: it is never echoed.
            if text.contains("@") {
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) contains '@', so it may hold a user name or password; give only the server, like "
                        + "\(Self.example), the login in SAMRAD_SMTP_USER and the password in SAMRAD_SMTP_PASSWORD_FILE"
                )
            }
            if let bad = text.unicodeScalars.first(where: { $0.isControlCharacter || $0.properties.isWhitespace }) {
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) contains \(InputEcho.codePoint(bad)); write only the URL, like \(Self.example)"
                )
            }
            guard let separator = text.range(of: "://") else {
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) is not a URL; write it like \(Self.example) (STARTTLS) "
                        + "or smtps://mail.kommun.example:465 (TLS)"
                )
            }
            switch text[..<separator.lowerBound].lowercased() {
            case "smtp": implicitTLS = false
            case "smtps": implicitTLS = true
            default:
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) must start with smtp:// (STARTTLS, usually port 587) "
                        + "or smtps:// (TLS, usually port 465)"
                )
            }
            let rest = text[separator.upperBound...]
            if rest.contains("?") || rest.contains("#") {
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) has a query or fragment; write it like \(Self.example)"
                )
            }
            let authority = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authority.count).drop { $0 == "/" }

            let hostPart: Substring
            let portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else {
                    throw SMTPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) opens '[' for an IPv6 address but does not close it"
                    )
                }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                guard after.isEmpty || after.hasPrefix(":") else {
                    throw SMTPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has text after the IPv6 address; write it like smtp://[::1]:587"
                    )
                }
                portPart = after.isEmpty ? nil : after.dropFirst()
                guard hostPart.contains(":"), hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                    throw SMTPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has \(InputEcho.quote(hostPart)) in brackets, which is not an IPv6 address"
                    )
                }
            } else if let colon = authority.lastIndex(of: ":") {
                hostPart = authority[..<colon]
                portPart = authority[authority.index(after: colon)...]
            } else {
                hostPart = authority
                portPart = nil
            }
            if !authority.hasPrefix("[") {
                guard Self.isHostName(hostPart) else {
                    throw SMTPConfigurationError(
                        Self.variable,
                        hostPart.isEmpty
                            ? "\(Self.variable) \(InputEcho.quote(text)) names no server; write it like \(Self.example)"
                            : "\(Self.variable) names the server \(InputEcho.quote(hostPart)), which is not a host name; "
                                + "use letters, digits, '-' and '.' (an internationalised name in its xn-- form), like \(Self.example)"
                    )
                }
            }
            if let portPart {
                guard portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart), (1...65_535).contains(port) else {
                    throw SMTPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has the port \(InputEcho.quote(portPart)); "
                            + "give a number from 1 to 65535, usually 587 for smtp:// and 465 for smtps://"
                    )
                }
                self.port = port
            } else {
                self.port = implicitTLS ? 465 : 25
            }
            if !path.isEmpty, !Self.isHostName(path) {
                throw SMTPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) has the path \(InputEcho.quote(path)); a path names this "
                        + "machine in EHLO and must be a host name, like \(Self.example)/samrad.kommun.example"
                )
            }
            host = String(hostPart).lowercased()
            let urlHost = authority.hasPrefix("[") ? "[\(host)]" : host
            url = "\(implicitTLS ? "smtps" : "smtp")://\(urlHost):\(port)" + (path.isEmpty ? "" : "/\(path)")
        }

        /// Letters, digits and hyphens in dot-separated labels (IPv4 addresses included).
        private static func isHostName(_ text: Substring) -> Bool {
            guard !text.isEmpty, text.utf8.count <= 253 else { return false }
            return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
                !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                    }
            }
        }
    }

    /// Whether a host name or address is this machine.
    static func isLoopback(_ host: String) -> Bool {
        ServerSettings.isLoopback(host)
    }
}

// MARK: - Secrets and files

extension SMTPConfiguration {
    private static func password(inline: String?, file: String?) throws(SMTPConfigurationError) -> Secret? {
        do {
            return try ServerSettings.password(
                inline: inline, file: file, inlineVariable: Variable.password, fileVariable: Variable.passwordFile)
        } catch {
            throw SMTPConfigurationError(error.variable, error.description, isMissingInput: error.isMissingInput)
        }
    }

    private static func checkReadableFile(_ path: String, variable: String, what: String) throws(SMTPConfigurationError) {
        do {
            try ServerSettings.checkReadableFile(path, variable: variable, what: what)
        } catch {
            throw SMTPConfigurationError(error.variable, error.description, isMissingInput: error.isMissingInput)
        }
    }
}
