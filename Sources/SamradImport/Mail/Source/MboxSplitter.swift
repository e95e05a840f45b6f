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
        let starts = separators(in: bytes)
        var items: [MailItem] = []
        items.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            let provenance = "\(name)#\(index + 1) (byte \(start))"
            let entry = bytes[start..<end]
            if index > 0, !startsWithHeader(afterFromLine: entry) {
                let line = entry.prefix { $0 != 0x0A && $0 != 0x0D }
                let number = bytes[..<start].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                throw MailReadError(
                    .unrecognizedSource, source: provenance,
                    reason: "the line \(InputEcho.quote(String(decoding: line, as: UTF8.self), limit: 60)) (line \(number)) "
                        + "looks like the 'From ' line that starts a message, but no header follows it: it is a line of "
                        + "message #\(index)'s text that begins with 'From ' and was not quoted as '>From ' when the mbox was written",
                    fix: "export the mailbox again from the mail client (mbox writers quote such lines as '>From '), "
                        + "or save the messages as .eml files and import those"
                )
            }
            items.append(MailItem(data: message(in: entry), provenance: provenance))
        }
        return items
    }

    /// The byte offsets of the lines that start a message: the first line, and every separator
    /// line (see ``isSeparator(_:)``) after a blank line.
    static func separators(in bytes: [UInt8]) -> [Int] {
        guard !bytes.isEmpty else { return [] }
        var starts = [0]
        var lineStart = 0
        var previousBlank = false
        while lineStart < bytes.count {
            let newline = bytes[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? bytes.count
            var line = bytes[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if lineStart > 0, previousBlank, isSeparator(line) { starts.append(lineStart) }
            previousBlank = line.isEmpty
            guard let newline else { break }
            lineStart = newline + 1
        }
        return starts
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
    static func unquoteFromLines(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var atLineStart = true
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if atLineStart, byte == UInt8(ascii: ">"), isQuotedFromLine(bytes[index...]) {
                index += 1
                atLineStart = false
                continue
            }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            index += 1
        }
        return output
    }

    private static func isQuotedFromLine(_ line: ArraySlice<UInt8>) -> Bool {
        let afterQuotes = line.drop { $0 == UInt8(ascii: ">") }
        return afterQuotes.starts(with: "From ".utf8)
    }
}
