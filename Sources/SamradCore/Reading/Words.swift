/// One word of a text: folded for matching, where it stands, and which clause, sentence and piece it is in.
struct Word: Sendable, Equatable {
    /// The word, lowercased and without diacritics; contractions keep their apostrophe ("can't").
    var text: String
    /// Where the word stands in the text it was read from.
    var range: Range<String.Index>
    /// The clause: a number that changes at every clause mark (`,` `.` `;` `:` `!` `?` brackets, quotes, a dash
    /// after a space) and at every blank line. Negations and stance wordings do not reach across it.
    var clause: Int
    /// Whether a comma stands right before the word.
    var afterComma: Bool
    /// The sentence: changes after `.`, `!` or `?` followed by a space or the end (not after an abbreviation
    /// such as "t.ex." or "bl.a."), and at blank lines.
    var sentence: Int
    /// The piece: a sentence split at `;`, `:` followed by a new thought, and before "men", "medan", "dock".
    var piece: Int
    /// Whether a colon stands right before the word.
    var afterColon: Bool
}

/// The words of a text, with their clauses, sentences and pieces numbered.
///
/// ```swift
/// let words = Words("Nämnden tillstyrker målområde 1 men avstyrker målområde 4.")
/// words.pieces.count   // 2: "Nämnden tillstyrker målområde 1", "men avstyrker målområde 4."
/// ```
struct Words: Sendable {
    /// The text the words were read from.
    let source: Substring
    /// The words in reading order.
    let all: [Word]

    /// Words that start a new piece of a sentence: a contrast turns the stance.
    static let pieceStarts: WordSet = ["men", "medan", "but", "whereas"]
    /// Adverbs of contrast that start a new piece only after a comma ("…, dock inte målområde 3"); inside a
    /// clause they do not ("tillstyrker däremot inte målområde 2").
    static let contrastAdverbs: WordSet = ["dock", "daremot", "however"]
    /// Words after which a full stop does not end a sentence ("t.ex.", "bl.a.", "m.fl.", "nr.", "ca.").
    static let abbreviations: WordSet = [
        "t", "ex", "bl", "a", "d", "v", "s", "m", "fl", "o", "dvs", "ca", "nr", "jfr", "resp", "kap", "st", "f", "kl", "tel",
        "vs", "mfl", "tex", "bla", "p", "sid", "fr", "ang", "forts",
    ]

    /// Splits a text into words.
    init(_ text: some StringProtocol) {
        let source = Substring(text)
        self.source = source
        var scanner = Scanner(source)
        if source.utf8.withContiguousStorageIfAvailable({ scanner.scan($0) }) == nil {
            Array(source.utf8).withUnsafeBufferPointer { scanner.scan($0) }
        }
        scanner.flush(at: source.utf8.count)
        self.all = scanner.words
    }

    /// The state of one reading of a text into words. A value of its own, so that the reading's state is plain
    /// stored properties rather than variables captured by nested functions, which the compiler boxes and checks
    /// for exclusive access at run time on every byte.
    private struct Scanner {
        let source: Substring
        var words: [Word] = []
        var clause = 0
        var sentence = 0
        var piece = 0
        var afterComma = false
        var afterColon = false
        var newlines = 0
        var previousIsSpace = true
        var pendingStop = false  // a full stop, "!" or "?" waits for the space that ends the sentence
        var wordStart: Int?
        var wordHasApostrophe = false

        init(_ source: Substring) {
            self.source = source
        }

        // The text is read from its UTF-8 bytes; a byte offset becomes an index of the text only where a word is cut
        // out or a character is read as a Character (offsets of a native string cost nothing to turn into indices).
        func position(_ offset: Int) -> String.Index { source.utf8.index(source.utf8.startIndex, offsetBy: offset) }

        mutating func flush(at endOffset: Int) {
            guard let startOffset = wordStart else { return }
            wordStart = nil
            let start = position(startOffset)
            var raw = source[start..<position(endOffset)]
            // Only a word with an apostrophe in it can end with one.
            while wordHasApostrophe, raw.last == "'" || raw.last == "\u{2019}" { raw = raw.dropLast() }
            guard !raw.isEmpty else { return }
            var folded = Folding.fold(raw)
            if wordHasApostrophe { folded = folded.replacingOccurrences(of: "\u{2019}", with: "'") }
            wordHasApostrophe = false
            if let last = words.last, last.piece == piece, last.sentence == sentence,
                Words.pieceStarts.contains(folded) || (afterComma && Words.contrastAdverbs.contains(folded))
            {
                piece += 1
            }
            words.append(
                Word(
                    text: folded, range: start..<raw.endIndex, clause: clause, afterComma: afterComma, sentence: sentence,
                    piece: piece, afterColon: afterColon))
            afterComma = false
            afterColon = false
        }

        mutating func endSentence() {
            guard let last = words.last, last.sentence == sentence else { return }
            sentence += 1
            piece += 1
            clause += 1
        }

        /// The kind of the character at `offset`, read as a Character, and the offset after it.
        func character(at offset: Int) -> (CharacterKind, Int) {
            let index = position(offset)
            return (
                CharacterKind(source[index]), source.utf8.distance(from: source.utf8.startIndex, to: source.index(after: index))
            )
        }

        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
            let kinds = Words.latin1Kinds
            let count = bytes.count
            var offset = 0
            while offset < count {
                // A scalar of Latin-1 (all of Swedish) before another, or before the end, is a character of its own:
                // it is classed from a table; any other character is read as a Character.
                let kind: CharacterKind
                let next: Int
                let byte = bytes[offset]
                if byte < 0x80 && byte != 0x0D || byte == 0xC2 || byte == 0xC3 {
                    let end = offset + (byte < 0x80 ? 1 : 2)
                    let following = end == count ? 0 : bytes[end]
                    if following < 0x80 || following == 0xC2 || following == 0xC3 {
                        kind = kinds[byte < 0x80 ? Int(byte) : Int(byte & 0x03) << 6 | Int(bytes[offset + 1] & 0x3F)]
                        next = end
                    } else {
                        (kind, next) = character(at: offset)
                    }
                } else {
                    (kind, next) = character(at: offset)
                }
                defer {
                    previousIsSpace = kind.isWhitespace
                    offset = next
                }
                if kind == .word {
                    if wordStart == nil {
                        // A stop right before a letter or digit ("2.3", "t.ex") ends no sentence.
                        pendingStop = false
                        wordStart = offset
                    }
                    newlines = 0
                    continue
                }
                if kind == .apostrophe, wordStart != nil {
                    wordHasApostrophe = true
                    continue
                }
                let abbreviation =
                    kind == .fullStop
                    && wordStart.map { Words.abbreviations.contains(Folding.fold(source[position($0)..<position(offset)])) }
                        == true
                flush(at: offset)
                if kind == .formFeed {
                    endSentence()
                    pendingStop = false
                    continue
                }
                if kind == .newline {
                    newlines += 1
                    if newlines == 2 {
                        endSentence()
                        pendingStop = false
                    }
                    if pendingStop {
                        pendingStop = false
                        endSentence()
                    }
                    continue
                }
                if kind == .space {
                    if pendingStop {
                        pendingStop = false
                        endSentence()
                    }
                    continue
                }
                newlines = 0
                switch kind {
                case .comma:
                    clause += 1
                    afterComma = true
                case .fullStop, .stop:
                    clause += 1
                    afterComma = false
                    // "t.ex." and "bl.a." do not end a sentence; "2." does when a space follows.
                    if !abbreviation { pendingStop = true }
                case .semicolon:
                    clause += 1
                    piece += 1
                    afterComma = false
                case .colon:
                    clause += 1
                    afterComma = false
                    afterColon = true
                case .clauseMark:
                    clause += 1
                    afterComma = false
                case .dash where previousIsSpace:
                    clause += 1
                    afterComma = false
                default:
                    break
                }
            }
        }
    }

    /// What a character is to the splitting of words, clauses and sentences.
    enum CharacterKind: Equatable {
        case word, apostrophe, formFeed, newline, space, comma, fullStop, stop, semicolon, colon, clauseMark, dash, other

        init(_ character: Character) {
            if Folding.isWordCharacter(character) {
                self = .word
            } else if character == "'" || character == "\u{2019}" {
                self = .apostrophe
            } else if character == "\u{0C}" {
                self = .formFeed
            } else if character.isNewline {
                self = .newline
            } else if character.isWhitespaceFast {
                self = .space
            } else {
                switch character {
                case ",": self = .comma
                case ".": self = .fullStop
                case "!", "?", "\u{2026}": self = .stop
                case ";": self = .semicolon
                case ":": self = .colon
                case "-": self = .dash
                default: self = Words.clauseMarks.contains(character) ? .clauseMark : .other
                }
            }
        }

        /// Whether the character is whitespace (a space, a line ending, a form feed).
        var isWhitespace: Bool { self == .space || self == .newline || self == .formFeed }
    }

    /// The kinds of the Latin-1 scalars, U+0000…U+00FF, each a character of its own.
    static let latin1Kinds: [CharacterKind] = (0..<256).map { CharacterKind(Character(Unicode.Scalar(UInt8($0)))) }

    /// Characters that end a clause, besides `,` `.` `;` `:` `!` `?`.
    static let clauseMarks: Set<Character> = [
        "(", ")", "[", "]", "\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}", "\u{2013}", "\u{2014}", "|",
    ]

    /// The number of words.
    var count: Int { all.count }

    /// The word at an index, or nil past either end.
    subscript(_ index: Int) -> String? {
        all.indices.contains(index) ? all[index].text : nil
    }

    /// Whether two indices are words of the same clause.
    func sameClause(_ first: Int, _ second: Int) -> Bool {
        all.indices.contains(first) && all.indices.contains(second) && all[first].clause == all[second].clause
    }

    /// The ranges of word indices that make up each piece, in order.
    var pieces: [Range<Int>] {
        ranges { $0.piece }
    }

    /// The ranges of word indices that make up each sentence, in order.
    var sentences: [Range<Int>] {
        ranges { $0.sentence }
    }

    /// The original text from the first word of a range to the end of its last word, with the mark that ends it.
    func text(of range: Range<Int>) -> Substring {
        guard let first = range.first, let last = range.last else { return "" }
        var end = all[last].range.upperBound
        if end < source.endIndex, ".!?".contains(source[end]) { end = source.index(after: end) }
        return source[all[first].range.lowerBound..<end]
    }

    private func ranges(_ key: (Word) -> Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in all.indices where index > 0 && key(all[index]) != key(all[index - 1]) {
            result.append(start..<index)
            start = index
        }
        if start < all.count { result.append(start..<all.count) }
        return result
    }
}
