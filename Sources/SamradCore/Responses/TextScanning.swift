import Foundation

/// Case- and diacritics-insensitive forms of text, for matching Swedish and English wording.
enum Folding {
    /// The text lowercased and without diacritics, e.g. "Målområde" → "malomrade", "ÄMNE" → "amne".
    static func fold(_ text: some StringProtocol) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        // Latin-1 letters (all of Swedish) are folded from a table: Foundation's folding costs
        // microseconds a line, and replies are read line by line.
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: scalars.append(Unicode.Scalar(UInt8(scalar.value + 32)))
            case 0..<0xC0: scalars.append(scalar)
            case 0xC0...0xFF: scalars.append(latin1[Int(scalar.value - 0xC0)])
            default: return String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            }
        }
        return String(scalars)
    }

    /// U+00C0…U+00FF folded as Foundation folds them ("Å" → "a", "Ø" → "ø"); one that folds to
    /// more than one scalar ("ß") stays as it is.
    private static let latin1: [Unicode.Scalar] = (UInt32(0xC0)...0xFF).map { value in
        let scalar = Unicode.Scalar(value) ?? " "
        let folded = String(scalar).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).unicodeScalars
        return folded.count == 1 ? folded.first ?? scalar : scalar
    }

    /// The folded words of a text: its runs of letters and digits, in order.
    static func words(_ text: some StringProtocol) -> [String] {
        fold(text).split { !isWordCharacter($0) }.map(String.init)
    }

    /// A letter or a digit; ASCII is decided without a Unicode property lookup.
    @inline(__always)
    static func isWordCharacter(_ character: Character) -> Bool {
        if let ascii = character.asciiValue {
            return (0x30...0x39).contains(ascii) || (0x61...0x7A).contains(ascii) || (0x41...0x5A).contains(ascii)
        }
        return character.isLetter || character.isNumber
    }
}

/// Lines of text, with every line ending (`\r\n`, `\r`, `\n`) treated alike.
enum TextLines {
    /// The lines of a text, without their line endings.
    static func lines(_ text: some StringProtocol) -> [Substring] {
        Substring(text).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
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
    /// The text without whitespace at its end.
    var trimmingTrailingWhitespace: SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }

    /// The text without whitespace at either end.
    var trimmingWhitespace: SubSequence {
        let trailing = trimmingTrailingWhitespace
        return trailing.drop { $0.isWhitespace }
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
        guard let first = current, first.isLetter else { return nil }
        let start = index
        skip { $0.isLetter || $0.isNumber }
        return Folding.fold(line[start..<index])
    }

    /// Reads a number of at most `maxDigits` ASCII digits; nil, not moving, when there is none or it is longer.
    mutating func readNumber(maxDigits: Int) -> Int? {
        let start = index
        skip { $0.isASCII && $0.isNumber }
        let digits = line[start..<index]
        guard !digits.isEmpty, digits.count <= maxDigits, let number = Int(digits) else {
            index = start
            return nil
        }
        return number
    }
}
