import SamradTestSupport
import Testing

@testable import SamradCore

/// Evidence text made on the bytes of Latin-1 text is what the character-by-character rule makes: whitespace of
/// every kind (CR LF, NEL, no-break space) made single spaces, the cut at 297 characters, and any other text left to
/// the rule.
@Suite("Evidence text")
struct ShortenedTests {
    static let pieces = [
        "Nämnden", "tillstyrker", "målområde", "1", "ÅÄÖ", "é", "ß", "×", " ", "  ", "\t", "\n", "\r\n", "\r", "\u{0B}",
        "\u{0C}", "\u{85}", "\u{A0}", "\u{1C}", ".", ",", "e\u{301}", " \u{301}", "\u{2028}", "😀", "x",
    ]

    @Test func latin1TextIsShortenedAsCharacterByCharacter() {
        var generator = SeededGenerator(state: 1306)
        var onBytes = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...(Bool.random(using: &generator) ? 12 : 200), using: &generator)
            var text = ""
            for _ in 0..<count {
                // Most texts are Latin-1: the pieces outside it stand in one text of four.
                var piece = Self.pieces.randomElement(using: &generator)!
                if Int.random(in: 0...3, using: &generator) > 0 {
                    piece = piece.unicodeScalars.allSatisfy { $0.value < 0x100 } ? piece : "a"
                }
                text += piece
            }
            let expected = AnswerReader.shortenedCharacters(text)
            #expect(AnswerReader.shortened(text) == expected, "\(Array(text.unicodeScalars))")
            if (text.utf8.withContiguousStorageIfAvailable(AnswerReader.shortenedLatin1) ?? nil) != nil { onBytes += 1 }
        }
        #expect(onBytes > 5_000)
    }

    @Test func longTextIsCutAt297Characters() {
        let text = String(repeating: "ö ", count: 400)
        let short = AnswerReader.shortened(text)
        #expect(short.count == 298)
        #expect(short.hasSuffix("ö…"))
        #expect(AnswerReader.shortened(String(repeating: "å", count: 300)).count == 300)
    }
}
