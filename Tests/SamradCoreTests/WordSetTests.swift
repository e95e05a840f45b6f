import SamradCore
import SamradTestSupport
import Testing

/// The reader's word lists answer as `Set<String>` would, for every word: generated ASCII words of every length up
/// to past the 16 bytes the fast look-up takes, words outside ASCII, and members a fast look-up cannot hold.
@Suite("Word sets")
struct WordSetTests {
    static func word(_ generator: inout SeededGenerator, letters: [Character], length: Int) -> String {
        String((0..<length).map { _ in letters.randomElement(using: &generator)! })
    }

    @Test func generatedWordsAreFoundAsInASet() {
        var generator = SeededGenerator(state: 1201)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789-")
        for members in [1, 3, 20, 200] {
            let words = (0..<members).map { _ in
                Self.word(&generator, letters: Array("abcde"), length: Int.random(in: 1...20, using: &generator))
            }
            let set = Set(words)
            let wordSet = WordSet(words)
            for word in words {
                #expect(wordSet.contains(word))
                // Near misses: one byte changed at each position, one byte fewer, one more.
                let bytes = Array(word.utf8)
                var nearMisses = [String(decoding: bytes.dropLast(), as: UTF8.self), word + "a"]
                for position in bytes.indices {
                    var changed = bytes
                    changed[position] = changed[position] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
                    nearMisses.append(String(decoding: changed, as: UTF8.self))
                }
                for query in nearMisses { #expect(wordSet.contains(query) == set.contains(query), "\(query)") }
            }
            for _ in 0..<5_000 {
                let length = Int.random(in: 0...20, using: &generator)
                let query = Self.word(
                    &generator, letters: Int.random(in: 0...1, using: &generator) == 0 ? Array("abcde") : letters, length: length)
                #expect(wordSet.contains(query) == set.contains(query), "\(query)")
            }
        }
    }

    @Test func wordsOutsideASCIIAndOddMembersAreAnsweredByTheSet() {
        let kelvin = WordSet(["\u{212A}elvin", "mal"])
        #expect(kelvin.contains("Kelvin"))
        #expect(Set(["\u{212A}elvin"]).contains("Kelvin"))
        #expect(kelvin.contains("mal"))
        #expect(!kelvin.contains("mat"))

        // A member outside ASCII leaves the fast look-up to the others.
        let verbs: WordSet = ["biträder", "bitrader", "stodjer"]
        #expect(verbs.contains("bitrader"))
        #expect(verbs.contains("stodjer"))
        #expect(!verbs.contains("bitrade"))
        #expect(verbs.contains("bitr\u{E4}der"))
        #expect(verbs.contains("bitra\u{308}der"))

        let odd = WordSet(["", "abcdefghijklmnopq", "mål", "e\u{301}"])
        #expect(odd.contains(""))
        #expect(odd.contains("abcdefghijklmnopq"))
        #expect(!odd.contains("abcdefghijklmnop"))
        #expect(odd.contains("mål"))
        #expect(odd.contains("\u{E9}"))
        #expect(!odd.contains("mal"))

        let long: WordSet = ["abcdefghijklmnopq", "och"]
        #expect(long.contains("och"))
        #expect(long.contains("abcdefghijklmnopq"))
        #expect(!long.contains("abcdefghijklmnop"))
        #expect(!long.contains(""))
        #expect(Set(long) == ["abcdefghijklmnopq", "och"])
    }
}
