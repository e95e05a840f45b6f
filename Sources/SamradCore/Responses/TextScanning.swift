import Foundation

/// Case- and diacritics-insensitive forms of text, for matching Swedish and English wording.
enum Folding {
    /// The text lowercased and without diacritics, e.g. "Målområde" → "malomrade", "ÄMNE" → "amne".
    static func fold(_ text: some StringProtocol) -> String {
        if text.allSatisfy(\.isASCII) { return text.lowercased() }
        return String(text).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The folded words of a text: its runs of letters and digits, in order.
    static func words(_ text: some StringProtocol) -> [String] {
        fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
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
