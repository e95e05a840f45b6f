import SamradCore

/// One header field being written: tokens joined by single spaces, folded (CRLF + space) before
/// a token that would carry the line past 78 columns.
///
/// Folding happens only between tokens and never before the first one: a fold right after the
/// colon would reach some readers (Python's email package among them) as a leading space.
/// A token longer than a line stays whole on a line of its own (an address, a quoted file name):
/// RFC 5322 §2.2.3 forbids breaking it, and the 998-octet limit still applies.
struct HeaderField {
    /// RFC 5322 §2.1.1: lines SHOULD be at most 78 characters, excluding CRLF.
    static let lineLimit = 78
    /// RFC 5322 §2.1.1: lines MUST be at most 998 characters, excluding CRLF.
    static let hardLimit = 998

    let name: String
    private(set) var text: String
    private var column: Int
    private var lineHasToken = false

    init(_ name: String) {
        self.name = name
        self.text = name + ":"
        self.column = name.utf8.count + 1
    }

    /// The field with its final CRLF.
    var rendered: String { text + "\r\n" }

    /// The longest token that the next `append` can place without passing the line limit.
    private var roomForNextToken: Int {
        lineHasToken ? Self.lineLimit - 1 : Self.lineLimit - column - 1
    }

    /// Appends one unbreakable token after a space, folding first when it would pass the line limit.
    mutating func append(_ token: String) throws(MIMEError) {
        // A safety net under every caller's own validation: no raw control character leaves here.
        try MIMEError.rejectControlCharacters(in: token, field: name, what: "the text")
        let length = token.utf8.count
        if lineHasToken && column + 1 + length > Self.lineLimit {
            text += "\r\n"
            column = 0
        }
        text += " " + token
        column += 1 + length
        lineHasToken = true
        guard column <= Self.hardLimit else {
            throw MIMEError(
                field: name,
                reason: "a word of \(length) characters, \(InputEcho.quote(token)), makes a line longer than "
                    + "\(Self.hardLimit) octets; break it up with spaces"
            )
        }
    }

    /// Appends `text` as RFC 2047 encoded words, each sized to the room left on its line.
    mutating func appendEncodedWords(_ text: Substring, breakAfterSpace: Bool = false) throws(MIMEError) {
        var rest = text
        while !rest.isEmpty {
            var room = Self.lineLimit - column - 1
            if room < EncodedWord.minLength || !EncodedWord.firstClusterFits(in: rest, maxLength: room) {
                room = roomForNextToken  // A fresh line when `append` can fold.
            }
            let (word, remainder) = EncodedWord.next(from: rest, maxLength: room, breakAfterSpace: breakAfterSpace)
            try append(word)
            rest = remainder
        }
    }

    /// Appends unstructured text (RFC 5322 §3.2.5): printable ASCII words as they are, runs of
    /// other words (non-ASCII, or looking like an encoded word) as encoded words.
    ///
    /// Words are split at single spaces, so an empty word stands for one extra space and every
    /// space survives decoding.
    mutating func appendUnstructured(_ value: String) throws(MIMEError) {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        try appendWords(words, isPlain: Self.isPlainText, breakAfterSpace: false)
    }

    /// Appends a display name (an RFC 5322 phrase).
    ///
    /// Runs of spaces become one space and the ends are trimmed, as RFC 5322 reads white space in
    /// a phrase. A name of atoms is written as it is; other printable ASCII as one quoted-string
    /// when that fits its line. Otherwise atoms stay as they are and runs of other words become
    /// encoded words (which may not stand inside quotes): "Barn- och =?UTF-8?B?…?=".
    ///
    /// Keeping atoms plain also sidesteps a reader bug: Python's email package (3.11) reads the
    /// break between two adjacent encoded words of a phrase as a space, against RFC 2047 §6.2, so
    /// the fewer such breaks, the fewer names it misreads. When a run needs more than one encoded
    /// word, each ends after a space where it can, so Python sees at worst a doubled space.
    mutating func appendPhrase(_ phrase: String) throws(MIMEError) {
        let words = phrase.split(separator: " ")
        let phrase = words.joined(separator: " ")
        if phrase.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) && !phrase.contains("=?") {
            if words.allSatisfy(Self.isAtom) {
                for word in words { try append(String(word)) }
                return
            }
            let quoted = Self.quotedString(phrase)
            if quoted.utf8.count <= roomForNextToken {
                try append(quoted)
                return
            }
        }
        try appendWords(words, isPlain: Self.isAtom, breakAfterSpace: true)
    }

    /// Appends words joined by single spaces: plain words as they are, each maximal run of other
    /// words as encoded words. White space between two encoded words disappears on decoding, so
    /// a run is encoded together with the spaces inside it; the spaces between a plain word and
    /// a run are written as they are.
    private mutating func appendWords(
        _ words: [Substring], isPlain: (Substring) -> Bool, breakAfterSpace: Bool
    ) throws(MIMEError) {
        var encode = words.map { !isPlain($0) }
        // A run that is one empty word would encode nothing but must carry a space: give it a neighbour.
        var index = 0
        while index < words.count {
            guard encode[index] else {
                index += 1
                continue
            }
            var end = index
            while end < words.count && encode[end] { end += 1 }
            if end - index == 1 && words[index].isEmpty && words.count > 1 {
                if end < words.count { encode[end] = true } else { encode[index - 1] = true }
                index = max(0, index - 1)  // The run grew; look at it again.
                continue
            }
            index = end
        }
        index = 0
        while index < words.count {
            guard encode[index] else {
                try append(String(words[index]))
                index += 1
                continue
            }
            var end = index
            while end < words.count && encode[end] { end += 1 }
            let run = words[index..<end].joined(separator: " ")
            if !run.isEmpty { try appendEncodedWords(Substring(run), breakAfterSpace: breakAfterSpace) }
            index = end
        }
    }

    /// Appends a comma-separated mailbox list, each address in its ASCII (A-label) form.
    mutating func appendMailboxes(_ mailboxes: [Mailbox]) throws(MIMEError) {
        for (position, mailbox) in mailboxes.enumerated() {
            let comma = position == mailboxes.count - 1 ? "" : ","
            if let name = mailbox.name, name.contains(where: { $0 != " " }) {
                try MIMEError.rejectControlCharacters(in: name, field: self.name, what: "the display name")
                try appendPhrase(name)
                try append("<" + mailbox.address.ascii + ">" + comma)
            } else {
                try append(mailbox.address.ascii + comma)
            }
        }
    }

    /// An RFC 5322 quoted-string: `"` and `\` escaped with a backslash.
    static func quotedString(_ text: some StringProtocol) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result + "\""
    }

    /// Whether a word may be written as it is in unstructured text.
    private static func isPlainText(_ word: Substring) -> Bool {
        !word.isEmpty
            && word.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
            && !word.contains("=?")
    }

    /// Whether a word of a phrase may be written as it is: an atom that does not look like an encoded word.
    private static func isAtom(_ word: Substring) -> Bool {
        !word.isEmpty && word.unicodeScalars.allSatisfy(\.isAtext) && !word.contains("=?")
    }
}
