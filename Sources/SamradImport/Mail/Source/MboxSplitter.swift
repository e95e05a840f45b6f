import Foundation
import SamradCore

/// Splits an mbox into its messages.
///
/// A message starts at the file's first line, and after that at a "From " line that follows a
/// blank line and reads like the separator mail programs write — "From", the envelope sender and
/// a date with a time: `From anna.berg@bun.kommun.example Thu Apr 18 10:14:52 2019`. A line of a
/// body that begins with "From " (as in "From the board's point of view …") should have been
/// quoted as ">From " when the mbox was written; when it was not, it stays in the body where it
/// stood. Body lines quoted as ">From " (or ">>From ", mboxrd) lose one ">", so the message reads
/// as sent. Each message is the bytes between two separators, without its "From " line and the
/// blank line before the next.
///
/// A separator line after which no header follows was a body line that looked like one: it is
/// refused as what it is, naming its line, rather than read as a message without a header.
enum MboxSplitter {
    /// The messages of `data`, numbered from 1 in their provenance ("svar.mbox#2 (byte 10423)").
    static func split(_ data: Data, name: String) throws(MailReadError) -> [MailItem] {
        let bytes = [UInt8](data)
        var scanner = SeparatorScanner()
        let starts = scanner.starts(in: bytes[...])
        var items: [MailItem] = []
        items.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].offset : bytes.count
            let entry = bytes[start.offset..<end]
            try checkHeader(of: entry, number: index + 1, line: start.line, name: name, offset: Int64(start.offset))
            items.append(MailItem(data: message(in: entry), provenance: provenance(name, number: index + 1, offset: Int64(start.offset))))
        }
        return items
    }

    /// "svar.mbox#3 (byte 10423)": the message's number from 1 and the offset of its "From " line.
    static func provenance(_ name: String, number: Int, offset: Int64) -> String {
        "\(name)#\(number) (byte \(offset))"
    }

    /// Throws when a separator line after the first is followed by no header: it was a line of the message before.
    static func checkHeader(of entry: ArraySlice<UInt8>, number: Int, line: Int, name: String, offset: Int64) throws(MailReadError) {
        guard number > 1, !startsWithHeader(afterFromLine: entry) else { return }
        let text = entry.prefix { $0 != 0x0A && $0 != 0x0D }
        throw MailReadError(
            .unrecognizedSource, source: provenance(name, number: number, offset: offset),
            reason: "the line \(InputEcho.quote(String(decoding: text, as: UTF8.self), limit: 60)) (line \(line)) "
                + "looks like the 'From ' line that starts a message, but no header follows it: it is a line of "
                + "message #\(number - 1)'s text that begins with 'From ' and was not quoted as '>From ' when the mbox was written",
            fix: "export the mailbox again from the mail client (mbox writers quote such lines as '>From '), "
                + "or save the messages as .eml files and import those"
        )
    }

    /// Finds the lines that start messages, reading an mbox from its start in pieces that each begin at a line's start.
    ///
    /// The first line of the file starts a message, and after that every separator line (see ``isSeparator(_:)``)
    /// that follows a blank line.
    struct SeparatorScanner {
        /// Whether the line last read was blank (`\r` aside).
        private var previousBlank = false
        /// Whether nothing has been read yet.
        private var atFileStart = true
        /// The number of line ends read so far.
        private(set) var lineEnds = 0

        /// The offsets within `bytes` of the lines that start a message, with their line numbers in the file (from 1).
        mutating func starts(in bytes: ArraySlice<UInt8>) -> [(offset: Int, line: Int)] {
            var starts: [(offset: Int, line: Int)] = []
            guard !bytes.isEmpty else { return starts }
            if atFileStart {
                starts.append((0, 1))
                atFileStart = false
            }
            var lineStart = bytes.startIndex
            while lineStart < bytes.endIndex {
                let newline = bytes[lineStart...].firstIndex(of: 0x0A)
                let lineEnd = newline ?? bytes.endIndex
                var line = bytes[lineStart..<lineEnd]
                if line.last == 0x0D { line = line.dropLast() }
                if previousBlank, isSeparator(line) { starts.append((lineStart - bytes.startIndex, lineEnds + 1)) }
                previousBlank = line.isEmpty
                guard let newline else { break }
                lineEnds += 1
                lineStart = newline + 1
            }
            return starts
        }
    }

    /// Whether a line reads like an mbox separator: "From ", a sender, and a date with a time
    /// (`10:14` or `10:14:52`) and a four-digit year, as mail programs write them.
    static func isSeparator(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.starts(with: "From ".utf8), line.count < 1000 else { return false }
        let words = line.split(separator: 0x20).dropFirst()
        guard words.count >= 3 else { return false }
        let hasTime = words.contains { word in
            let parts = word.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            return (2...3).contains(parts.count) && parts.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy(isDigit) }
        }
        let hasYear = words.contains { $0.count == 4 && $0.allSatisfy(isDigit) }
        return hasTime && hasYear
    }

    /// Whether the line after an entry's "From " line starts a header section ("Name:").
    static func startsWithHeader(afterFromLine entry: ArraySlice<UInt8>) -> Bool {
        guard let newline = entry.firstIndex(of: 0x0A) else { return false }
        var sawName = false
        for byte in entry[(newline + 1)...] {
            if byte == UInt8(ascii: ":") { return sawName }
            guard (0x21...0x7E).contains(byte) else { return false }
            sawName = true
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte)
    }

    /// One entry's message: without its "From " line and trailing separator line, ">From " quoting undone.
    static func message(in entry: ArraySlice<UInt8>) -> Data {
        var body = entry
        if let newline = body.firstIndex(of: UInt8(ascii: "\n")) {
            body = body[(newline + 1)...]
        } else {
            body = body[body.endIndex...]
        }
        if body.suffix(2).elementsEqual([0x0A, 0x0A]) {
            body = body.dropLast()
        } else if body.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) {
            body = body.dropLast(2)
        }
        return Data(unquoteFromLines(body))
    }

    /// Drops one ">" from every line that starts with one or more ">" followed by "From ".
    ///
    /// Lines are found with memchr and copied whole between the quotes dropped; most messages have none.
    static func unquoteFromLines(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count)
            var copied = 0
            var lineStart = 0
            while lineStart < buffer.count {
                if buffer[lineStart] == UInt8(ascii: ">"), isQuotedFromLine(bytes[(bytes.startIndex + lineStart)...]) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<lineStart]))
                    copied = lineStart + 1
                }
                guard let newline = memchr(base + lineStart, 0x0A, buffer.count - lineStart) else { break }
                lineStart = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied...]))
            return output
        }
    }

    private static func isQuotedFromLine(_ line: ArraySlice<UInt8>) -> Bool {
        let afterQuotes = line.drop { $0 == UInt8(ascii: ">") }
        return afterQuotes.starts(with: "From ".utf8)
    }
}
