import Foundation
import SamradCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
/// TLS is always required, except with `SAMRAD_IMAP_TLS=none` to a server on this machine, and the
/// server's certificate and host name are always verified. The password is held so that no
/// description, debug description or mirror of the configuration shows it.
public struct IMAPConfiguration: Sendable, CustomStringConvertible {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// `imaps://`: TLS from the first byte (usually port 993).
        case implicitTLS
        /// `imap://`: plain TCP upgraded with STARTTLS, which is required (libcurl's `CURLUSESSL_ALL`).
        case startTLS
        /// `imap://` with `SAMRAD_IMAP_TLS=none`, to this machine only: no encryption at all.
        case none
    }

    /// Time limits for one exchange with the server.
    public typealias Timeouts = ServerTimeouts

    /// The mailbox's URL as Samråd uses it, e.g. `imaps://imap.kommun.example:993/Remissvar`; never holds credentials.
    public let url: String
    /// The server's host name or IP address, without brackets.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The mailbox's name as written in the URL, decoded (e.g. `INBOX`, `Remissvar/Återkoppling`).
    public let mailbox: String
    /// How the connection is protected.
    public let security: Security
    /// The login name (`SAMRAD_IMAP_USER`).
    public let username: String
    /// The password; shows itself nowhere.
    package let password: Secret
    /// The CA certificates (PEM) that sign the server's certificate; nil for the system's store.
    public let caFile: String?
    /// The time limits; change them in code, e.g. in tests.
    public var timeouts: Timeouts
    /// The largest message fetched, in bytes (64 MiB unless changed); a larger one stops the poll with an error.
    public var maximumMessageSize: Int

    /// The server part of the URL that libcurl is given, e.g. `imaps://imap.kommun.example:993`.
    let serverURL: String
    /// The mailbox's name as the server knows it: modified UTF-7 (RFC 3501 §5.1.3), e.g. `&AMU-terkoppling`.
    let serverMailbox: String

    /// The mailbox's URL as libcurl is given it: the server's name for it, percent-encoded.
    var mailboxURL: String { "\(serverURL)/\(Self.percentEncoded(serverMailbox))" }

    /// Whether the server is this machine (`localhost`, 127.0.0.0/8 or ::1).
    public var isLoopback: Bool { Self.isLoopback(host) }

    /// One line for the user, e.g. `imaps://imap.kommun.example:993/INBOX (TLS, login as samrad)`.
    public var summary: String {
        let protection: String
        switch security {
        case .implicitTLS: protection = "TLS"
        case .startTLS: protection = "STARTTLS"
        case .none: protection = "no encryption"
        }
        return "\(url) (\(protection), login as \(username))"
    }

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
        let settings = environment.filter { $0.key.hasPrefix(Variable.prefix) }
        let unknown = settings.keys.filter { !Variable.all.contains($0) }.sorted()
        if !unknown.isEmpty {
            let names = unknown.joined(separator: ", ")
            throw IMAPConfigurationError(
                unknown[0],
                "\(names) \(unknown.count == 1 ? "is not a setting" : "are not settings") Samråd knows; "
                    + "the IMAP settings are \(Variable.all.joined(separator: ", "))"
            )
        }
        func value(_ name: String) -> String? {
            guard let value = settings[name], !value.isEmpty else { return nil }
            return value
        }
        guard let urlText = value(Variable.url) else {
            if let other = settings.keys.sorted().first(where: { value($0) != nil }) {
                throw IMAPConfigurationError(
                    Variable.url,
                    "\(other) is set but \(Variable.url) is not; set \(Variable.url)=imaps://HOST/INBOX to fetch "
                        + "feedback by IMAP, or unset \(other)"
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
                throw IMAPConfigurationError(
                    Variable.tls,
                    "\(Variable.tls)=none contradicts \(Variable.url), which starts with imaps:// (TLS); unset \(Variable.tls)"
                )
            }
            guard Self.isLoopback(endpoint.host) else {
                throw IMAPConfigurationError(
                    Variable.tls,
                    "\(Variable.tls)=none would send the IMAP password and the feedback unencrypted to \(endpoint.host); "
                        + "plain IMAP is allowed only to this machine (localhost); use imaps://\(endpoint.urlHost):993 (TLS) "
                        + "or imap://\(endpoint.urlHost):143 (STARTTLS) and unset \(Variable.tls)"
                )
            }
            security = .none
        case let other?:
            throw IMAPConfigurationError(
                Variable.tls,
                "\(Variable.tls) is \(InputEcho.quote(other)), but the only value it takes is 'none' (plain IMAP to this "
                    + "machine); unset it to require TLS (STARTTLS with imap://, TLS from the start with imaps://)"
            )
        }

        guard let username = value(Variable.user) else {
            throw IMAPConfigurationError(
                Variable.user,
                "\(Variable.url) is set but \(Variable.user) is not; set it to the mailbox's login name"
            )
        }
        if let control = username.unicodeScalars.first(where: \.isControlCharacter) {
            throw IMAPConfigurationError(
                Variable.user,
                "\(Variable.user) contains the control character \(InputEcho.codePoint(control)); write the login name alone"
            )
        }
        guard let password = try Self.password(inline: value(Variable.password), file: value(Variable.passwordFile)) else {
            throw IMAPConfigurationError(
                Variable.passwordFile,
                "\(Variable.user) is set but no password is; write the password to a file only you can read "
                    + "(chmod 600) and set \(Variable.passwordFile) to its path"
            )
        }

        let caFile = value(Variable.caFile)
        if let caFile {
            guard security != .none else {
                throw IMAPConfigurationError(
                    Variable.caFile,
                    "\(Variable.caFile) is set but \(Variable.tls)=none turns TLS off; unset one of them"
                )
            }
            try Self.checkReadableFile(caFile, variable: Variable.caFile, what: "the CA certificates (PEM)")
        }

        self.url = endpoint.url
        self.host = endpoint.host
        self.port = endpoint.port
        self.mailbox = endpoint.mailbox
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeouts = Timeouts()
        self.maximumMessageSize = 64 * 1024 * 1024
        self.serverURL = endpoint.serverURL
        self.serverMailbox = ModifiedUTF7.encode(endpoint.mailbox)
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
        let urls = (environment[Variable.url] ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init)
        guard urls.count > 1 else { return try IMAPConfiguration(environment: environment).map { [$0] } ?? [] }
        var seen = Set<String>()
        var configurations: [IMAPConfiguration] = []
        for url in urls {
            var one = environment
            one[Variable.url] = url
            guard let configuration = try IMAPConfiguration(environment: one) else { continue }
            guard seen.insert(configuration.url).inserted else {
                throw IMAPConfigurationError(
                    Variable.url, "\(Variable.url) names the mailbox \(configuration.url) twice; name each mailbox once")
            }
            configurations.append(configuration)
        }
        return configurations
    }
}

// MARK: - Variables

extension IMAPConfiguration {
    /// The environment variables, by name.
    enum Variable {
        static let prefix = "SAMRAD_IMAP_"
        static let url = "SAMRAD_IMAP_URL"
        static let tls = "SAMRAD_IMAP_TLS"
        static let user = "SAMRAD_IMAP_USER"
        static let password = "SAMRAD_IMAP_PASSWORD"
        static let passwordFile = "SAMRAD_IMAP_PASSWORD_FILE"
        static let caFile = "SAMRAD_IMAP_CA_FILE"
        static let all = [url, tls, user, password, passwordFile, caFile]
    }
}

// MARK: - The URL

extension IMAPConfiguration {
    /// The parts of `SAMRAD_IMAP_URL`, checked.
    private struct Endpoint {
        var implicitTLS: Bool
        var host: String
        /// The host as a URL writes it: IPv6 addresses in brackets.
        var urlHost: String
        var port: Int
        var mailbox: String
        var url: String
        var serverURL: String

        private static let variable = Variable.url
        private static let example = "imaps://imap.kommun.example:993/INBOX"

        init(_ text: String) throws(IMAPConfigurationError) {
            // A URL with '@' may carry a password: it is never echoed.
            if text.contains("@") {
                throw IMAPConfigurationError(
                    Self.variable,
                    "\(Self.variable) contains '@', so it may hold a user name or password; give only the server and "
                        + "mailbox, like \(Self.example), the login in \(Variable.user) and the password in \(Variable.passwordFile)"
                )
            }
            if let bad = text.unicodeScalars.first(where: { $0.isControlCharacter || $0.properties.isWhitespace }) {
                throw IMAPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) contains \(InputEcho.codePoint(bad)); write only the URL, "
                        + "like \(Self.example), with a space in a mailbox name written %20"
                )
            }
            guard let separator = text.range(of: "://") else {
                throw IMAPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) is not a URL; write it like \(Self.example) (TLS) "
                        + "or imap://imap.kommun.example:143/INBOX (STARTTLS)"
                )
            }
            switch text[..<separator.lowerBound].lowercased() {
            case "imaps": implicitTLS = true
            case "imap": implicitTLS = false
            default:
                throw IMAPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) must start with imaps:// (TLS, usually port 993) "
                        + "or imap:// (STARTTLS, usually port 143)"
                )
            }
            let rest = text[separator.upperBound...]
            if rest.contains("?") || rest.contains("#") || rest.contains(";") {
                throw IMAPConfigurationError(
                    Self.variable,
                    "\(Self.variable) \(InputEcho.quote(text)) has a query, fragment or ';' parameter; give only the "
                        + "server and the mailbox, like \(Self.example) (a ';' in a mailbox name is written %3B)"
                )
            }
            let authority = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(authority.count).dropFirst()

            let hostPart: Substring
            let portPart: Substring?
            if authority.hasPrefix("[") {
                guard let close = authority.firstIndex(of: "]") else {
                    throw IMAPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) opens '[' for an IPv6 address but does not close it"
                    )
                }
                hostPart = authority[authority.index(after: authority.startIndex)..<close]
                let after = authority[authority.index(after: close)...]
                guard after.isEmpty || after.hasPrefix(":") else {
                    throw IMAPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has text after the IPv6 address; write it like imaps://[::1]:993/INBOX"
                    )
                }
                portPart = after.isEmpty ? nil : after.dropFirst()
                guard hostPart.contains(":"), hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                    throw IMAPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has \(InputEcho.quote(hostPart)) in brackets, which is not an IPv6 address"
                    )
                }
            } else {
                if let colon = authority.lastIndex(of: ":") {
                    hostPart = authority[..<colon]
                    portPart = authority[authority.index(after: colon)...]
                } else {
                    hostPart = authority
                    portPart = nil
                }
                guard Self.isHostName(hostPart) else {
                    throw IMAPConfigurationError(
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
                    throw IMAPConfigurationError(
                        Self.variable,
                        "\(Self.variable) \(InputEcho.quote(text)) has the port \(InputEcho.quote(portPart)); "
                            + "give a number from 1 to 65535, usually 993 for imaps:// and 143 for imap://"
                    )
                }
                self.port = port
            } else {
                self.port = implicitTLS ? 993 : 143
            }

            mailbox = try Self.mailbox(fromPath: path, url: text)
            host = String(hostPart).lowercased()
            urlHost = authority.hasPrefix("[") ? "[\(host)]" : host
            serverURL = "\(implicitTLS ? "imaps" : "imap")://\(urlHost):\(port)"
            url = "\(serverURL)/\(IMAPConfiguration.percentEncoded(mailbox))"
        }

        /// The mailbox a URL's path names, percent-decoded; `INBOX` when the path is empty.
        private static func mailbox(fromPath path: Substring, url: String) throws(IMAPConfigurationError) -> String {
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

    /// Whether a host name or address is this machine.
    static func isLoopback(_ host: String) -> Bool {
        ServerSettings.isLoopback(host)
    }
}

// MARK: - Secrets and files

extension IMAPConfiguration {
    private static func password(inline: String?, file: String?) throws(IMAPConfigurationError) -> Secret? {
        do {
            return try ServerSettings.password(
                inline: inline, file: file, inlineVariable: Variable.password, fileVariable: Variable.passwordFile)
        } catch {
            throw IMAPConfigurationError(error.variable, error.description, isMissingInput: error.isMissingInput)
        }
    }

    private static func checkReadableFile(_ path: String, variable: String, what: String) throws(IMAPConfigurationError) {
        do {
            try ServerSettings.checkReadableFile(path, variable: variable, what: what)
        } catch {
            throw IMAPConfigurationError(error.variable, error.description, isMissingInput: error.isMissingInput)
        }
    }
}
