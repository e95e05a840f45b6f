import Foundation
import PostgresNIO
import SamradNet

/// Why `SAMRAD_DB=postgres://…` or its companions cannot be used: the variable at fault and a sentence a person
/// can act on, never a password.
public struct PostgresSettingsError: Error, Sendable, CustomStringConvertible {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong and what to do.
    public let description: String
    /// Whether the fault is a file the variable names that is missing or not a file (exit 66, not 78).
    public let isMissingInput: Bool

    init(_ variable: String, _ description: String, isMissingInput: Bool = false) {
        self.variable = variable
        self.description = description
        self.isMissingInput = isMissingInput
    }
}

/// Where the PostgreSQL database is and how to reach it: `SAMRAD_DB=postgres://user@host:port/database`, the
/// password in the file `SAMRAD_DB_PASSWORD_FILE` names (only its owner may read it, as for SMTP's), and TLS
/// that checks the server's certificate and name (libpq's `sslmode=verify-full`) against `SAMRAD_DB_CA_FILE`.
///
/// `?sslmode=disable` turns TLS off, for a server on this machine only (`localhost`, 127.0.0.0/8, `::1`): a
/// password and a municipality's ledger never cross a network in the clear.
public struct PostgresSettings: Sendable, CustomStringConvertible {
    /// How the connection is secured.
    public enum Security: Sendable, Equatable {
        /// No TLS: the server is on this machine.
        case disabled
        /// TLS, the certificate checked against the CA file (or the system's trust store) and the host name.
        case verifyFull(caFile: String?)
    }

    /// The variables read.
    public static let urlVariable = "SAMRAD_DB"
    public static let passwordFileVariable = "SAMRAD_DB_PASSWORD_FILE"
    public static let caFileVariable = "SAMRAD_DB_CA_FILE"
    static let example = "postgres://samrad@db.kommun.example:5432/samrad"

    /// The server's host name or address, without brackets.
    public let host: String
    /// The server's port.
    public let port: Int
    /// The role logged in as.
    public let user: String
    /// The database.
    public let database: String
    /// TLS or not.
    public let security: Security
    /// The password, if a file gave one; shows itself nowhere.
    let password: Secret?

    /// Whether a URL is meant for PostgreSQL (`postgres://` or `postgresql://`), as `SAMRAD_DB` may also be a path.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Reads `SAMRAD_DB`, `SAMRAD_DB_PASSWORD_FILE` and `SAMRAD_DB_CA_FILE` from an environment.
    public init(environment: [String: String]) throws {
        guard let url = environment[Self.urlVariable] else {
            throw PostgresSettingsError(Self.urlVariable, "\(Self.urlVariable) is not set; give it like \(Self.example)")
        }
        try self.init(
            url: url, passwordFile: environment[Self.passwordFileVariable], caFile: environment[Self.caFileVariable])
    }

    /// Parses the URL and checks the files it goes with.
    public init(url text: String, passwordFile: String?, caFile: String?) throws {
        let variable = Self.urlVariable
        func refuse(_ problem: String) -> PostgresSettingsError { PostgresSettingsError(variable, problem) }
        if let bad = text.unicodeScalars.first(where: { $0.isControlCharacter || $0.properties.isWhitespace }) {
            throw refuse(
                "\(variable) contains U+\(String(bad.value, radix: 16, uppercase: true)); write only the URL, like \(Self.example)")
        }
        guard Self.isPostgresURL(text), let separator = text.range(of: "://") else {
            throw refuse("\(variable) must start with postgres:// for a PostgreSQL server, like \(Self.example)")
        }
        var rest = Substring(text[separator.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        if rest.contains("#") { throw refuse("\(variable) has a fragment (#…); remove it") }
        guard let slash = rest.firstIndex(of: "/") else {
            throw refuse("\(variable) names no database; end it with /DATABASE, like \(Self.example)")
        }
        let authority = rest[..<slash]
        let path = rest[rest.index(after: slash)...]
        guard let at = authority.lastIndex(of: "@") else {
            throw refuse("\(variable) names no user; write the role before the host, like \(Self.example)")
        }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        // The password is never in the URL: a URL ends up in crontabs, shell history and process lists.
        if userInfo.contains(":") {
            throw refuse(
                "\(variable) holds a password after the user name; remove it from the URL and put it in a file only you can "
                    + "read, named by \(Self.passwordFileVariable)")
        }
        guard let user = userInfo.removingPercentEncoding, !user.isEmpty else {
            throw refuse("\(variable) names no user; write the role before the host, like \(Self.example)")
        }
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw refuse("\(variable) must end with one database name after the host, like \(Self.example)")
        }
        let (host, port) = try Self.hostAndPort(hostPort, refuse: refuse)
        self.host = host
        self.port = port
        self.user = user
        self.database = database

        var sslmode = "verify-full"
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count == 2 ? String(parts[1]) : ""
            guard name == "sslmode" else {
                throw refuse("\(variable) has the parameter '\(name)', which Samråd does not read; the only one is sslmode")
            }
            sslmode = value
        }
        let loopback = Self.isLoopback(host)
        switch sslmode {
        case "verify-full":
            if let caFile {
                try Self.checkReadable(caFile, variable: Self.caFileVariable, what: "the CA certificates (PEM) of the server's certificate")
            }
            security = .verifyFull(caFile: caFile)
        case "disable":
            guard loopback else {
                throw refuse(
                    "\(variable) turns TLS off (sslmode=disable) for \(host), which is not this machine; the password and the "
                        + "ledger would cross the network in the clear. Remove sslmode=disable and give the server's CA in "
                        + "\(Self.caFileVariable)")
            }
            if caFile != nil {
                throw PostgresSettingsError(
                    Self.caFileVariable, "\(Self.caFileVariable) is set but \(variable) turns TLS off (sslmode=disable); unset one of them")
            }
            security = .disabled
        default:
            throw refuse(
                "\(variable) has sslmode=\(sslmode); Samråd checks the server's certificate and name always (verify-full, the "
                    + "default) and turns TLS off only for a server on this machine (sslmode=disable)")
        }

        if let passwordFile {
            do {
                let password = try PasswordFile.read(passwordFile, variable: Self.passwordFileVariable)
                try PasswordFile.checkPassword(
                    password, variable: Self.passwordFileVariable, source: "the password file \(passwordFile)")
                self.password = Secret(password)
            } catch {
                throw PostgresSettingsError(error.variable, error.description, isMissingInput: error.isMissingInput)
            }
        } else {
            password = nil
        }
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port`.
    private static func hostAndPort(_ text: Substring, refuse: (String) -> PostgresSettingsError) throws -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw refuse("\(urlVariable) has a '[' without its ']' around the host") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw refuse("\(urlVariable) has something after the host's ']' that is not :PORT") }
                portText = after.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            host = text
        }
        guard !host.isEmpty else { throw refuse("\(urlVariable) names no host; give it like \(example)") }
        var port = 5432
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw refuse("\(urlVariable) has the port '\(portText)'; give a number from 1 to 65535")
            }
            port = number
        }
        return (host.lowercased(), port)
    }

    /// Whether a host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    private static func checkReadable(_ path: String, variable: String, what: String) throws {
        do {
            try PasswordFile.checkReadableFile(path, variable: variable, what: what)
        } catch {
            throw PostgresSettingsError(error.variable, error.description, isMissingInput: error.isMissingInput)
        }
    }

    /// `postgres://user@host:port/database` and how it is secured; never the password.
    public var description: String {
        let urlHost = host.contains(":") ? "[\(host)]" : host
        let tls: String
        switch security {
        case .disabled: tls = "TLS off (this machine)"
        case .verifyFull(let caFile): tls = "TLS verify-full" + (caFile.map { " against \($0)" } ?? "")
        }
        return "postgres://\(user)@\(urlHost):\(port)/\(database), \(tls)"
    }

    /// postgres-nio's configuration for these settings.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch security {
        case .disabled:
            tls = .disable
        case .verifyFull(let caFile):
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            if let caFile { configuration.trustRoots = .file(caFile) }
            do {
                tls = .require(try NIOSSLContext(configuration: configuration))
            } catch {
                throw PostgresSettingsError(
                    Self.caFileVariable, "cannot use the CA certificates \(caFile ?? "of the system"): \(error); give a PEM file")
            }
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password?.value, database: database, tls: tls)
        // verify-full: postgres-nio checks the certificate against the URL's host name (an address is not sent as SNI).
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }
}
