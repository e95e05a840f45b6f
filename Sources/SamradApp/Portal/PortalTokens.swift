import Foundation
import SamradCore
import SamradImport
import SamradStore

/// The tokens of the answer portal's links: 256 random bits, base64url, of which only the SHA-256 is stored.
///
/// Every message a round with `portal: true` sends a body carries a fresh link; each opens the body's page until
/// the coordinator revokes the body's links (`samrad portal revoke`), after which `resend` sends a new one.
public struct PortalTokens: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The length of a token as written: 32 bytes in base64url without padding.
    public static let length = 43

    /// 32 bytes from the system's random number generator.
    public static func randomBytes() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        for _ in 0..<4 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes += $0 }
        }
        return bytes
    }

    /// A new token: ``randomBytes()`` in base64url.
    public static func newToken() -> String {
        Data(randomBytes()).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether a text has a token's shape: 43 characters of the base64url alphabet.
    public static func isWellFormed(_ token: Substring) -> Bool {
        token.utf8.count == length
            && token.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
                    || byte == 0x5F
            }
    }

    /// The SHA-256 of a token, as the database keeps it.
    public static func digest(_ token: some StringProtocol) -> String {
        SHA256.hex(Data(token.utf8))
    }

    /// A new link for a body of a round with the portal, recorded by its token's digest before any message carries it.
    public func newLink(for match: RoundBody, messageID: String?) throws -> String {
        guard let publicURL = workspace.publicURL else {
            throw SamradError(
                .configuration,
                "round \(match.consultation) has 'portal: true', so its messages carry each body's link to the answer portal, "
                    + "but SAMRAD_PUBLIC_URL is not set; set it to the address the portal is reached at, e.g. "
                    + "SAMRAD_PUBLIC_URL=https://samrad.kommun.example, and send again")
        }
        let token = Self.newToken()
        try workspace.database.addPortalLink(match, tokenSHA256: Self.digest(token), messageID: messageID, now: workspace.now())
        return publicURL.answerPage(token: token)
    }

    /// Revokes every link of a body in a round; `resend` then sends the body a new one. Returns how many were revoked.
    public func revoke(_ id: String, body: String) throws -> Int {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        guard stored.consultation.portal else {
            throw SamradError(.dataError, "round \(id) does not use the answer portal; its file has no 'portal: true'")
        }
        let registry = try workspace.database.registry()
        guard stored.consultation.recipients(in: registry).contains(where: { $0.id == body }) else {
            throw SamradError(.dataError, "\(body) is not a recipient of round \(id); 'samrad consultation show \(id)' lists them")
        }
        return try workspace.database.revokePortalLinks(RoundBody(consultation: id, body: body), now: workspace.now()) { count in
            workspace.auditNote("portal revoke", consultation: id, "\(body): \(count) portal links revoked; resend sends a new one")
        }
    }
}
