import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension IMAPMailbox {
    /// Whether the server at `host:port` speaks TLS from the first byte (an IMAPS port) although
    /// the URL says `imap://`.
    ///
    /// An IMAP server greets first (`* OK …`); an IMAPS server waits for the client's TLS hello.
    /// libcurl, speaking IMAP, would wait for a greeting that never comes until its response time
    /// limit, and then call it a timeout. So: connect, and wait a second for a greeting. Text means
    /// IMAP. Silence gets a line of plain text; a TLS server answers that with an alert or by
    /// closing the connection, an IMAP server with text. Anything unclear counts as IMAP, and
    /// libcurl then reports what it finds.
    static func speaksTLSFirst(host: String, port: Int, connectTimeout: Duration) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { return false }
        defer { closeDescriptor(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        if connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0 {
            guard errno == EINPROGRESS, wait(descriptor, for: Int16(POLLOUT), milliseconds: milliseconds(connectTimeout, atMost: 15_000))
            else { return false }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 else { return false }
        }
        if wait(descriptor, for: Int16(POLLIN), milliseconds: 1_000) {
            return firstByteIsTLS(descriptor) ?? false
        }
        let line = Array("A0 NOOP\r\n".utf8)
        guard write(descriptor, line, line.count) == line.count else { return false }
        guard wait(descriptor, for: Int16(POLLIN), milliseconds: 3_000) else { return false }
        // A TLS server closes a connection that does not begin with a TLS hello.
        return firstByteIsTLS(descriptor) ?? true
    }

    /// Whether what the server sent first is a TLS record (handshake or alert); nil when it closed
    /// the connection instead.
    private static func firstByteIsTLS(_ descriptor: Int32) -> Bool? {
        var byte: UInt8 = 0
        let count = read(descriptor, &byte, 1)
        if count <= 0 { return count == 0 || errno == ECONNRESET ? nil : false }
        return byte == 0x15 || byte == 0x16
    }

    private static func wait(_ descriptor: Int32, for events: Int16, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        return poll(&entry, 1, milliseconds) == 1
    }

    private static func milliseconds(_ duration: Duration, atMost limit: Int32) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(min(Int64(limit), seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }
}

/// `close(2)`, which inside ``IMAPMailbox`` its own `close()` would hide.
private func closeDescriptor(_ descriptor: Int32) {
    close(descriptor)
}
