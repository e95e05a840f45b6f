import Foundation
import SamradCore
import SamradNet
import Synchronization

/// One IMAP mailbox read through libcurl: its UIDVALIDITY and next UID, the UIDs of new messages, and
/// each message's raw bytes. One mailbox holds one connection and reuses it.
///
/// ```swift
/// let mailbox = try IMAPMailbox(configuration: configuration)
/// let status = try mailbox.status()                      // (uidValidity: 1795977743, uidNext: 42)
/// for uid in try mailbox.uids(after: 37) {               // [38, 41]
///     let message = try mailbox.fetch(uid: uid, uidValidity: status.uidValidity)
/// }
/// ```
///
/// The mailbox is opened read-only (EXAMINE) and fetched on that same connection, so messages stay
/// unseen for the people who read the mailbox too. libcurl 7.88 fetches with `UID FETCH n BODY[]`,
/// which marks a message `\Seen` in a mailbox opened for writing, and it opens the mailbox for writing
/// (SELECT) on every new connection; a fetch that needed a new connection of its own (after the
/// server dropped an idle one) therefore marks its one message seen.
///
/// Every call blocks until the server has answered (at most ``IMAPConfiguration/Timeouts/total``):
/// call it from a thread of its own, not from Swift concurrency's cooperative pool. Calls are
/// serialized. After the server refuses the login, the mailbox tries no further login (so that a
/// wrong password cannot lock the account) until a new one is made with fixed credentials.
public final class IMAPMailbox: Sendable {
    /// The settings this mailbox is read with.
    public let configuration: IMAPConfiguration
    private let state: Mutex<State>

    /// What the lock protects: the connection and what is known about it.
    private struct State {
        /// The handle and its connection; nil after ``IMAPMailbox/close()`` until the next call.
        var connection: CurlEasy?
        /// Whether the connection has the mailbox open read-only (EXAMINE), so that a fetch leaves `\Seen` alone.
        var examined = false
        /// The refusal that stops further logins, once the server refused the credentials.
        var loginRefusal: IMAPError?
        /// Whether an `imap://` server was seen to greet in plain text rather than wait for TLS.
        var greetingChecked = false
    }

    /// The status facts an EXAMINE reports.
    private struct Examination {
        var uidValidity: UInt32
        var uidNext: UInt32?
        var exists: UInt32
    }

    /// How many messages one search covers: the UIDs of 500 messages make a response line of at most
    /// 5.5 kB, and libcurl 7.88 silently drops the middle of a response line longer than 8 kB (half its
    /// buffer), which would lose UIDs.
    static let searchWindow: UInt32 = 500

    /// Prepares a mailbox; the connection is made by the first call.
    ///
    /// Throws when this machine's libcurl cannot do what the configuration asks (e.g. lacks TLS).
    public init(configuration: IMAPConfiguration) throws(IMAPError) {
        self.configuration = configuration
        let connection = try Self.makeConnection(configuration)
        state = Mutex(State(connection: connection))
    }

    /// The mailbox's UIDVALIDITY and, when the server says, the UID the next message will get.
    ///
    /// Opens the mailbox read-only (EXAMINE) and reads the `OK [UIDVALIDITY n]` and `OK [UIDNEXT n]` responses.
    public func status() throws(IMAPError) -> (uidValidity: UInt32, uidNext: UInt32?) {
        let examination = try state.withLock { state throws(IMAPError) in try examine(&state) }
        return (examination.uidValidity, examination.uidNext)
    }

    /// The UIDs of the messages whose UID is above `uid`, in ascending order; empty when there are none.
    ///
    /// Searches by message number (`UID SEARCH low:high`), the newest 500 messages first, then the 500
    /// before them, until it reaches a message at or below `uid`; the UIDs found are filtered by `uid`
    /// rather than asked for with `UID n:*`, which a server answers with the last message even when
    /// every UID is below n.
    public func uids(after uid: UInt32) throws(IMAPError) -> [UInt32] {
        try state.withLock { state throws(IMAPError) -> [UInt32] in
            let examination = try examine(&state)
            if uid == .max { return [] }
            if let uidNext = examination.uidNext, uidNext <= uid + 1 { return [] }
            var found = Set<UInt32>()
            var high = examination.exists
            while high >= 1 {
                let low = high > Self.searchWindow ? high - Self.searchWindow + 1 : 1
                let window = try search(&state, sequence: "\(low):\(high)")
                found.formUnion(window.lazy.filter { $0 > uid })
                // UIDs rise with message numbers: below a message at or under `uid` there is nothing new.
                // (A message expunged meanwhile only moves the rest down, into windows still to come.)
                if low == 1 || window.contains(where: { $0 <= uid }) { break }
                high = low - 1
            }
            return found.sorted()
        }
    }

    /// The raw bytes (RFC 5322) of the message with this UID, provided the mailbox's UIDVALIDITY is still `uidValidity`.
    ///
    /// The request names the UIDVALIDITY (`…/INBOX;UIDVALIDITY=v/;UID=n`), so after the server has
    /// renumbered the mailbox it fails with ``IMAPError/Code/uidValidityChanged`` instead of fetching
    /// whichever message has that UID now.
    public func fetch(uid: UInt32, uidValidity: UInt32) throws(IMAPError) -> Data {
        let configuration = configuration
        return try state.withLock { state throws(IMAPError) -> Data in
            if !state.examined {
                _ = try examine(&state)
            }
            let url = "\(configuration.mailboxURL);UIDVALIDITY=\(uidValidity)/;UID=\(uid)"
            let result = try exchange(
                &state, url: url, command: nil, bodyLimit: configuration.maximumMessageSize,
                action: .fetch(uid: uid, uidValidity: uidValidity)
            )
            return result.body
        }
    }

    /// Logs out and closes the connection now; a later call opens a new one.
    public func close() {
        state.withLock { state in
            state.connection = nil
            state.examined = false
        }
    }

    // MARK: - Exchanges

    /// Opens the mailbox read-only and reads its status.
    private func examine(_ state: inout State) throws(IMAPError) -> Examination {
        let result = try exchange(
            &state, url: configuration.mailboxURL, command: "EXAMINE \(Self.quoted(configuration.serverMailbox))",
            bodyLimit: Self.responseLimit, action: .examine
        )
        state.examined = true
        guard let examination = Self.examination(in: result.body) else {
            throw redacted(
                IMAPError(
                    .unexpectedReply, temporary: false,
                    "\(configuration.host):\(configuration.port) opened the mailbox \(InputEcho.quote(configuration.mailbox)) "
                        + "without telling its UIDVALIDITY, so its messages' UIDs cannot be remembered from one poll to "
                        + "the next; Samråd cannot poll this server"
                )
            )
        }
        return examination
    }

    /// The UIDs of the messages with these message numbers (`UID SEARCH low:high`).
    private func search(_ state: inout State, sequence: String) throws(IMAPError) -> [UInt32] {
        let result = try exchange(
            &state, url: configuration.mailboxURL, command: "UID SEARCH \(sequence)", bodyLimit: Self.responseLimit,
            action: .search
        )
        return Self.searchResults(in: result.body)
    }

    /// Runs one request on the connection (making one first when there is none) and throws what went wrong.
    private func exchange(
        _ state: inout State, url: String, command: String?, bodyLimit: Int, action: Action
    ) throws(IMAPError) -> CurlReadResult {
        if let refusal = state.loginRefusal { throw refusal }
        if !state.greetingChecked && configuration.security != .implicitTLS {
            // Against an IMAPS port libcurl would wait out its whole response time limit for a greeting.
            if Self.speaksTLSFirst(host: configuration.host, port: configuration.port, connectTimeout: configuration.timeouts.connect) {
                throw IMAPError(
                    .tlsExpected, temporary: false,
                    "\(configuration.host):\(configuration.port) speaks TLS from the first byte (an IMAPS port), but "
                        + "\(IMAPConfiguration.profile.url) starts with imap://; write it as "
                        + "imaps://\(configuration.host):\(configuration.port)/\(IMAPConfiguration.percentEncoded(configuration.mailbox))"
                        + (configuration.security == .none ? " and unset \(IMAPConfiguration.profile.tls)" : "")
                )
            }
            state.greetingChecked = true
        }
        let connection: CurlEasy
        if let existing = state.connection {
            connection = existing
        } else {
            connection = try Self.makeConnection(configuration)
            state.connection = connection
        }
        let result: CurlReadResult
        do {
            try connection.set(.url, url)
            if let command {
                try connection.set(.customRequest, command)
            } else {
                try connection.unset(.customRequest)
            }
            result = try connection.performReading(bodyLimit: bodyLimit)
        } catch {
            state.examined = false
            throw IMAPError(.libcurl, temporary: false, "libcurl cannot be set up for \(configuration.summary): \(error)")
        }
        // On a new connection libcurl has opened the mailbox for writing (SELECT) before anything else.
        if result.newConnections > 0 { state.examined = false }
        guard result.code == .ok else {
            state.examined = false
            let error = redacted(Self.error(for: result, action: action, configuration: configuration))
            if error.code == .loginRefused, !error.isTemporary {
                state.loginRefusal = IMAPError(
                    .loginRefused, temporary: false,
                    "\(error.description) (no further login is tried, so that repeated attempts cannot lock the account)"
                )
            }
            throw error
        }
        return result
    }

    /// A handle set up with every option that stays the same from request to request.
    private static func makeConnection(_ configuration: IMAPConfiguration) throws(IMAPError) -> CurlEasy {
        do {
            // TLS, the login and the time limits as SamradNet sets them for any server; each request sets its URL.
            return try CurlEasy(server: configuration.server, timeouts: configuration.timeouts)
        } catch {
            throw IMAPError(
                .libcurl, temporary: false,
                "libcurl cannot be set up for \(configuration.summary): \(error); install Debian's libcurl4-openssl-dev "
                    + "(libcurl with IMAP and TLS)"
            )
        }
    }

    /// The error with the password blanked out, in case a server echoed it (plainly or in base64).
    private func redacted(_ error: IMAPError) -> IMAPError {
        IMAPError(error.code, temporary: error.isTemporary, configuration.login.redacting(error.description))
    }
}

// MARK: - Reading the responses

extension IMAPMailbox {
    /// The most a status or search response may hold; they are a few hundred bytes.
    static let responseLimit = 1 << 20

    /// A mailbox name as an IMAP quoted string (it is 7-bit ASCII after modified UTF-7, without CR or LF).
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// UIDVALIDITY, UIDNEXT and EXISTS from the untagged responses to EXAMINE; nil without UIDVALIDITY.
    private static func examination(in body: Data) -> Examination? {
        var uidValidity: UInt32?
        var uidNext: UInt32?
        var exists: UInt32 = 0
        for line in lines(of: body) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, words[0] == "*" else { continue }
            if words[1].uppercased() == "OK", words[2].hasPrefix("[") {
                let code = words[2].dropFirst().uppercased()
                let value = words.count > 3 ? UInt32(words[3].prefix { $0 != "]" }) : nil
                if code == "UIDVALIDITY" { uidValidity = value }
                if code == "UIDNEXT" { uidNext = value }
            } else if words[2].uppercased() == "EXISTS", let count = UInt32(words[1]) {
                exists = count
            }
        }
        guard let uidValidity, uidValidity > 0 else { return nil }
        return Examination(uidValidity: uidValidity, uidNext: uidNext, exists: exists)
    }

    /// The numbers in the `* SEARCH` responses.
    private static func searchResults(in body: Data) -> [UInt32] {
        var uids: [UInt32] = []
        for line in lines(of: body) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, words[0] == "*", words[1].uppercased() == "SEARCH" else { continue }
            uids += words.dropFirst(2).compactMap { UInt32($0) }.filter { $0 > 0 }
        }
        return uids
    }

    /// The body's lines, without line endings.
    private static func lines(of body: Data) -> [Substring] {
        String(decoding: body, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }
}
