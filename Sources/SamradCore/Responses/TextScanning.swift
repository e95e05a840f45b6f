import Foundation

/// Case- and diacritics-insensitive forms of text, for matching Swedish and English wording.
enum Folding {
    /// The text lowercased and without diacritics, e.g. "Målområde" → "malomrade", "ÄMNE" → "amne".
    static func fold(_ text: some StringProtocol) -> String {
        if let folded = text.utf8.withContiguousStorageIfAvailable({ foldLatin1($0) }) {
            return folded ?? foundationFold(text)
        }
        return Array(text.utf8).withUnsafeBufferPointer { foldLatin1($0) } ?? foundationFold(text)
    }

    /// Folds text whose scalars are all Latin-1 (all of Swedish) byte by byte, from a table: Foundation's folding
    /// costs microseconds a line, and replies are read line by line. Nil when another scalar stands in the text.
    private static func foldLatin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < bytes.count, bytes[index] < 0x80, !(0x41...0x5A).contains(bytes[index]) { index += 1 }
        if index == bytes.count { return String(decoding: bytes, as: UTF8.self) }
        // Written straight into the string: a folded Latin-1 scalar is never longer than the scalar
        // (``latin1UTF8``), so the text's length is room enough, and a short word needs no allocation at all.
        var isLatin1 = true
        let start = index
        let folded = String(unsafeUninitializedCapacity: bytes.count) { out in
            var written = start
            for offset in 0..<start { out[offset] = bytes[offset] }
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x41...0x5A:
                    out[written] = byte + 32
                    written += 1
                    index += 1
                case 0..<0x80:
                    out[written] = byte
                    written += 1
                    index += 1
                case 0xC2 where index + 1 < bytes.count:
                    out[written] = byte
                    out[written + 1] = bytes[index + 1]
                    written += 2
                    index += 2
                case 0xC3 where index + 1 < bytes.count:
                    for folded in latin1UTF8[Int(bytes[index + 1] & 0x3F)] {
                        out[written] = folded
                        written += 1
                    }
                    index += 2
                default:
                    isLatin1 = false
                    return 0
                }
            }
            return written
        }
        return isLatin1 ? folded : nil
    }

    /// Foundation's folding, for text with scalars beyond Latin-1.
    private static func foundationFold(_ text: some StringProtocol) -> String {
        String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// U+00C0…U+00FF folded as Foundation folds them ("Å" → "a", "Ø" → "ø"); one that folds to
    /// more than one scalar ("ß") stays as it is.
    private static let latin1UTF8: [[UInt8]] = (UInt32(0xC0)...0xFF).map { value in
        let scalar = Unicode.Scalar(value) ?? " "
        let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).unicodeScalars
        let bytes = Array(String(folded.count == 1 ? folded.first ?? scalar : scalar).utf8)
        // foldLatin1 writes in place: a folded scalar longer than its two bytes stays as it is.
        return bytes.count <= 2 ? bytes : Array(String(scalar).utf8)
    }

    /// What ``words(_:)`` and a search for a digit would find in a text, learnt in one pass over its bytes.
    struct Profile {
        /// The number of folded words.
        var words = 0
        /// The number of characters in them.
        var wordCharacters = 0
        /// Whether the folded text has a digit (or another number: "²", "½").
        var hasNumber = false
    }

    /// The profile of a text whose scalars are all Latin-1, each folded on its own; nil for any other text, which
    /// is then read the long way.
    static func profile(_ text: some StringProtocol) -> Profile? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Profile? in
            // The table is read once, not through its lazy initializer's check at every byte.
            let kinds = profileKinds
            var profile = Profile()
            var inWord = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let scalar: Int
                if byte < 0x80 {
                    scalar = Int(byte)
                    index += 1
                } else if (byte == 0xC2 || byte == 0xC3) && index + 1 < bytes.count {
                    scalar = Int(byte & 0x03) << 6 | Int(bytes[index + 1] & 0x3F)
                    index += 2
                } else {
                    return nil
                }
                let kind = kinds[scalar]
                guard kind != .unknown else { return nil }
                if kind == .word || kind == .number {
                    if !inWord { profile.words += 1 }
                    inWord = true
                    profile.wordCharacters += 1
                } else {
                    inWord = false
                }
                if kind == .number || kind == .otherNumber { profile.hasNumber = true }
            }
            return profile
        }
        return found ?? nil
    }

    /// What a Latin-1 scalar is once folded.
    private enum ProfileKind {
        /// A letter, not a number.
        case word
        /// A digit ("7"), a word character and a number.
        case number
        /// A number that is no word character (none in Latin-1, but told apart all the same).
        case otherNumber
        /// Neither.
        case other
        /// Folds to more than one character: not profiled.
        case unknown
    }

    /// The kinds of U+0000…U+00FF, each folded on its own.
    private static let profileKinds: [ProfileKind] = (0..<256).map { value in
        let folded = fold(String(Unicode.Scalar(UInt8(value))))
        guard folded.unicodeScalars.count == 1, let character = folded.first, value != 0x0D else { return .unknown }
        let isWord = isWordCharacter(character)
        switch (isWord, character.isNumberFast) {
        case (true, true): return .number
        case (true, false): return .word
        case (false, true): return .otherNumber
        case (false, false): return .other
        }
    }

    /// The folded words of a text: its runs of letters and digits, in order.
    static func words(_ text: some StringProtocol) -> [String] {
        var folded = fold(text)
        if let words = folded.withUTF8({ asciiWords($0) }) { return words }
        return folded.split { !isWordCharacter($0) }.map(String.init)
    }

    /// ``words(_:)`` of a folded text that is all ASCII (Swedish folds to ASCII), split on its bytes: there every
    /// character is one byte (or "\r\n", which is no word character either). Nil for any other text.
    private static func asciiWords(_ bytes: UnsafeBufferPointer<UInt8>) -> [String]? {
        var words: [String] = []
        var start: Int?
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            if (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) {
                if start == nil { start = index }
            } else if let first = start {
                words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<index]), as: UTF8.self))
                start = nil
            }
        }
        if let first = start {
            words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[first...]), as: UTF8.self))
        }
        return words
    }

    /// A letter or a digit; ASCII is decided without a Unicode property lookup.
    @inline(__always)
    static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (0x30...0x39).contains(ascii) || (0x61...0x7A).contains(ascii) || (0x41...0x5A).contains(ascii)
        }
        return character.isLetterFast || character.isNumberFast
    }
}

/// Lines of text, with every line ending (`\r\n`, `\r`, `\n`) treated alike.
enum TextLines {
    /// The lines of a text, without their line endings.
    ///
    /// The line endings are found in the UTF-8 bytes: each is a character of its own (a control, which no mark joins),
    /// but for "\r\n", which is one: LF, VT, FF, CR, CR LF, NEL (U+0085), LS and PS (U+2028, U+2029).
    static func lines(_ text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        let utf8 = text.utf8
        // Offsets into the bytes are indices of the text too (UTF-8 offsets of a native string cost nothing to move by).
        let ranges = utf8.withContiguousStorageIfAvailable(lineRanges) ?? lineRanges(Array(utf8))
        return ranges.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// The byte ranges of the lines of UTF-8 text, without their line endings.
    private static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Most bytes end no line.
            if byte > 0x0D && byte != 0xC2 && byte != 0xE2 {
                index += 1
                continue
            }
            var end = -1
            switch byte {
            case 0x0A, 0x0B, 0x0C:
                end = index + 1
            case 0x0D:
                end = index + 1 < count && bytes[index + 1] == 0x0A ? index + 2 : index + 1
            case 0xC2:
                if index + 1 < count, bytes[index + 1] == 0x85 { end = index + 2 }
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { end = index + 3 }
            default:
                break
            }
            if end >= 0 {
                ranges.append(start..<index)
                start = end
                index = end
            } else {
                index += 1
            }
        }
        ranges.append(start..<count)
        return ranges
    }

    private static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer(lineRanges)
    }

    /// The lines joined with `\n`: trailing whitespace dropped, runs of blank lines made one, blank lines at either end removed.
    static func tidy(_ lines: some Sequence<Substring>) -> String {
        var kept: [Substring] = []
        for line in lines {
            let trimmed = line.trimmingTrailingWhitespace
            if trimmed.isEmpty, kept.last?.isEmpty ?? true { continue }
            kept.append(trimmed)
        }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    /// The text with line endings made `\n`, tidied as ``tidy(_:)`` does.
    static func tidy(_ text: some StringProtocol) -> String {
        tidy(lines(text))
    }
}

extension StringProtocol {
    /// Foundation's `contains(needle)` for an ASCII needle, ruled out on the bytes first. A text whose UTF-8 does not
    /// hold the needle's bytes does not hold the needle: the only characters canonically equal to an ASCII one are
    /// those of "K", ";" and "`", and a needle with one of these is left to Foundation. Where the bytes are found
    /// (a mark after them may make another character), Foundation decides.
    package func containsFast(_ needle: String) -> Bool {
        let isPlainASCII = needle.utf8.allSatisfy {
            $0 < 0x80 && $0 != UInt8(ascii: "K") && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`")
        }
        guard isPlainASCII, !needle.isEmpty else { return range(of: needle) != nil }
        let held = utf8.withContiguousStorageIfAvailable { bytes in
            needle.utf8.withContiguousStorageIfAvailable { bytes.containsRun($0) }
        }
        guard let held = held ?? nil else { return range(of: needle) != nil }
        return held && range(of: needle) != nil
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes hold `bytes` as a run.
    func contains(bytes: [UInt8]) -> Bool {
        withUnsafeBufferPointer { haystack in bytes.withUnsafeBufferPointer { haystack.containsRun($0) } }
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// Whether the bytes hold `run` as a run (an empty run always): each occurrence of its first byte, found with
    /// `memchr`, is compared with the rest.
    func containsRun(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = run.first, let wanted = run.baseAddress else { return true }
        guard let haystack = baseAddress, run.count <= count else { return false }
        var start = 0
        let last = count - run.count
        while start <= last, let found = memchr(haystack + start, Int32(first), last - start + 1) {
            let offset = haystack.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(haystack + offset, wanted, run.count) == 0 { return true }
            start = offset + 1
        }
        return false
    }
}

extension StringProtocol {
    /// The text without whitespace at its end.
    var trimmingTrailingWhitespace: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }

    /// Whether the text has at most `limit` characters, found without counting past them.
    func hasAtMost(_ limit: Int) -> Bool {
        guard utf8.count > limit else { return true }
        let end = index(startIndex, offsetBy: limit, limitedBy: endIndex)
        return end == nil || end == endIndex
    }

    /// The text without whitespace at either end.
    var trimmingWhitespace: SubSequence {
        let trailing = trimmingTrailingWhitespace
        return trailing.drop { $0.isWhitespaceFast }
    }
}

/// A position in one line, read forwards: words, numbers and punctuation, the way a heading is written.
struct LineCursor {
    /// The line read.
    let line: Substring
    /// Where reading stands.
    var index: Substring.Index

    /// A cursor at the start of the line.
    init(_ line: Substring) {
        self.line = line
        self.index = line.startIndex
    }

    /// A cursor at a position of the line.
    init(_ line: Substring, at index: Substring.Index) {
        self.line = line
        self.index = index
    }

    /// Whether reading has reached the end of the line.
    var isAtEnd: Bool { index == line.endIndex }

    /// The character at the cursor, or nil at the end.
    var current: Character? { isAtEnd ? nil : line[index] }

    /// The character after the one at the cursor, or nil.
    var next: Character? {
        guard !isAtEnd else { return nil }
        let after = line.index(after: index)
        return after == line.endIndex ? nil : line[after]
    }

    /// The rest of the line from the cursor.
    var rest: Substring { line[index...] }

    /// Moves past one character.
    mutating func advance() {
        if !isAtEnd { index = line.index(after: index) }
    }

    /// Moves past the characters that satisfy the predicate; tells whether it moved.
    @discardableResult
    mutating func skip(while predicate: (Character) -> Bool) -> Bool {
        let start = index
        while let character = current, predicate(character) { advance() }
        return index != start
    }

    /// Reads a word (a run of letters and digits that starts with a letter), folded; nil, not moving, when none starts here.
    mutating func readWord() -> String? {
        guard let first = current, first.isLetterFast else { return nil }
        let start = index
        skip { $0.isLetterFast || $0.isNumberFast }
        return Folding.fold(line[start..<index])
    }

    /// Reads a number of at most `maxDigits` ASCII digits; nil, not moving, when there is none or it is longer.
    mutating func readNumber(maxDigits: Int) -> Int? {
        let start = index
        skip { $0.isASCII && $0.isNumberFast }
        let digits = line[start..<index]
        guard !digits.isEmpty, digits.count <= maxDigits, let number = Int(digits) else {
            index = start
            return nil
        }
        return number
    }
}

extension Character {
    // The Unicode property look-ups behind `isWhitespace`, `isLetter` and `isNumber` cost some 300 instructions each;
    // the reader asks them of most characters of a reply, and most are ASCII, whose answers a byte gives.

    /// `isWhitespace`: for ASCII, tab, line feed, vertical tab, form feed, carriage return and space.
    var isWhitespaceFast: Bool {
        guard let ascii = asciiValue else { return isWhitespace }
        return ascii == 0x20 || (0x09...0x0D).contains(ascii)
    }

    /// `isLetter`: for ASCII, A–Z and a–z.
    var isLetterFast: Bool {
        guard let ascii = asciiValue else { return isLetter }
        return (0x41...0x5A).contains(ascii) || (0x61...0x7A).contains(ascii)
    }

    /// `isNumber`: for ASCII, 0–9.
    var isNumberFast: Bool {
        guard let ascii = asciiValue else { return isNumber }
        return (0x30...0x39).contains(ascii)
    }
}

extension String {
    /// `prefix(limit)`: the first `limit` characters. While the text is ASCII and Latin-1 (as Swedish is), each scalar
    /// is a character of its own, "\r\n" one together, so they are counted on the bytes; from the first other scalar
    /// on, the characters are counted as `prefix` counts them.
    func characterPrefix(_ limit: Int) -> Substring {
        let found = utf8.withContiguousStorageIfAvailable { bytes -> Substring in
            let count = bytes.count
            var offset = 0
            var characters = 0
            // Each step starts at a character boundary: the start, or the byte after a character read below.
            while characters < limit && offset < count {
                let byte = bytes[offset]
                let width: Int
                if byte == 0x0D {
                    width = offset + 1 < count && bytes[offset + 1] == 0x0A ? 2 : 1
                } else if byte < 0x80 {
                    width = 1
                } else if byte == 0xC2 || byte == 0xC3 {
                    width = 2
                } else {
                    break
                }
                // A character of Latin-1 ends where another such scalar starts (or the text ends); before any other
                // scalar (a mark may join it), it is left to `prefix`.
                let next = offset + width
                if next < count, bytes[next] >= 0x80 && bytes[next] != 0xC2 && bytes[next] != 0xC3 { break }
                offset = next
                characters += 1
            }
            let boundary = utf8.index(utf8.startIndex, offsetBy: offset)
            if characters == limit || offset == count { return self[..<boundary] }
            return self[..<self[boundary...].prefix(limit - characters).endIndex]
        }
        return found ?? prefix(limit)
    }
}

extension String {
    // The reader asks of its folded words whether they start or end with a wording's stem some million times an
    // import; `hasPrefix` and `hasSuffix` cost some 70 instructions a call. Where the stem and the stretch of the word
    // it is compared with are ASCII, the answer is in the bytes: no ASCII character other than itself is canonically
    // equal to a lowercase letter, and no ASCII character joins the next into one character, save CR before LF.
    // Anywhere else the answer is left to `hasPrefix` and `hasSuffix`.

    /// `hasPrefix(prefix)`, compared on the bytes where the prefix and the word's bytes up to just after it are ASCII.
    func hasPrefixFast(_ prefix: String) -> Bool {
        let answer =
            utf8.withContiguousStorageIfAvailable { bytes in
                prefix.utf8.withContiguousStorageIfAvailable { stem -> Bool? in
                    guard stem.count <= bytes.count else { return stem.allSatisfy { $0 < 0x80 } ? false : nil }
                    // The byte after the stretch tells whether its last character goes on past it.
                    let checked = Swift.min(stem.count + 1, bytes.count)
                    var index = 0
                    while index < checked {
                        if bytes[index] >= 0x80 { return nil }
                        index += 1
                    }
                    index = 0
                    while index < stem.count {
                        if stem[index] >= 0x80 || stem[index] == 0x0D { return nil }
                        if stem[index] != bytes[index] { return false }
                        index += 1
                    }
                    return true
                } ?? nil
            } ?? nil
        return answer ?? hasPrefix(prefix)
    }

    /// `hasSuffix(suffix)`, compared on the bytes where the suffix and the word's bytes from just before it are ASCII.
    func hasSuffixFast(_ suffix: String) -> Bool {
        let answer =
            utf8.withContiguousStorageIfAvailable { bytes in
                suffix.utf8.withContiguousStorageIfAvailable { stem -> Bool? in
                    guard stem.count <= bytes.count else { return stem.allSatisfy { $0 < 0x80 } ? false : nil }
                    let start = bytes.count - stem.count
                    // The byte before the stretch tells whether its first character began before it.
                    var index = Swift.max(start - 1, 0)
                    while index < bytes.count {
                        if bytes[index] >= 0x80 { return nil }
                        index += 1
                    }
                    index = 0
                    while index < stem.count {
                        // An LF may end a CR LF that began before the stretch: left to `hasSuffix`.
                        if stem[index] >= 0x80 || stem[index] == 0x0A { return nil }
                        if stem[index] != bytes[start + index] { return false }
                        index += 1
                    }
                    return true
                } ?? nil
            } ?? nil
        return answer ?? hasSuffix(suffix)
    }
}

extension Substring {
    /// Whether the text's UTF-8 has the byte, found with `memchr`.
    func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(byte), bytes.count) != nil } ?? false
        } ?? utf8.contains(byte)
    }
}
