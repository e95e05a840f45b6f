import SamradTestSupport
import Testing

@testable import SamradCore

/// The words of a text, read from its bytes, are those the splitter read through the text's indices: the same
/// words, ranges, clauses, sentences and pieces, for generated Swedish text with punctuation, abbreviations,
/// apostrophes, line endings, and characters outside Latin-1.
@Suite("Words read from bytes")
struct WordsTests {
    /// The splitter as it was written before it read bytes; kept here as the reference.
    static func reference(_ text: some StringProtocol) -> [Word] {
        let source = Substring(text)
        var words: [Word] = []
        var clause = 0
        var sentence = 0
        var piece = 0
        var afterComma = false
        var afterColon = false
        var newlines = 0
        var previousIsSpace = true
        var pendingStop = false  // a full stop, "!" or "?" waits for the space that ends the sentence
        var wordStart: String.Index?
        var wordHasApostrophe = false

        func flush(at end: String.Index) {
            guard let start = wordStart else { return }
            wordStart = nil
            var raw = source[start..<end]
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
        func endSentence() {
            guard let last = words.last, last.sentence == sentence else { return }
            sentence += 1
            piece += 1
            clause += 1
        }

        let utf8 = source.utf8
        var index = source.startIndex
        while index < source.endIndex {
            // A scalar of Latin-1 (all of Swedish) before another, or before the end, is a character of its own:
            // it is classed from a table; any other character is read as a Character.
            let kind: Words.CharacterKind
            let next: String.Index
            let byte = utf8[index]
            if byte < 0x80 && byte != 0x0D || byte == 0xC2 || byte == 0xC3 {
                let end = utf8.index(index, offsetBy: byte < 0x80 ? 1 : 2)
                let following = end == utf8.endIndex ? 0 : utf8[end]
                if following < 0x80 || following == 0xC2 || following == 0xC3 {
                    kind = Words.latin1Kinds[byte < 0x80 ? Int(byte) : Int(byte & 0x03) << 6 | Int(utf8[utf8.index(after: index)] & 0x3F)]
                    next = end
                } else {
                    kind = Words.CharacterKind(source[index])
                    next = source.index(after: index)
                }
            } else {
                kind = Words.CharacterKind(source[index])
                next = source.index(after: index)
            }
            defer {
                previousIsSpace = kind.isWhitespace
                index = next
            }
            if kind == .word {
                if wordStart == nil {
                    // A stop right before a letter or digit ("2.3", "t.ex") ends no sentence.
                    pendingStop = false
                    wordStart = index
                }
                newlines = 0
                continue
            }
            if kind == .apostrophe, wordStart != nil {
                wordHasApostrophe = true
                continue
            }
            let abbreviation =
                kind == .fullStop && wordStart.map { Words.abbreviations.contains(Folding.fold(source[$0..<index])) } == true
            flush(at: index)
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
        flush(at: source.endIndex)
        return words
    }

    static let pieces = [
        "Nämnden", "tillstyrker", "avstyrker", "målområde", "1", "4", "men", "dock", "t.ex.", "bl.a.", "2.3", "can't",
        "nämndens\u{2019}", "’", "'", " ", "  ", ",", ".", "!", "?", "\u{2026}", ";", ":", "-", " - ", "\u{2013}", "\u{2014}",
        "(", ")", "\"", "\u{201C}", "\u{201D}", "«", "»", "|", "\n", "\n\n", "\r\n", "\r", "\u{0C}", "\u{A0}", "\t",
        "e\u{301}", "\u{301}", "👍🏽", "🇸🇪", "å", "Ä", "ö", "é", "ß", "€", "中文", "Ω", "x", "ﬁ", "\u{85}", "\u{2028}", "½", "²",
    ]

    @Test func generatedTextsGiveTheWordsOfTheReference() {
        var generator = SeededGenerator(state: 44)
        for _ in 0..<10_000 {
            let text = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Self.pieces.randomElement(using: &generator)!
            }.joined()
            let words = Words(text).all
            let expected = Self.reference(text)
            #expect(words == expected, "\(Array(text.unicodeScalars))")
            // From a slice of a longer text, too.
            let framed = "Till: " + text + " Slut."
            let slice = framed.dropFirst(6).dropLast(6)
            #expect(Words(slice).all == Self.reference(slice), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func aSentenceSplitsIntoItsPieces() {
        let words = Words("Nämnden tillstyrker målområde 1 men avstyrker målområde 4. Bl.a. t.ex. 2.3 gäller.")
        #expect(words.pieces.count == 3)
        #expect(words.all.map(\.text).prefix(4) == ["namnden", "tillstyrker", "malomrade", "1"])
        #expect(words.all == Self.reference("Nämnden tillstyrker målområde 1 men avstyrker målområde 4. Bl.a. t.ex. 2.3 gäller."))
    }
}
