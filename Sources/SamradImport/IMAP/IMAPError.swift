/// Why an exchange with the IMAP server failed, in a sentence a person can act on.
///
/// ```swift
/// do {
///     let status = try mailbox.status()
/// } catch {
///     print(error)              // "imap.kommun.example:993 refused the login as samrad: …; check SAMRAD_IMAP_USER and …"
///     if error.isTemporary { … } // try again at the next poll
/// }
/// ```
///
/// The text never contains the password: server replies and libcurl's details are scrubbed of it.
public struct IMAPError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members, e.g. `error.code == .loginRefused`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case loginRefused, certificate, tlsUnavailable, tlsFailed, tlsExpected, noSuchMailbox, unreachable, timedOut
            case connectionLost, uidValidityChanged, noSuchMessage, messageTooLarge, unexpectedReply, libcurl
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The server refused the user name and password (or the login for now, when temporary).
        public static let loginRefused = Code(.loginRefused)
        /// The server's certificate was not accepted: wrong CA, wrong name, expired, or an unusable CA file.
        public static let certificate = Code(.certificate)
        /// `imap://` needs STARTTLS and the server does not offer it.
        public static let tlsUnavailable = Code(.tlsUnavailable)
        /// The TLS handshake failed for a reason other than the certificate.
        public static let tlsFailed = Code(.tlsFailed)
        /// `imap://` names a port where the server speaks TLS from the first byte: it wants `imaps://`.
        public static let tlsExpected = Code(.tlsExpected)
        /// The mailbox named in the URL does not exist or cannot be opened.
        public static let noSuchMailbox = Code(.noSuchMailbox)
        /// No connection could be made: the name does not resolve, or nothing accepts connections there.
        public static let unreachable = Code(.unreachable)
        /// The server did not answer within the configured time limits.
        public static let timedOut = Code(.timedOut)
        /// The connection broke off, or the server ended the session (BYE).
        public static let connectionLost = Code(.connectionLost)
        /// The mailbox's UIDVALIDITY is no longer the one the UIDs were read under: they name other messages now.
        public static let uidValidityChanged = Code(.uidValidityChanged)
        /// No message has that UID (any more): it was expunged.
        public static let noSuchMessage = Code(.noSuchMessage)
        /// The message is larger than ``IMAPConfiguration/maximumMessageSize``.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The server answered something Samråd cannot use (a NO or BAD, a response it cannot read).
        public static let unexpectedReply = Code(.unexpectedReply)
        /// libcurl could not be set up, or failed in a way not listed above.
        public static let libcurl = Code(.libcurl)

        /// The code's name, e.g. `loginRefused`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// Whether the same request may succeed later without anyone changing anything (a timeout, a dropped connection).
    public let isTemporary: Bool
    /// What failed, on which server or message, and what to do.
    public let description: String

    /// Makes an error; the text must already be free of secrets.
    package init(_ code: Code, temporary: Bool, _ description: String) {
        self.code = code
        self.isTemporary = temporary
        self.description = description
    }
}
