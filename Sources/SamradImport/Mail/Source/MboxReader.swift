import Foundation
import SamradCore

/// Reads an mbox file one message at a time, with GMime's parser over the open file, so that memory
/// holds the message being read and not the file.
///
/// The messages are those ``MboxSplitter`` finds, with the same numbers, offsets and bytes: GMime's
/// mbox parser starts a message at every line that begins with "From ", while Samråd starts one only
/// at a separator line after a blank line. Each stretch GMime reads is scanned for Samråd's separators
/// (``MboxSplitter/SeparatorScanner``); when a message is exactly one of GMime's and holds no
/// ">From " quoting to undo, GMime's parse of it is read as it stands (a substream of the file for
/// each part, nothing copied). Otherwise — a body line that begins with "From ", quoting, CR LF line
/// ends, the last message of the file — the message's own bytes are parsed again on their own, as
/// ``MailReader/parse(_:)-(Data)`` parses them.
final class MboxReader {
    /// A message whose bytes are being gathered.
    private struct Pending {
        /// The offset of its "From " line in the file.
        var offset: Int64
        /// Its line number in the file, from 1.
        var line: Int
        /// The bytes from its "From " line up to the next message's.
        var bytes: [UInt8]
        /// GMime's parse of exactly these bytes, while it can stand for the message.
        var parsed: (message: MimeMessage, warnings: [ParserWarnings.Report])?
        /// Whether the next message's "From " line ends in a bare line feed, as GMime's parse assumes.
        var endsAtPlainSeparator = false
    }

    private let name: String
    private let path: String
    private let descriptor: CInt
    private let size: Int64
    private let parser: MimeParser
    private var scanner = MboxSplitter.SeparatorScanner()
    /// Where the next stretch starts: the end of what has been read.
    private var readOffset: Int64 = 0
    private var current: Pending?
    private var ready: [Pending] = []
    private var finished = false
    /// How many messages have been handed out.
    private(set) var count = 0
    /// How many of them were read from GMime's parse of the file, without parsing their bytes again.
    private(set) var readInPlace = 0

    /// Opens an mbox; throws unless it is a regular file that starts with "From ".
    init(_ url: URL) throws(MailReadError) {
        name = url.lastPathComponent
        path = url.path
        let opened: (descriptor: CInt, size: Int64)
        do {
            opened = try InputFile.open(path)
        } catch {
            throw MailReadError(
                .unreadableSource, source: path, reason: "\(error.kind == nil ? "the file" : "this") \(error.reason)",
                fix: error.kind == nil ? "check that the file exists and that this user may read it" : "give a regular file"
            )
        }
        var start = [UInt8](repeating: 0, count: 5)
        let read = start.withUnsafeMutableBytes { pread(opened.descriptor, $0.baseAddress, 5, 0) }
        guard read == 5, start.elementsEqual("From ".utf8) else {
            close(opened.descriptor)
            throw MailReadError(
                .unrecognizedSource, source: name,
                reason: "the file does not start with a 'From ' line, so it is not an mbox",
                fix: "import it as a single message (.eml), or export the mailbox again as mbox"
            )
        }
        // GMime reads through its own descriptor; this one serves the bytes each message is stored with.
        let own = dup(opened.descriptor)
        guard own >= 0, let parser = MimeParser(takingFileDescriptor: own, format: .mbox) else {
            close(opened.descriptor)
            throw MailReadError(
                .unreadableSource, source: path, reason: "GMime could not set up a parser for the file",
                fix: "try again; if it happens again, the machine is short of memory or of file descriptors"
            )
        }
        descriptor = opened.descriptor
        size = opened.size
        self.parser = parser
    }

    deinit {
        close(descriptor)
    }

    /// The next message: its stored bytes and provenance, and what the reader made of it; nil after the last.
    ///
    /// Throws when the message cannot be read, naming it ("svar.mbox#3 (byte 10423)").
    func next() throws(MailReadError) -> (item: MailItem, mail: ParsedMail)? {
        while ready.isEmpty && !finished {
            try readStretch()
        }
        guard !ready.isEmpty else { return nil }
        let message = ready.removeFirst()
        count += 1
        let provenance = MboxSplitter.provenance(name, number: count, offset: message.offset)
        let entry = message.bytes[...]
        try MboxSplitter.checkHeader(of: entry, number: count, line: message.line, name: name, offset: message.offset)
        let data = MboxSplitter.message(in: entry)
        do {
            if let parsed = message.parsed, message.endsAtPlainSeparator, let fromLine = entry.firstIndex(of: 0x0A),
                data.count == entry.count - (fromLine + 1 - entry.startIndex) - 1
            {
                // Nothing was unquoted and one line feed went at the end: GMime read these very bytes.
                let bytes = try HeaderSection.messageBytes(of: data)
                if bytes.startIndex == data.startIndex {
                    let base = message.offset + Int64(fromLine + 1 - entry.startIndex)
                    let mail = try MailReader.read(parsed.message, warnings: parsed.warnings, offsetBase: base)
                    readInPlace += 1
                    return (MailItem(data: data, provenance: provenance), mail)
                }
            }
            return (MailItem(data: data, provenance: provenance), try MailReader.parse(data))
        } catch {
            throw error.from(source: provenance)
        }
    }

    /// Reads GMime's next message and sorts its bytes into Samråd's messages.
    private func readStretch() throws(MailReadError) {
        guard readOffset < size else {
            finish()
            return
        }
        var parsed: (message: MimeMessage, warnings: [ParserWarnings.Report])?
        var end = size
        if !parser.isAtEnd {
            parser.warnings.reset()
            let message = parser.nextMessage()
            let reached = parser.isAtEnd ? size : parser.offset
            if reached > readOffset { end = min(reached, size) }
            if let message, parser.mboxMarkerOffset == readOffset { parsed = (message, parser.warnings.reports) }
        }
        var bytes = try read(from: readOffset, to: end)
        if end < size, bytes.last != 0x0A, let newline = bytes.lastIndex(of: 0x0A) {
            // GMime stopped inside a line: the stretch ends at the last line end, and its parse does not stand.
            bytes.removeSubrange((newline + 1)...)
            end = readOffset + Int64(bytes.count)
            parsed = nil
        }
        let starts = scanner.starts(in: bytes[...])
        var pieces = starts.map { (offset: $0.offset, line: $0.line) }
        if pieces.first?.offset != 0 {
            // The stretch goes on the message before.
            let upTo = pieces.first?.offset ?? bytes.count
            if current != nil {
                current?.bytes += bytes[..<upTo]
                current?.parsed = nil
            }
            pieces.insert((0, -1), at: 0)
        } else if var message = current {
            message.endsAtPlainSeparator = Self.endsInBareLineFeed(firstLineOf: bytes[...])
            ready.append(message)
            current = nil
        }
        for (index, piece) in pieces.enumerated() where piece.line >= 0 {
            let upTo = index + 1 < pieces.count ? pieces[index + 1].offset : bytes.count
            if let message = current { ready.append(message) }
            let whole = piece.offset == 0 && upTo == bytes.count
            current = Pending(
                offset: readOffset + Int64(piece.offset), line: piece.line, bytes: Array(bytes[piece.offset..<upTo]),
                parsed: whole ? parsed : nil)
        }
        readOffset = end
        if end >= size { finish() }
    }

    private func finish() {
        if let message = current { ready.append(message) }
        current = nil
        finished = true
    }

    /// Whether the line at the start of `bytes` ends in "\n" without a "\r" before it.
    private static func endsInBareLineFeed(firstLineOf bytes: ArraySlice<UInt8>) -> Bool {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return false }
        return newline == bytes.startIndex || bytes[newline - 1] != 0x0D
    }

    /// The file's bytes from `start` to `end`.
    private func read(from start: Int64, to end: Int64) throws(MailReadError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: Int(end - start))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(start) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw MailReadError(
                    .unreadableSource, source: path,
                    reason: count == 0
                        ? "the file ended at byte \(start + Int64(done)) while it was read: it was cut short during the import"
                        : "the file cannot be read at byte \(start + Int64(done)): \(String(cString: strerror(errno)))",
                    fix: "check the file and import it again; what was imported before is recognised and skipped"
                )
            }
            done += count
        }
        return bytes
    }
}
