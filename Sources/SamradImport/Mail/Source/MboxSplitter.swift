import Foundation

/// Splits an mbox into its messages with GMime's parser in mbox format.
///
/// GMime finds where each message's "From " line starts; the bytes between two of them are one
/// message, without its "From " line and the blank line that separates it from the next. Body
/// lines quoted as ">From " (or ">>From ", mboxrd) lose one ">", so the message reads as sent.
enum MboxSplitter {
    /// The messages of `data`, numbered from 1 in their provenance.
    static func split(_ data: Data, name: String) throws(MailReadError) -> [MailItem] {
        guard let parser = MimeParser(data: data, format: .mbox) else {
            throw MailReadError(
                .unreadableSource, source: name, reason: "GMime could not set up a parser for \(data.count) bytes",
                fix: "try again; if it happens again, the machine is short of memory"
            )
        }
        var starts: [Int] = []
        while parser.nextMessage() != nil {
            let offset = Int(parser.mboxMarkerOffset)
            let previous = starts.last ?? -1
            guard offset >= 0, data.count > offset, offset > previous else { break }
            starts.append(offset)
            if parser.isAtEnd { break }
        }
        guard !starts.isEmpty else {
            throw MailReadError(
                .unrecognizedSource, source: name, reason: "GMime found no message in the mbox",
                fix: "export the mailbox again as mbox, or import the messages as .eml files"
            )
        }
        let bytes = [UInt8](data)
        var items: [MailItem] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            items.append(
                MailItem(data: message(in: bytes[start..<end]), provenance: "\(name)#\(index + 1) (byte \(start))")
            )
        }
        return items
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
