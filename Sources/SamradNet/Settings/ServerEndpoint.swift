import Foundation
import SamradCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parts of a server URL (`SAMRAD_SMTP_URL`, `SAMRAD_IMAP_URL`), checked: the scheme, the host
/// (a name, an IPv4 address or an IPv6 address in brackets), the port, and the path, which each
/// protocol reads its own way.
///
/// ```swift
/// let endpoint = try ServerEndpoint("smtp://[::1]:2525", profile: SMTPConfiguration.profile)
/// endpoint.host        // "::1"
/// endpoint.serverURL   // "smtp://[::1]:2525"
/// ```
///
/// A URL that may hold a login (`user:password@host`) is refused without being echoed, and so is a
/// query or a fragment. An internationalised host name is taken in its `xn--` form.
package struct ServerEndpoint: Sendable, Hashable {
    /// The scheme, which says how the connection is protected.
    package let scheme: ServerScheme
    /// The server's host name or IP address, lower case, without brackets.
    package let host: String
    /// The server's port: the URL's, else the scheme's default.
    package let port: Int
    /// Whatever follows the host and port, its leading `/` included; empty when nothing does.
    package let path: String

    /// The host as a URL writes it: IPv6 addresses in brackets.
    package var urlHost: String { host.contains(":") ? "[\(host)]" : host }
    /// `scheme://host:port`, the URL without its path, e.g. `imaps://imap.kommun.example:993`.
    package var serverURL: String { "\(scheme.name)://\(urlHost):\(port)" }
    /// Whether the server is this machine (`localhost`, 127.0.0.0/8 or ::1).
    package var isLoopback: Bool { Self.isLoopback(host) }

    /// Parses `text`, the value of the profile's URL variable; the errors name that variable.
    package init(_ text: String, profile: ServerProfile) throws(ServerSettingError) {
        let variable = profile.url
        func refuse(_ problem: String) -> ServerSettingError {
            ServerSettingError(variable, problem)
        }
        let quoted = InputEcho.quote(text)
        // A URL with '@' may carry a password: it is never echoed.
        if text.contains("@") {
            throw refuse(
                "\(variable) contains '@', so it may hold a user name or password; give only \(profile.urlNames), like "
                    + "\(profile.example), the login in \(profile.user) and the password in \(profile.passwordFile)")
        }
        if let bad = text.unicodeScalars.first(where: { $0.isControlCharacter || $0.properties.isWhitespace }) {
            throw refuse("\(variable) \(quoted) contains \(InputEcho.codePoint(bad)); write only the URL, like \(profile.example)")
        }
        guard let separator = text.range(of: "://") else {
            throw refuse("\(variable) \(quoted) is not a URL; write it like \(profile.examples())")
        }
        guard let scheme = profile.scheme(named: text[..<separator.lowerBound].lowercased()) else {
            let schemes = profile.schemes.map { "\($0.name):// (\($0.security.label), usually port \($0.usualPort))" }
            throw refuse("\(variable) \(quoted) must start with \(ServerProfile.either(schemes))")
        }
        let rest = text[separator.upperBound...]
        if rest.contains("?") || rest.contains("#") {
            throw refuse("\(variable) \(quoted) has a query or fragment; write it like \(profile.example)")
        }
        let authority = rest.prefix { $0 != "/" }

        let hostPart: Substring
        let portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw refuse("\(variable) \(quoted) opens '[' for an IPv6 address but does not close it")
            }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else {
                let example = profile.example(profile.schemes[0], host: "[::1]")
                throw refuse("\(variable) \(quoted) has text after the IPv6 address; write it like \(example)")
            }
            portPart = after.isEmpty ? nil : after.dropFirst()
            guard hostPart.contains(":"), hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw refuse("\(variable) \(quoted) has \(InputEcho.quote(hostPart)) in brackets, which is not an IPv6 address")
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
                throw refuse(
                    hostPart.isEmpty
                        ? "\(variable) \(quoted) names no server; write it like \(profile.example)"
                        : "\(variable) names the server \(InputEcho.quote(hostPart)), which is not a host name; "
                            + "use letters, digits, '-' and '.' (an internationalised name in its xn-- form), like \(profile.example)"
                )
            }
        }
        if let portPart {
            guard portPart.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portPart), (1...65_535).contains(port) else {
                let usual = profile.schemes.map { "\($0.usualPort) for \($0.name)://" }
                throw refuse(
                    "\(variable) \(quoted) has the port \(InputEcho.quote(portPart)); give a number from 1 to 65535, usually "
                        + usual.joined(separator: " and "))
            }
            self.port = port
        } else {
            self.port = scheme.defaultPort
        }
        self.scheme = scheme
        self.host = String(hostPart).lowercased()
        self.path = String(rest.dropFirst(authority.count))
    }

    /// Letters, digits and hyphens in dot-separated labels (IPv4 addresses included): a host name
    /// as DNS writes it, an internationalised one in its `xn--` form.
    package static func isHostName(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                }
        }
    }

    /// Whether a host name or address is this machine.
    package static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, host, &ipv6) == 1 {
            var loopback = in6addr_loopback
            return memcmp(&ipv6, &loopback, MemoryLayout<in6_addr>.size) == 0
        }
        return false
    }
}
