import Foundation
import SamradCore
import Synchronization

/// The checks a message and its envelope pass before any byte of them reaches an SMTP server.
///
/// libcurl 7.88 copies MAIL FROM and RCPT TO values into commands as they are (a CR LF in them
/// starts a new command), passes a bare LF through and dot-stuffs only after CR LF. So Samråd
/// refuses, without connecting, anything that could be read as a command or that a server may
/// reject or rewrite: control characters in addresses, bare CR or LF, NUL, control characters in
/// the header section, and lines longer than RFC 5321's 998 octets.
enum SMTPMessageCheck {
    /// The longest line SMTP carries, without its CR LF (RFC 5321 §4.5.3.1.6).
    static let maximumLineLength = 998

    /// Why an envelope address cannot go into MAIL FROM or RCPT TO; nil when it can.
    static func problem(inAddress address: String, role: String) -> String? {
        guard !address.isEmpty else { return "the envelope \(role) address is empty" }
        for scalar in address.unicodeScalars {
            if scalar.isControlCharacter {
                return "the envelope \(role) address \(InputEcho.quote(address)) contains the control character "
                    + "\(InputEcho.codePoint(scalar)), which could inject an SMTP command"
            }
            if !scalar.isASCII {
                return "the envelope \(role) address \(InputEcho.quote(address)) is not ASCII; the server is not asked for SMTPUTF8"
            }
            if scalar == "<" || scalar == ">" {
                return "the envelope \(role) address \(InputEcho.quote(address)) contains '<' or '>'"
            }
        }
        return nil
    }

    /// Why a message cannot be sent as it is; nil when it can.
    static func problem(inMessage message: Data) -> String? {
        message.withUnsafeBytes { bytes in
            // The body of a message with attachments is hundreds of kilobytes: check it with
            // vectorised scans, and walk it byte by byte only to name the line of a problem.
            bodyIsClean(bytes) ? problem(inMessage: bytes, stoppingAtBody: true) : problem(inMessage: bytes, stoppingAtBody: false)
        }
    }

    /// Whether everything after the header section has CR LF line endings, no line over 998
    /// octets and no NUL; true also when there is no header section end (the slow walk decides).
    /// The first problem of a message given as pieces, as ``OutgoingMail/parts`` holds it: the first piece holds
    /// the headers and is checked as a message; each later one must be body lines ending in CR LF. When one is not,
    /// the whole message is checked, so that the problem names its line in the message.
    ///
    /// A later piece found in `known` (an attachment that every message of a mailout shares) was checked before and is
    /// not scanned again; one found clean is added to it.
    static func problem(inMessage parts: [Data], known: CleanPieces? = nil) -> String? {
        guard parts.count > 1 else { return problem(inMessage: parts.first ?? Data()) }
        if let problem = problem(inMessage: parts[0]) { return problem }
        for part in parts.dropFirst() {
            if known?.contains(part) == true { continue }
            let clean = part.withUnsafeBytes { bytes in bytes.baseAddress != nil && linesAreClean(bytes, from: 0) }
            if !clean { return problem(inMessage: OutgoingMail.joined(parts)) }
            known?.insert(part)
        }
        return nil
    }

    /// Large pieces of messages found clean, so that a piece every message shares is scanned once.
    ///
    /// A piece is known by where its bytes are. The list holds each piece it knows, so those bytes can be neither freed
    /// and used for other bytes nor changed in place (`Data` copies a buffer that another value shares before
    /// changing it): a piece at the same place with the same length is the same bytes.
    final class CleanPieces: Sendable {
        /// Smaller pieces are scanned every time: they are cheap, and might be held inline rather than in a buffer.
        static let minimumSize = 4096
        /// The most pieces kept; the oldest goes first.
        static let capacity = 16

        private let pieces = Mutex<[Data]>([])

        /// Whether `piece` was found clean before.
        func contains(_ piece: Data) -> Bool {
            guard piece.count >= Self.minimumSize else { return false }
            let place = Self.place(of: piece)
            return pieces.withLock { $0.contains { $0.count == piece.count && Self.place(of: $0) == place } }
        }

        /// Remembers `piece` as clean.
        func insert(_ piece: Data) {
            guard piece.count >= Self.minimumSize else { return }
            pieces.withLock { pieces in
                if pieces.count >= Self.capacity { pieces.removeFirst() }
                pieces.append(piece)
            }
        }

        private static func place(of piece: Data) -> UnsafeRawPointer? {
            piece.withUnsafeBytes { $0.baseAddress }
        }
    }

    private static func bodyIsClean(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.baseAddress != nil, bytes.count >= 4 else { return false }
        guard let start = headerEnd(bytes) else { return false }
        return linesAreClean(bytes, from: start)
    }

    /// Whether the bytes from `start` on are lines of at most 998 octets, each ending in CR LF, with no other CR,
    /// LF or NUL: vectorised scans, no walk byte by byte.
    private static func linesAreClean(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var position = start
        var lineStart = start
        var lineFeeds = 0
        while position < bytes.count, let found = memchr(base + position, 0x0A, bytes.count - position) {
            let at = base.distance(to: UnsafeRawPointer(found))
            guard at > start, bytes[at - 1] == 0x0D, at - 1 - lineStart <= maximumLineLength else { return false }
            lineFeeds += 1
            position = at + 1
            lineStart = position
        }
        guard lineStart == bytes.count else { return false }
        var carriageReturns = 0
        position = start
        while position < bytes.count, let found = memchr(base + position, 0x0D, bytes.count - position) {
            carriageReturns += 1
            position = base.distance(to: UnsafeRawPointer(found)) + 1
        }
        return carriageReturns == lineFeeds && memchr(base + start, 0, bytes.count - start) == nil
    }

    /// The offset just after the blank line that ends the header section, if there is one.
    private static func headerEnd(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var position = 0
        while position + 3 < bytes.count, let found = memchr(base + position, 0x0D, bytes.count - position - 3) {
            let at = base.distance(to: UnsafeRawPointer(found))
            if bytes[at + 1] == 0x0A && bytes[at + 2] == 0x0D && bytes[at + 3] == 0x0A { return at + 4 }
            position = at + 1
        }
        return nil
    }

    private static func problem(inMessage bytes: UnsafeRawBufferPointer, stoppingAtBody: Bool) -> String? {
        guard !bytes.isEmpty else { return "the message is empty" }
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var line = 1
        var lineStart = 0
        var inHeader = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case cr:
                guard index + 1 < bytes.count, bytes[index + 1] == lf else {
                    return "line \(line) of the message has a bare CR (a CR not followed by LF); SMTP needs CR LF line endings"
                }
                let length = index - lineStart
                if length > maximumLineLength {
                    return "line \(line) of the message is \(length) octets long; SMTP allows at most \(maximumLineLength) "
                        + "(headers must be folded, long body lines encoded as quoted-printable or base64)"
                }
                if inHeader {
                    if length == 0 {
                        inHeader = false
                        if stoppingAtBody { return nil }
                    } else if let problem = problem(inHeaderLine: bytes[lineStart..<index], line: line) {
                        return problem
                    }
                }
                index += 2
                line += 1
                lineStart = index
                continue
            case lf:
                return "line \(line) of the message ends in a bare LF; SMTP needs CR LF line endings"
            case 0:
                return "line \(line) of the message contains a NUL byte, which SMTP cannot carry"
            case 0x09:
                break
            case 0x01..<0x20, 0x7F:
                if inHeader {
                    return "header line \(line) of the message contains the control character "
                        + "\(InputEcho.codePoint(Unicode.Scalar(byte))); header values must be plain text"
                }
            default:
                break
            }
            index += 1
        }
        if lineStart < bytes.count {
            return "the message does not end with CR LF; its last line (line \(line)) must end like every other"
        }
        return nil
    }

    /// A header line is a field (`Name: value`) or continues the one before (starts with space or tab).
    private static func problem(inHeaderLine bytes: Slice<UnsafeRawBufferPointer>, line: Int) -> String? {
        guard let first = bytes.first else { return nil }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            return line == 1 ? "the message starts with white space where its first header field must be" : nil
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > bytes.startIndex,
            bytes[bytes.startIndex..<colon].allSatisfy({ (33...126).contains($0) })
        else {
            return "header line \(line) of the message is neither a header field ('Name: value') nor the continuation of one"
        }
        return nil
    }
}
