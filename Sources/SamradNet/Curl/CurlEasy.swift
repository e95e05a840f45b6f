import CCurl
import Foundation

/// A libcurl call that failed, named after the call so that the message says which one.
package struct CurlError: Error, CustomStringConvertible {
    /// The call, e.g. `curl_easy_setopt(CURLOPT_MAIL_FROM)`.
    package let call: String
    /// What libcurl returned.
    package let code: CurlCode
    /// Why libcurl itself could not be opened, when that was the failure ("libcurl.so.4: cannot open shared
    /// object file: …").
    package let loadFailure: String?

    init(call: String, code: CURLcode, loadFailure: String? = nil) {
        self.call = call
        self.code = CurlCode(code)
        self.loadFailure = loadFailure
    }

    package var description: String {
        if let loadFailure {
            return "libcurl could not be opened: \(loadFailure)"
        }
        return "\(call) failed: \(code.explanation) (CURLcode \(code.rawValue))"
    }
}

/// Passes a libcurl return code through, or throws a ``CurlError`` that names the call.
///
/// Every `CURLcode` in SamradNet goes through here, as NIO's `syscall(…, function:)` does for errno.
@inline(__always)
func checkCurl(_ code: CURLcode, _ call: @autoclosure () -> String) throws(CurlError) {
    guard code == CURLE_OK else { throw CurlError(call: call(), code: code) }
}

/// What every transfer reports, whatever it was for: libcurl's code and its detail.
package protocol CurlTransferResult {
    /// What `curl_easy_perform` returned.
    var code: CurlCode { get }
    /// libcurl's own detail (`CURLOPT_ERRORBUFFER`); empty when it had none.
    var errorDetail: String { get }
}

extension CurlTransferResult {
    /// libcurl's detail, or its explanation of the code when it gave none.
    package var detail: String { errorDetail.isEmpty ? code.explanation : errorDetail }

    /// `(libcurl: DETAIL, CURLcode N)`, the note that ends a sentence about a failed transfer.
    package var libcurlNote: String { "(libcurl: \(detail), CURLcode \(code.rawValue))" }
}

/// What one mail transaction (SMTP MAIL, RCPT, DATA) on a ``CurlEasy`` handle came to; the server's
/// replies went to the caller's line handler as they came.
package struct CurlMailResult: CurlTransferResult {
    /// What `curl_easy_perform` returned.
    package let code: CurlCode
    /// `CURLINFO_RESPONSE_CODE`: the code of the last SMTP reply libcurl acted on (stale after a drop).
    package let responseCode: Int
    /// libcurl's own detail (`CURLOPT_ERRORBUFFER`); empty when it had none.
    package let errorDetail: String
    /// Whether libcurl had read the whole message body by the time the transaction ended.
    package let bodyRead: Bool
}

/// Owns one libcurl easy handle: one connection to an SMTP or IMAP server, kept open and reused
/// across messages and requests.
///
/// Not thread-safe: one thread uses a handle at a time (`SMTPTransport` and `IMAPMailbox` keep it
/// behind a `Mutex`). The `CURL*` never leaves this type; the recipient `curl_slist` and the message
/// bytes live in a ``Transfer`` that the handle holds for exactly as long as `curl_easy_perform` may
/// read them.
package final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detail for a failure here; at least `CURL_ERROR_SIZE` bytes, stable address.
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The transaction in progress, read by the callbacks during `curl_easy_perform`.
    private var transfer: Transfer?
    /// The read transfer in progress (IMAP), filled by the write and header callbacks during `curl_easy_perform`.
    private var reading: ReadTransfer?

    /// Creates a handle with the callbacks installed; no connection is made until the first transfer.
    package init() throws(CurlError) {
        let initialization = CurlLibrary.initialization
        guard initialization == CURLE_OK else {
            throw CurlError(
                call: "curl_global_init", code: initialization, loadFailure: ccurl_load_error().map { String(cString: $0) }
            )
        }
        guard let handle = ccurl_easy_init() else {
            throw CurlError(call: "curl_easy_init", code: CURLE_FAILED_INIT)
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))

        let context = Unmanaged.passUnretained(self).toOpaque()
        try checkCurl(ccurl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer), "curl_easy_setopt(CURLOPT_ERRORBUFFER)")
        try checkCurl(
            ccurl_setopt_read_callback(handle) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()
                return easy.transfer?.read(into: buffer, capacity: size * count) ?? 0
            },
            "curl_easy_setopt(CURLOPT_READFUNCTION)"
        )
        try checkCurl(ccurl_setopt_ptr(handle, CURLOPT_READDATA, context), "curl_easy_setopt(CURLOPT_READDATA)")
        try checkCurl(
            ccurl_setopt_header_callback(handle) { line, size, count, context in
                let length = size * count
                guard let line, let context else { return length }
                let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()
                easy.transfer?.record(UnsafeRawBufferPointer(start: line, count: length))
                easy.reading?.record(UnsafeRawBufferPointer(start: line, count: length))
                return length
            },
            "curl_easy_setopt(CURLOPT_HEADERFUNCTION)"
        )
        try checkCurl(ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, context), "curl_easy_setopt(CURLOPT_HEADERDATA)")
    }

    deinit {
        // The QUIT reply that cleanup reads must not reach an object being torn down. (Setting a
        // pointer option cannot fail, and deinit could not report it.)
        _ = ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        _ = ccurl_setopt_ptr(handle, CURLOPT_READDATA, nil)
        // Closes the connection (with QUIT when it is still open) and frees the handle.
        ccurl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sets an option that takes 0 or 1.
    package func set(_ option: CurlOption<Bool>, _ value: Bool) throws(CurlError) {
        try checkCurl(ccurl_setopt_long(handle, option.option, value ? 1 : 0), "curl_easy_setopt(\(option.name))")
    }

    /// Sets an option that takes a `long`.
    package func set(_ option: CurlOption<Int>, _ value: Int) throws(CurlError) {
        try checkCurl(ccurl_setopt_long(handle, option.option, value), "curl_easy_setopt(\(option.name))")
    }

    /// Sets an option that takes a `curl_off_t`.
    package func set(_ option: CurlOption<Int64>, _ value: Int64) throws(CurlError) {
        try checkCurl(ccurl_setopt_off_t(handle, option.option, curl_off_t(value)), "curl_easy_setopt(\(option.name))")
    }

    /// Sets an option that takes a C string; libcurl keeps its own copy.
    package func set(_ option: CurlOption<String>, _ value: String) throws(CurlError) {
        try checkCurl(ccurl_setopt_string(handle, option.option, value), "curl_easy_setopt(\(option.name))")
    }

    /// Sends one message to one recipient on this handle's connection, connecting first when needed,
    /// and hands each line the server answers with to `responseLine` (with its line ending) as it comes.
    ///
    /// Throws only when the transaction could not be set up; whatever happened on the wire is in the
    /// result and the lines, for the caller to classify.
    package func sendMail(
        from sender: String, to recipient: String, message: [Data], responseLine: @escaping (UnsafeRawBufferPointer) -> Void
    ) throws(CurlError) -> CurlMailResult {
        guard let recipients = ccurl_slist_append(nil, recipient) else {
            throw CurlError(call: "curl_slist_append", code: CURLE_OUT_OF_MEMORY)
        }
        let transfer = Transfer(message: message, recipients: recipients, responseLine: responseLine)
        self.transfer = transfer
        defer {
            // libcurl must not keep a pointer to the list once the Transfer frees it.
            _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
            self.transfer = nil
        }
        try set(.mailFrom, sender)
        try checkCurl(ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients), "curl_easy_setopt(CURLOPT_MAIL_RCPT)")
        try set(.inFileSizeLarge, Int64(message.reduce(0) { $0 + $1.count }))

        errorBuffer[0] = 0
        let code = ccurl_easy_perform(handle)
        return CurlMailResult(
            code: CurlCode(code),
            // Without a reply code (none read yet), 0: nothing then trusts it.
            responseCode: (try? info(CURLINFO_RESPONSE_CODE, "CURLINFO_RESPONSE_CODE")) ?? 0,
            errorDetail: String(cString: errorBuffer),
            bodyRead: transfer.bodyRead
        )
    }

    /// A number libcurl reports about the last transfer (`CURLINFO_LONG`).
    private func info(_ info: CURLINFO, _ name: String) throws(CurlError) -> Int {
        var value = 0
        try checkCurl(ccurl_getinfo_long(handle, info, &value), "curl_easy_getinfo(\(name))")
        return value
    }
}

extension CurlEasy {
    /// The state of one transaction: the pieces of the message libcurl uploads (read in turn, never joined, so a
    /// shared attachment is not copied per message), the recipient list it reads and where the replies go. Freed
    /// (list included) when the transaction ends.
    private final class Transfer {
        let message: [Data]
        let recipients: UnsafeMutablePointer<curl_slist>
        /// The piece being read, and how far into it.
        private var piece = 0
        private var offset = 0
        private(set) var bodyRead = false
        private let responseLine: (UnsafeRawBufferPointer) -> Void

        init(message: [Data], recipients: UnsafeMutablePointer<curl_slist>, responseLine: @escaping (UnsafeRawBufferPointer) -> Void) {
            self.message = message
            self.recipients = recipients
            self.responseLine = responseLine
        }

        deinit {
            ccurl_slist_free_all(recipients)
        }

        /// Copies the next bytes of the message into libcurl's buffer, across pieces; 0 at the end.
        func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
            var copied = 0
            while copied < capacity, piece < message.count {
                let data = message[piece]
                let count = min(capacity - copied, data.count - offset)
                if count > 0 {
                    data.withUnsafeBytes { bytes in
                        (UnsafeMutableRawPointer(buffer) + copied).copyMemory(from: bytes.baseAddress! + offset, byteCount: count)
                    }
                    copied += count
                    offset += count
                }
                if offset == data.count {
                    piece += 1
                    offset = 0
                }
            }
            if piece == message.count { bodyRead = true }
            return copied
        }

        /// Passes on one response line as libcurl passes it to the header callback.
        func record(_ line: UnsafeRawBufferPointer) {
            responseLine(line)
        }
    }
}

/// libcurl opened and `curl_global_init` run, once for the process the first time a handle is made.
private enum CurlLibrary {
    /// Swift runs a global's initializer exactly once, on first use, even under concurrent first uses.
    static let initialization: CURLcode = ccurl_global_init()
}

// MARK: - Transfers that read from the server (IMAP)

/// What one transfer that reads from the server came to: an IMAP FETCH, EXAMINE or SEARCH.
package struct CurlReadResult: CurlTransferResult {
    /// What `curl_easy_perform` returned.
    package let code: CurlCode
    /// What libcurl passed to the write callback: a fetched message's bytes, or the untagged responses
    /// to a custom request (`CURLOPT_CUSTOMREQUEST`), line endings included.
    package let body: Data
    /// The last response lines the server sent (at most ``CurlEasy/keptResponseLines``), without line endings.
    package let responseLines: [String]
    /// libcurl's own detail (`CURLOPT_ERRORBUFFER`); empty when it had none.
    package let errorDetail: String
    /// Whether the body passed the limit, so that the write callback stopped the transfer (`CURLE_WRITE_ERROR`).
    package let bodyLimitExceeded: Bool
    /// How many new connections the transfer opened (`CURLINFO_NUM_CONNECTS`); 0 when it reused one.
    package let newConnections: Int
}

extension CurlEasy {
    /// How many of the server's response lines a read transfer keeps: the last ones, which hold its verdict.
    package static let keptResponseLines = 32
    /// How many characters of one response line are kept.
    package static let keptResponseLineLength = 300

    /// Sets a C-string option back to libcurl's default (NULL), e.g. `CURLOPT_CUSTOMREQUEST`.
    package func unset(_ option: CurlOption<String>) throws(CurlError) {
        try checkCurl(ccurl_setopt_string(handle, option.option, nil), "curl_easy_setopt(\(option.name), NULL)")
    }

    /// Runs one transfer with the options set so far and collects what the server sent, on this
    /// handle's connection (connecting first when needed).
    ///
    /// Throws only when the transfer could not be set up; whatever happened on the wire is in the
    /// result. A body longer than `bodyLimit` bytes stops the transfer (`CURLE_WRITE_ERROR`).
    package func performReading(bodyLimit: Int) throws(CurlError) -> CurlReadResult {
        let reading = ReadTransfer(bodyLimit: bodyLimit)
        self.reading = reading
        defer {
            // Whatever libcurl writes after this transfer (e.g. during cleanup) must not reach this object.
            _ = ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, nil)
            self.reading = nil
        }
        try checkCurl(
            ccurl_setopt_write_callback(handle) { bytes, size, count, context in
                let length = size * count
                guard let bytes, let context else { return length }
                let easy = Unmanaged<CurlEasy>.fromOpaque(context).takeUnretainedValue()
                // Any count other than `length` makes libcurl stop with CURLE_WRITE_ERROR.
                return easy.reading?.append(UnsafeRawBufferPointer(start: bytes, count: length)) ?? 0
            },
            "curl_easy_setopt(CURLOPT_WRITEFUNCTION)"
        )
        try checkCurl(
            ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque()),
            "curl_easy_setopt(CURLOPT_WRITEDATA)"
        )

        errorBuffer[0] = 0
        let code = ccurl_easy_perform(handle)
        return CurlReadResult(
            code: CurlCode(code),
            body: reading.body,
            responseLines: reading.lines,
            errorDetail: String(cString: errorBuffer),
            bodyLimitExceeded: reading.limitExceeded,
            // Unknown only if libcurl cannot say; then assume a new connection, the cautious answer.
            newConnections: (try? info(CURLINFO_NUM_CONNECTS, "CURLINFO_NUM_CONNECTS")) ?? 1
        )
    }

    /// What one read transfer has received so far: the body and the server's last response lines.
    private final class ReadTransfer {
        let bodyLimit: Int
        private(set) var body = Data()
        private(set) var lines: [String] = []
        private(set) var limitExceeded = false

        init(bodyLimit: Int) {
            self.bodyLimit = bodyLimit
        }

        /// Takes the next part of the body; returns the count taken, which is short once past the limit.
        func append(_ bytes: UnsafeRawBufferPointer) -> Int {
            guard body.count + bytes.count <= bodyLimit else {
                limitExceeded = true
                return 0
            }
            body.append(contentsOf: bytes)
            return bytes.count
        }

        /// Takes one response line as libcurl passes it to the header callback.
        func record(_ bytes: UnsafeRawBufferPointer) {
            var line = String(decoding: bytes.prefix(CurlEasy.keptResponseLineLength + 2), as: UTF8.self)
            while line.hasSuffix("\n") || line.hasSuffix("\r") || line.hasSuffix("\r\n") {
                line.removeLast()
            }
            if line.count > CurlEasy.keptResponseLineLength {
                line = String(line.prefix(CurlEasy.keptResponseLineLength)) + "…"
            }
            lines.append(line)
            if lines.count > CurlEasy.keptResponseLines { lines.removeFirst(lines.count - CurlEasy.keptResponseLines) }
        }
    }
}

extension CurlEasy {
    /// A handle for `server` with every option that stays the same from transfer to transfer: only
    /// the protocol's own schemes, TLS as the settings require, the login and the time limits.
    package convenience init(server: ServerSettings, timeouts: ServerTimeouts) throws(CurlError) {
        try self.init()
        try set(.protocols, server.profile.schemes.map(\.name).joined(separator: ","))
        try set(.noSignal, true)
        try set(.tcpKeepAlive, true)
        try secure(encrypted: server.security != .none, caFile: server.caFile)
        if let login = server.login {
            try set(.username, login.username)
            try set(.password, login.password.value)
        }
        try limit(timeouts)
    }

    /// Requires TLS (never CURLUSESSL_TRY: a server without STARTTLS fails with CURLcode 64 instead of
    /// being spoken to in the clear) unless `encrypted` is false, and always verifies the certificate
    /// and the host name, trusting `caFile` when given.
    private func secure(encrypted: Bool, caFile: String?) throws(CurlError) {
        try set(.useSSL, Int(encrypted ? CURLUSESSL_ALL.rawValue : CURLUSESSL_NONE.rawValue))
        try set(.verifyPeer, true)
        try set(.verifyHost, 2)
        try set(.sslVersion, Int(CURL_SSLVERSION_TLSv1_2))
        if let caFile { try set(.caInfo, caFile) }
    }

    /// Sets the connect, per-reply, total and low-speed limits.
    private func limit(_ timeouts: ServerTimeouts) throws(CurlError) {
        try set(.connectTimeoutMilliseconds, timeouts.connect.curlMilliseconds)
        try set(.serverResponseTimeout, timeouts.response.curlSeconds)
        try set(.timeoutMilliseconds, timeouts.total.curlMilliseconds)
        try set(.lowSpeedLimit, max(1, timeouts.lowSpeedLimit))
        try set(.lowSpeedTime, timeouts.lowSpeedTime.curlSeconds)
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 (libcurl reads 0 as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, milliseconds))
    }

    /// Whole seconds, rounded up, at least 1 (libcurl reads 0 as "no limit").
    var curlSeconds: Int {
        max(1, (curlMilliseconds + 999) / 1000)
    }
}
