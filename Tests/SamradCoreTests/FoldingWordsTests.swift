import SamradTestSupport
import Testing

@testable import SamradCore

/// `Folding.words` splits a text that folds to ASCII on its bytes; the words are those a split by character gives.
@Suite("Folded words by byte and by character")
struct FoldingWordsTests {
    static func wordsByCharacter(_ text: String) -> [String] {
        Folding.fold(text).split { !Folding.isWordCharacter($0) }.map(String.init)
    }

    static let pieces = [
        "Nämnden", " ", "tillstyrker", "målområde", "1", ",", ".", "\r\n", "\n", "e\u{301}", "Å", "ÖVERKLAGA", "can't", "’", "\u{A0}",
        "«", "»", "–", "ß", "Ω", "中文", "🇸🇪", "x\u{301}y", "2.3", "t.ex.", "\t", "A", "z", "9",
    ]

    @Test(arguments: ["", "Nämnden tillstyrker målområde 1 men avstyrker 4.", "e\u{301}n", "Ωmega", "x\r\ny", "  ", "A-b_c"])
    func samplesSplitAlike(_ text: String) {
        #expect(Folding.words(text) == Self.wordsByCharacter(text))
    }

    @Test func generatedTextsSplitAlike() {
        var generator = SeededGenerator(state: 2019_04_24)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }
                .joined()
            let words = Folding.words(text)
            let expected = Self.wordsByCharacter(text)
            #expect(words == expected, "\(Array(text.unicodeScalars))")
            if words != expected { return }
        }
    }
}
