/// Why a message, an mbox or a Maildir could not be read, where, and what to do about it.
///
/// Printed like a compiler diagnostic:
///
/// ```
/// replies.mbox#2: part 1.2: the multipart/alternative part ends before its closing boundary '--b2--' …
///     fix: save the whole message again from the mail client, or ask the sender to send it again
/// ```
public struct MailReadError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is; compare with the static members (`error.kind == .truncatedMultipart`).
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case emptyInput = "empty input"
            case noHeader = "no header"
            case invalidHeaderEncoding = "invalid header encoding"
            case truncatedMultipart = "truncated multipart"
            case brokenBoundary = "broken boundary"
            case missingBoundary = "missing boundary"
            case partialMessage = "partial message"
            case nestedTooDeeply = "nested too deeply"
            case undecodableContent = "undecodable content"
            case unreadableSource = "unreadable source"
            case unrecognizedSource = "unrecognized source"
        }

        private let code: Code

        private init(_ code: Code) {
            self.code = code
        }

        /// The input has no bytes, or only blank lines.
        public static let emptyInput = Kind(.emptyInput)
        /// The input does not start with a header section (`Name: value` lines).
        public static let noHeader = Kind(.noHeader)
        /// A header has 8-bit bytes that are neither UTF-8 nor valid in any charset the message declares.
        public static let invalidHeaderEncoding = Kind(.invalidHeaderEncoding)
        /// A multipart's closing boundary never comes: the input ends inside it.
        public static let truncatedMultipart = Kind(.truncatedMultipart)
        /// A multipart's boundary never occurs in its body, so it has no parts.
        public static let brokenBoundary = Kind(.brokenBoundary)
        /// A multipart has no boundary parameter at all.
        public static let missingBoundary = Kind(.missingBoundary)
        /// The message is one fragment of a message split with message/partial.
        public static let partialMessage = Kind(.partialMessage)
        /// Parts or forwarded messages are nested deeper than the reader follows.
        public static let nestedTooDeeply = Kind(.nestedTooDeeply)
        /// A part's content could not be decoded.
        public static let undecodableContent = Kind(.undecodableContent)
        /// A file or folder could not be read.
        public static let unreadableSource = Kind(.unreadableSource)
        /// A file or folder is not a message, an mbox or a Maildir.
        public static let unrecognizedSource = Kind(.unrecognizedSource)

        /// A short name for the kind ("truncated multipart").
        public var description: String { code.rawValue }
    }

    /// What kind of problem it is.
    public let kind: Kind
    /// Where the input came from ("replies.mbox#3 (byte 10423)", a file name); nil when the caller gave only bytes.
    public private(set) var source: String?
    /// The MIME part, numbered as IMAP does ("1", "1.2"); nil for the message itself or the input as a whole.
    public let part: String?
    /// What is wrong, naming the offending header, boundary or line.
    public let reason: String
    /// What the user can do about it.
    public let fix: String

    init(_ kind: Kind, part: String? = nil, source: String? = nil, reason: String, fix: String) {
        self.kind = kind
        self.part = part
        self.source = source
        self.reason = reason
        self.fix = fix
    }

    /// The same error, naming where the input came from.
    func from(source: String) -> MailReadError {
        var copy = self
        copy.source = source
        return copy
    }

    /// `source: part N: reason`, then the fix on its own indented line.
    public var description: String {
        var location: [String] = []
        if let source { location.append(source) }
        if let part { location.append("part \(part)") }
        let prefix = location.isEmpty ? "" : location.joined(separator: ": ") + ": "
        return "\(prefix)\(reason)\n    fix: \(fix)"
    }
}
