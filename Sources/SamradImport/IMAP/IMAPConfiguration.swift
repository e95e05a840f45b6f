import Foundation
import SamradCore
import SamradNet

/// Which IMAP mailbox `samrad fetch` reads feedback from, read from `SAMRAD_IMAP_*` environment variables.
///
/// ```swift
/// // SAMRAD_IMAP_URL=imaps://imap.kommun.example/Remissvar  SAMRAD_IMAP_USER=samrad
/// // SAMRAD_IMAP_PASSWORD_FILE=/etc/samrad/imap-password
/// if let configuration = try IMAPConfiguration(environment: ProcessInfo.processInfo.environment) {
///     let mailbox = try IMAPMailbox(configuration: configuration)
/// }
/// ```
///
/// The variables IMAP shares with SMTP (URL, TLS, login, password file, CA file) are read by
/// SamradNet's ``ServerSettings``; what is IMAP's own is read here: the mailbox in the URL's path,
/// the login it always needs, several URLs in one variable, and the ports (993 for `imaps://`, 143
/// for `imap://`). TLS is always required, except with `SAMRAD_IMAP_TLS=none` to a server on this
/// machine, and the server's certificate and host name are always verified. The password is held
/// so that no description, debug description or mirror of the configuration shows it.
public struct IMAPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is protected: `.implicitTLS` for `imaps://`, `.startTLS` for `imap://`,
    /// `.none` for `imap://` with `SAMRAD_IMAP_TLS=none`, to this machine only.
    public typealias Security = ServerSecurity

    /// Time limits for one exchange with the server.
    public typealias Timeouts = ServerTimeouts

    /// The mailbox's URL as Samråd uses it, e.g. `imaps://imap.kommun.example:993/Remissvar`; never holds credentials.
    public let url: String
    /// The server, how it is reached and the login, as SamradNet read them.
    package let server: ServerSettings
    /// The login name and password, which IMAP always needs.
    package let login: ServerLogin
    /// The mailbox's name as written in the URL, decoded (e.g. `INBOX`, `Remissvar/Återkoppling`).
    public let mailbox: String
    /// The time limits; change them in code, e.g. in tests.
    public var timeouts: Timeouts
    /// The largest message fetched, in bytes (64 MiB unless changed); a larger one stops the poll with an error.
    public var maximumMessageSize: Int

    /// The mailbox's name as the server knows it: modified UTF-7 (RFC 3501 §5.1.3), e.g. `&AMU-terkoppling`.
    let serverMailbox: String

    /// The server's host name or IP address, without brackets.
    public var host: String { server.endpoint.host }
    /// The server's port.
    public var port: Int { server.endpoint.port }
    /// How the connection is protected.
    public var security: Security { server.security }
    /// The login name (`SAMRAD_IMAP_USER`).
    public var username: String { login.username }
    /// The password; shows itself nowhere.
    package var password: Secret { login.password }
    /// The CA certificates (PEM) that sign the server's certificate; nil for the system's store.
    public var caFile: String? { server.caFile }

    /// The server part of the URL that libcurl is given, e.g. `imaps://imap.kommun.example:993`.
    var serverURL: String { server.endpoint.serverURL }

    /// The mailbox's URL as libcurl is given it: the server's name for it, percent-encoded.
    var mailboxURL: String { "\(serverURL)/\(Self.percentEncoded(serverMailbox))" }

    /// Whether the server is this machine (`localhost`, 127.0.0.0/8 or ::1).
    public var isLoopback: Bool { server.endpoint.isLoopback }

    /// One line for the user, e.g. `imaps://imap.kommun.example:993/INBOX (TLS, login as samrad)`.
    public var summary: String { server.summary(of: url) }

    /// The summary.
    public var description: String { summary }

    /// Reads the `SAMRAD_IMAP_*` variables; nil when none is set (there is no mailbox to poll).
    ///
    /// - `SAMRAD_IMAP_URL`: `imaps://host:993/MAILBOX` (TLS) or `imap://host:143/MAILBOX` (STARTTLS
    ///   required); the mailbox defaults to `INBOX`, its name percent-encoded where a URL needs it.
    /// - `SAMRAD_IMAP_TLS`: `none` for plain IMAP with `imap://` to this machine; unset otherwise.
    /// - `SAMRAD_IMAP_USER` with `SAMRAD_IMAP_PASSWORD` or `SAMRAD_IMAP_PASSWORD_FILE` (mode 600).
    /// - `SAMRAD_IMAP_CA_FILE`: PEM CA certificates for the server's certificate.
    ///
    /// Any other `SAMRAD_IMAP_` variable is refused by name, and so is a setting given without
    /// `SAMRAD_IMAP_URL`, since either is most likely a typo.
    public init?(environment: [String: String]) throws(IMAPConfigurationError) {
        guard let server = try ServerSettings(environment: environment, profile: Self.profile, error: IMAPConfigurationError.init) else {
            return nil
        }
        guard let login = server.login else {
            throw IMAPConfigurationError(
                Self.profile.user,
                "\(Self.profile.url) is set but \(Self.profile.user) is not; set it to the mailbox's login name"
            )
        }
        let mailbox = try Self.mailbox(fromPath: server.endpoint.path.dropFirst(), url: environment[Self.profile.url] ?? "")

        self.url = "\(server.endpoint.serverURL)/\(Self.percentEncoded(mailbox))"
        self.server = server
        self.login = login
        self.mailbox = mailbox
        self.timeouts = Timeouts()
        self.maximumMessageSize = 64 * 1024 * 1024
        self.serverMailbox = ModifiedUTF7.encode(mailbox)
    }
}

// MARK: - Several mailboxes

extension IMAPConfiguration {
    /// Every mailbox `SAMRAD_IMAP_URL` names — one URL, or several separated by spaces or commas
    /// (e.g. the replies' mailbox and the bounces' folder), read with the same login; empty when
    /// none is set.
    ///
    /// A comma or space inside a mailbox's name is written `%2C` or `%20`.
    public static func all(environment: [String: String]) throws(IMAPConfigurationError) -> [IMAPConfiguration] {
        let urls = (environment[profile.url] ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init)
        guard urls.count > 1 else { return try IMAPConfiguration(environment: environment).map { [$0] } ?? [] }
        var seen = Set<String>()
        var configurations: [IMAPConfiguration] = []
        for url in urls {
            var one = environment
            one[profile.url] = url
            guard let configuration = try IMAPConfiguration(environment: one) else { continue }
            guard seen.insert(configuration.url).inserted else {
                throw IMAPConfigurationError(
                    profile.url, "\(profile.url) names the mailbox \(configuration.url) twice; name each mailbox once")
            }
            configurations.append(configuration)
        }
        return configurations
    }
}

// MARK: - What IMAP's settings look like

extension IMAPConfiguration {
    /// `SAMRAD_IMAP_*`: `imaps://` on 993, `imap://` with STARTTLS on 143; plain IMAP only to this machine.
    package static let profile = ServerProfile(
        name: "IMAP", prefix: "SAMRAD_IMAP_",
        schemes: [.init("imaps", .implicitTLS, defaultPort: 993), .init("imap", .startTLS, defaultPort: 143)],
        exampleHost: "imap.kommun.example", examplePath: "/INBOX",
        purpose: "fetch feedback by IMAP", urlNames: "the server and mailbox",
        plainText: .loopbackOnly(exposed: "the IMAP password and the feedback")
    )
}

// MARK: - The mailbox

extension IMAPConfiguration {
    /// The mailbox a URL's path names, percent-decoded; `INBOX` when the path is empty.
    private static func mailbox(fromPath path: Substring, url: String) throws(IMAPConfigurationError) -> String {
        let variable = profile.url
        // RFC 5092's parameters (";UIDVALIDITY=", ";AUTH=") are Samråd's to add, not the URL's.
        if path.contains(";") {
            throw IMAPConfigurationError(
                variable,
                "\(variable) \(InputEcho.quote(url)) has a ';' parameter; give only the server and the mailbox, like "
                    + "\(profile.example) (a ';' in a mailbox name is written %3B)"
            )
        }
        var bytes: [UInt8] = []
        var utf8 = path.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            let digits = utf8.prefix(2)
            guard digits.count == 2, let value = UInt8(String(decoding: digits, as: UTF8.self), radix: 16) else {
                throw IMAPConfigurationError(
                    variable,
                    "\(variable) \(InputEcho.quote(url)) has a '%' that is not followed by two hexadecimal digits; "
                        + "write '%' in a mailbox name as %25"
                )
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        while bytes.last == UInt8(ascii: "/") { bytes.removeLast() }
        guard let name = String(validating: bytes, as: UTF8.self) else {
            throw IMAPConfigurationError(
                variable,
                "\(variable) \(InputEcho.quote(url)) names a mailbox whose percent-encoded bytes are not UTF-8; "
                    + "write the name's characters as they are, or their UTF-8 bytes percent-encoded"
            )
        }
        if name.isEmpty { return "INBOX" }
        if let control = name.unicodeScalars.first(where: \.isControlCharacter) {
            throw IMAPConfigurationError(
                variable,
                "\(variable) names a mailbox containing the control character \(InputEcho.codePoint(control)), which "
                    + "IMAP mailbox names cannot hold"
            )
        }
        let levels = name.split(separator: "/", omittingEmptySubsequences: false)
        if levels.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            throw IMAPConfigurationError(
                variable,
                "\(variable) names the mailbox \(InputEcho.quote(name)), which has an empty, '.' or '..' level; "
                    + "write the mailbox's name as the server lists it, like INBOX or Remissvar/2025"
            )
        }
        return name
    }

    /// The name with everything but unreserved characters and '/' percent-encoded, for a URL's path.
    static func percentEncoded(_ name: String) -> String {
        var result = ""
        for byte in name.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || "-._~/".unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }
}
