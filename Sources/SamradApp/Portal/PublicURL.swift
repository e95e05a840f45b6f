import Foundation

/// The address the answer portal is reached at from outside (`SAMRAD_PUBLIC_URL`), e.g.
/// `https://samrad.kommun.example`: the links in messages start with it, and its scheme decides whether the
/// portal's cookies are `Secure`.
public struct PublicURL: Sendable, Equatable, CustomStringConvertible {
    /// The address without a trailing slash, e.g. `https://samrad.kommun.example/remiss`.
    public let base: String
    /// Whether the address is https.
    public let isSecure: Bool

    /// Reads the address; anything but an http or https address with a host is a configuration error.
    public init(_ text: String) throws(SamradError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, components.query == nil,
            components.fragment == nil, components.user == nil
        else {
            throw SamradError(
                .configuration,
                "SAMRAD_PUBLIC_URL='\(text.prefix(80))' is not an http or https address; write the address the portal is reached at "
                    + "from outside, e.g. https://samrad.kommun.example")
        }
        var base = trimmed
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.isSecure = scheme == "https"
    }

    /// A body's page for a token: `{base}/svar/{token}`.
    public func answerPage(token: String) -> String {
        "\(base)/svar/\(token)"
    }

    /// The address as written.
    public var description: String { base }
}
