import Foundation

/// One complete SMTP reply: its code and its lines, as the server wrote them.
struct SMTPReply: Hashable, Sendable {
    /// The three-digit reply code; 0 when the server sent something that is not a reply.
    let code: Int
    /// The reply's lines without their line endings, e.g. `["550 5.1.1 <x@kommun.example>: User unknown"]`.
    let lines: [String]

    /// The whole reply on one line, control characters replaced, at most ``maximumLength`` characters.
    var text: String {
        var result = ""
        for scalar in lines.joined(separator: " ").unicodeScalars {
            if result.unicodeScalars.count == Self.maximumLength {
                result += "…"
                break
            }
            result.unicodeScalars.append(scalar.isControlCharacter ? " " : scalar)
        }
        return result
    }

    /// The longest reply text kept for the ledger; servers seldom write more than a line or two.
    static let maximumLength = 500
}

/// Assembles the response lines libcurl hands to its header callback into complete replies.
///
/// A line `250-…` continues a reply and `250 …` (or a bare `250`) ends it (RFC 5321 §4.2.1).
struct SMTPReplyReader {
    /// The complete replies so far, oldest first; only the most recent ``keptReplies`` are kept.
    private(set) var replies: [SMTPReply] = []
    private var pending: [String] = []

    /// How many replies are kept: enough for one transaction, bounded against a chatty server.
    static let keptReplies = 16
    /// How many lines of one reply are kept (an EHLO reply has a dozen).
    static let keptLines = 32

    /// Takes one line, with or without its CRLF.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while line.hasSuffix("\n") || line.hasSuffix("\r") || line.hasSuffix("\r\n") {
            line.removeLast()
        }
        consume(line: line)
    }

    /// Takes one line without its line ending.
    mutating func consume(line: String) {
        if pending.count < Self.keptLines { pending.append(line) }
        let utf8 = Array(line.utf8.prefix(4))
        let hasCode = utf8.count >= 3 && utf8[0..<3].allSatisfy { (0x30...0x39).contains($0) }
        let continues = hasCode && utf8.count == 4 && utf8[3] == UInt8(ascii: "-")
        guard !continues else { return }
        let code = hasCode ? Int(String(decoding: utf8[0..<3], as: UTF8.self)) ?? 0 : 0
        replies.append(SMTPReply(code: code, lines: pending))
        pending = []
        if replies.count > Self.keptReplies { replies.removeFirst(replies.count - Self.keptReplies) }
    }
}
