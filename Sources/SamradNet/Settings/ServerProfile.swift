/// How a connection to a server is protected.
public enum ServerSecurity: Sendable, Hashable {
    /// `smtp://`, `imap://`: plain TCP upgraded with STARTTLS, which is required (libcurl's `CURLUSESSL_ALL`).
    case startTLS
    /// `smtps://`, `imaps://`: TLS from the first byte.
    case implicitTLS
    /// The plain scheme with `_TLS=none`: no encryption at all.
    case none

    /// How a message names it: `STARTTLS`, `TLS`, `no encryption`.
    package var label: String {
        switch self {
        case .startTLS: "STARTTLS"
        case .implicitTLS: "TLS"
        case .none: "no encryption"
        }
    }
}

/// One URL scheme a protocol takes, e.g. `smtps`: TLS from the start, port 465 unless the URL says otherwise.
package struct ServerScheme: Sendable, Hashable {
    /// The scheme, lower case, e.g. `smtps`.
    package let name: String
    /// `.implicitTLS` or `.startTLS`.
    package let security: ServerSecurity
    /// The port when the URL gives none.
    package let defaultPort: Int
    /// The port messages suggest (587 for `smtp`, where the default is 25).
    package let usualPort: Int

    package init(_ name: String, _ security: ServerSecurity, defaultPort: Int, usualPort: Int? = nil) {
        self.name = name
        self.security = security
        self.defaultPort = defaultPort
        self.usualPort = usualPort ?? defaultPort
    }
}

/// What one protocol's settings look like: its variables' prefix, its URL schemes, and the few
/// words its messages need. SMTP and IMAP each declare one; ``ServerSettings`` reads either.
///
/// ```swift
/// let smtp = ServerProfile(
///     name: "SMTP", prefix: "SAMRAD_SMTP_",
///     schemes: [.init("smtp", .startTLS, defaultPort: 25, usualPort: 587), .init("smtps", .implicitTLS, defaultPort: 465)],
///     exampleHost: "mail.kommun.example", ownVariables: ["AUTH", "RATE"],
///     purpose: "send by SMTP", withoutURL: "write mail to the outbox", urlNames: "the server",
///     plainText: .warnedBeyondLoopback(what: "mail"))
/// ```
package struct ServerProfile: Sendable {
    /// Where `_TLS=none` may be used.
    package enum PlainText: Sendable {
        /// To any server; to one that is not this machine only without a password, and with a warning
        /// that `what` (e.g. "mail") travels unencrypted.
        case warnedBeyondLoopback(what: String)
        /// To this machine only: elsewhere `exposed` (e.g. "the IMAP password and the feedback") would travel unencrypted.
        case loopbackOnly(exposed: String)
    }

    /// The protocol's name in messages, e.g. `SMTP`.
    package let name: String
    /// The variables' common prefix, e.g. `SAMRAD_SMTP_`.
    package let prefix: String
    /// The schemes, the one messages suggest first first; one with `.startTLS`, one with `.implicitTLS`.
    package let schemes: [ServerScheme]
    /// The server example URLs name, e.g. `mail.kommun.example`.
    package let exampleHost: String
    /// What example URLs have after the port, e.g. `/INBOX`; empty for none.
    package let examplePath: String
    /// The protocol's own variables after the prefix, e.g. `AUTH`: read by the protocol, not taken for typos.
    package let ownVariables: [String]
    /// What the URL is for, in "set SAMRAD_SMTP_URL=… to *send by SMTP*".
    package let purpose: String
    /// What happens without the URL, in "or unset … to *write mail to the outbox*"; nil for nothing.
    package let withoutURL: String?
    /// What a URL names, in "give only *the server*".
    package let urlNames: String
    /// Where `_TLS=none` may be used.
    package let plainText: PlainText

    package init(
        name: String, prefix: String, schemes: [ServerScheme], exampleHost: String, examplePath: String = "",
        ownVariables: [String] = [], purpose: String, withoutURL: String? = nil, urlNames: String, plainText: PlainText
    ) {
        self.name = name
        self.prefix = prefix
        self.schemes = schemes
        self.exampleHost = exampleHost
        self.examplePath = examplePath
        self.ownVariables = ownVariables
        self.purpose = purpose
        self.withoutURL = withoutURL
        self.urlNames = urlNames
        self.plainText = plainText
    }
}

// MARK: - Variables

extension ServerProfile {
    /// `SAMRAD_…_URL`: where the server is.
    package var url: String { prefix + "URL" }
    /// `SAMRAD_…_TLS`: `none` for no encryption.
    package var tls: String { prefix + "TLS" }
    /// `SAMRAD_…_USER`: the login name.
    package var user: String { prefix + "USER" }
    /// `SAMRAD_…_PASSWORD`: the password itself.
    package var password: String { prefix + "PASSWORD" }
    /// `SAMRAD_…_PASSWORD_FILE`: a file only its owner can read that holds the password.
    package var passwordFile: String { prefix + "PASSWORD_FILE" }
    /// `SAMRAD_…_CA_FILE`: the CA certificates (PEM) the server's certificate is checked against.
    package var caFile: String { prefix + "CA_FILE" }

    /// The protocol's own variable `name`, e.g. `variable("AUTH")` is `SAMRAD_SMTP_AUTH`.
    package func variable(_ name: String) -> String { prefix + name }

    /// Every variable the protocol knows, in the order messages list them.
    package var variables: [String] {
        [url, tls, user, password, passwordFile, caFile] + ownVariables.map(variable)
    }
}

// MARK: - What messages suggest

extension ServerProfile {
    /// The scheme with this name (lower case), if the protocol takes it.
    package func scheme(named name: String) -> ServerScheme? {
        schemes.first { $0.name == name }
    }

    /// The scheme protected this way; every profile has one for STARTTLS and one for TLS.
    package func scheme(_ security: ServerSecurity) -> ServerScheme {
        schemes.first { $0.security == security } ?? schemes[0]
    }

    /// A URL for `host` with a scheme's usual port and, unless `path` is false, the example path,
    /// e.g. `imaps://imap.kommun.example:993/INBOX`.
    package func example(_ scheme: ServerScheme, host: String? = nil, path: Bool = true) -> String {
        "\(scheme.name)://\(host ?? exampleHost):\(scheme.usualPort)" + (path ? examplePath : "")
    }

    /// The first example URL, e.g. `smtp://mail.kommun.example:587`.
    package var example: String { example(schemes[0]) }

    /// Every scheme's example, labelled: `smtp://HOST:587 (STARTTLS) or smtps://HOST:465 (TLS)`.
    package func examples(host: String? = nil, path: Bool = true) -> String {
        Self.either(schemes.map { "\(example($0, host: host, path: path)) (\($0.security.label))" })
    }

    /// "a or b", "a, b or c".
    package static func either(_ items: [String]) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }
}
