import Testing

@testable import SamradCore

/// The reader's quick questions of a character answer as the Unicode properties do, for every scalar, for "\r\n"
/// and for ASCII letters, digits and spaces that marks follow.
@Suite("Quick character properties")
struct CharacterPropertiesTests {
    static func same(_ character: Character) -> Bool {
        character.isWhitespaceFast == character.isWhitespace && character.isLetterFast == character.isLetter
            && character.isNumberFast == character.isNumber
    }

    @Test func everyScalarAnswersAsItsProperties() {
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if !Self.same(Character(scalar)) { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.prefix(20).map { String($0, radix: 16) })")
    }

    @Test func clustersAnswerAsTheirProperties() {
        let clusters = ["\r\n", "a\u{301}", "1\u{20E3}", " \u{301}", "e\u{301}\u{302}", "👍🏽", "🇸🇪"]
        for text in clusters {
            #expect(text.count == 1, "\(Array(text.unicodeScalars))")
            #expect(Self.same(Character(text)), "\(Array(text.unicodeScalars))")
        }
        #expect(Character("\r\n").isWhitespaceFast)
        #expect(Character("7").isNumberFast && !Character("7").isLetterFast)
        #expect(Character("Q").isLetterFast && !Character(" ").isLetterFast && Character(" ").isWhitespaceFast)
    }
}
