import Foundation
import SamradTestSupport
import Testing

@testable import SamradCore

/// `hasPrefixFast` and `hasSuffixFast` answer as `hasPrefix` and `hasSuffix` do, on words and stems of ASCII,
/// Latin-1, combining marks, CR LF and the Kelvin sign (canonically equal to "K"); and the scope words' first-word
/// check finds the wordings that trying each wording finds.
@Suite("Prefixes and suffixes")
struct AffixTests {
    /// Pieces of words: the first ones make the stems the reader compares, the rest what may stand around them.
    static let pieces = [
        "forslag", "remiss", "malet", "tillstyrk", "m", "a", "l", "e", "t", "K", "k", "\u{212A}", "\r", "\n", "\r\n",
        "\u{301}", "é", "e\u{301}", "å", "ä", "ö", "Å", "ß", " ", "-", "'", "1", "😀", "\u{600}",
    ]

    static func generated(_ generator: inout SeededGenerator, maxPieces: Int) -> String {
        let count = Int.random(in: 0...maxPieces, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test func prefixesAndSuffixesAreFoundAsTheStandardLibraryFindsThem() {
        var generator = SeededGenerator(state: 1302)
        var matched = 0
        for _ in 0..<40_000 {
            let stem = Self.generated(&generator, maxPieces: 3)
            var word = Self.generated(&generator, maxPieces: 4)
            // Half of the words carry the stem, so that both answers are tried often.
            if Bool.random(using: &generator) {
                word =
                    Bool.random(using: &generator)
                    ? stem + Self.generated(&generator, maxPieces: 2) : Self.generated(&generator, maxPieces: 2) + stem
            }
            #expect(word.hasPrefixFast(stem) == word.hasPrefix(stem), "\(Array(word.unicodeScalars)) \(Array(stem.unicodeScalars))")
            #expect(word.hasSuffixFast(stem) == word.hasSuffix(stem), "\(Array(word.unicodeScalars)) \(Array(stem.unicodeScalars))")
            if word.hasPrefix(stem) || word.hasSuffix(stem) { matched += 1 }
        }
        #expect(matched > 10_000)
    }

    @Test func wordsOfTheReaderAreAnsweredOnTheirBytes() {
        #expect("forslaget".hasPrefixFast("forslag"))
        #expect(!"forsla".hasPrefixFast("forslag"))
        #expect("trygghetsmalet".hasSuffixFast("smalet"))
        #expect(!"trygghetsmalen".hasSuffixFast("smalet"))
        // A mark after the stem makes its last letter another character.
        #expect(!"forslag\u{301}et".hasPrefixFast("forslag"))
        #expect("\u{212A}alla".hasPrefixFast("Kalla") == "\u{212A}alla".hasPrefix("Kalla"))
    }

    @Test func containsFastAnswersAsFoundationDoes() {
        var generator = SeededGenerator(state: 1304)
        let needles = ["=?", "%00", "out of office", "auto-reply", "K", "k;", "a`b", "e", "of", " "]
        var held = 0
        for _ in 0..<20_000 {
            let needle = needles.randomElement(using: &generator)!
            var text = Self.generated(&generator, maxPieces: 5)
            if Bool.random(using: &generator) {
                text += needle + Self.generated(&generator, maxPieces: 2)
            }
            if Int.random(in: 0...3, using: &generator) == 0 { text += "=?\u{301}" }
            let expected = text.range(of: needle) != nil
            #expect(text.containsFast(needle) == expected, "\(Array(text.unicodeScalars)) \(needle)")
            #expect(text[...].containsFast(needle) == expected, "\(Array(text.unicodeScalars)) \(needle)")
            if expected { held += 1 }
        }
        #expect(held > 5_000)
        // A Kelvin sign is canonically "K", and a mark after a "?" makes another character.
        #expect("\u{212A}elvin".containsFast("K") == "\u{212A}elvin".range(of: "K").map { _ in true } ?? false)
        #expect("=?\u{301}x".containsFast("=?") == ("=?\u{301}x".range(of: "=?") != nil))
    }

    @Test func runsOfBytesAreFoundAsAByteByByteSearchFindsThem() {
        var generator = SeededGenerator(state: 1307)
        var held = 0
        for _ in 0..<20_000 {
            let haystack = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
            let run = (0..<Int.random(in: 0...4, using: &generator)).map { _ in UInt8.random(in: 97...99, using: &generator) }
            // The search the shared one replaced: every start, compared element by element.
            let expected =
                run.isEmpty
                || (run.count <= haystack.count
                    && (0...(haystack.count - run.count)).contains { haystack[$0..<($0 + run.count)].elementsEqual(run) })
            #expect(haystack.contains(bytes: run) == expected, "\(haystack) \(run)")
            if expected { held += 1 }
        }
        #expect(held > 5_000)
    }

    @Test func compoundEndingsAreFoundAmongThoseOfTheWordsLastBytes() {
        var generator = SeededGenerator(state: 1305)
        let stems = ["trygghets", "tillvaxt", "utbildnings", "kunskap", "s", "", "ma", "de", "bi", "fraga", "e\u{301}", "ö", "K"]
        var found = 0
        for _ in 0..<20_000 {
            let ending = (AreaNames.compoundEndings + ["et", "en", "na", "let", "t", ""]).randomElement(using: &generator)!
            let word = stems.randomElement(using: &generator)! + ending
            let expected = AreaNames.compoundEndings.filter { word.hasSuffix($0) }
            #expect(AreaNames.compoundEndings(endingLike: word).filter { word.hasSuffixFast($0) } == expected, "\(word)")
            if !expected.isEmpty { found += 1 }
        }
        #expect(found > 10_000)
    }

    /// The scope wordings, their words on their own, and other words.
    static let scopePhrases = [
        "i övrigt", "i övriga delar", "i sin helhet", "i dess helhet", "övriga målområden", "resterande mål",
        "återstående områden", "resten", "de andra målen", "hela förslaget", "hela remissen", "hela målen",
        "samtliga målområden", "alla fyra", "sammantaget", "sammanfattningsvis", "övergripande", "helheten",
        "as a whole", "otherwise", "målförslaget", "förslagen", "remissen", "malen", "proposal", "för övrigt",
        "övriga synpunkter", "övriga", "i", "as", "a", "whole", "hela", "de", "andra", "sin", "Nämnden", "tillstyrker",
        "avstyrker", "synpunkter", "på", "mål", "och", "för", "ovr", "res", "iövrigt",
    ]

    @Test func scopeWordingsAreFoundAsTryingEachWordingFindsThem() {
        var generator = SeededGenerator(state: 1303)
        var found = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                Self.scopePhrases.randomElement(using: &generator)! + (Int.random(in: 0...6, using: &generator) == 0 ? "," : "")
            }.joined(separator: " ")
            let words = Words(text)
            let range = 0..<words.count
            for index in range {
                let wording = ScopeWords.wording(at: index, in: words, range: range)
                #expect(ScopeWords.scope(at: index, in: words, range: range) == wording, "\(text) at \(index)")
                if wording != nil { found += 1 }
            }
        }
        #expect(found > 2_000)
    }
}
