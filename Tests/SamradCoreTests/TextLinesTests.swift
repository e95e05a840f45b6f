import SamradTestSupport
import Testing

@testable import SamradCore

/// The lines of a text, found on its bytes, are the lines the rule finds character by character: every line ending
/// Unicode names (LF, VT, FF, CR, CR LF, NEL, LS, PS) and nothing else, next to letters outside ASCII, marks and emoji.
@Suite("Lines of a text")
struct TextLinesTests {
    /// The rule as it was written first, on the text's indices; kept here as the reference.
    static func reference(_ text: some StringProtocol) -> [Substring] {
        let text = Substring(text)
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            var end: String.Index?
            switch byte {
            case 0x0A, 0x0B, 0x0C:
                end = utf8.index(after: index)
            case 0x0D:
                end = utf8.index(after: index)
                if end != utf8.endIndex, utf8[end!] == 0x0A { end = utf8.index(after: end!) }
            case 0xC2:
                let next = utf8.index(after: index)
                if next != utf8.endIndex, utf8[next] == 0x85 { end = utf8.index(after: next) }
            case 0xE2:
                let second = utf8.index(after: index)
                if second != utf8.endIndex, utf8[second] == 0x80 {
                    let third = utf8.index(after: second)
                    if third != utf8.endIndex, utf8[third] == 0xA8 || utf8[third] == 0xA9 { end = utf8.index(after: third) }
                }
            default:
                break
            }
            if let end {
                lines.append(text[start..<index])
                start = end
                index = end
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(text[start..<utf8.endIndex])
        return lines
    }

    static let pieces = [
        "a", "Nämnden", " ", "\t", "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{2027}", "\u{2030}",
        "\u{A0}", "\u{C2}", "e\u{301}", "\u{301}", "👍🏽", "🇸🇪", "å", "–", "€", "\u{2026}", "x",
    ]

    @Test func generatedTextsHaveTheLinesOfTheRule() {
        var generator = SeededGenerator(state: 2028)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            let lines = TextLines.lines(text)
            let expected = Self.reference(text)
            #expect(lines == expected, "\(Array(text.unicodeScalars))")
            #expect(lines.map(\.startIndex) == expected.map(\.startIndex))
            // The same from a slice of a longer text.
            let framed = "head\n" + text + "\ntail"
            let slice = framed.dropFirst(5).dropLast(5)
            #expect(TextLines.lines(slice) == Self.reference(slice))
        }
    }

    @Test func eachLineEndingEndsALine() {
        #expect(TextLines.lines("a\nb\rc\r\nd\u{0B}e\u{0C}f\u{85}g\u{2028}h\u{2029}i") == ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        #expect(TextLines.lines("") == [""])
        #expect(TextLines.lines("\r\n") == ["", ""])
        #expect(TextLines.lines("a\u{2027}b\u{2030}c\u{A0}d") == ["a\u{2027}b\u{2030}c\u{A0}d"])
    }
}

/// The first characters of a text, counted on its bytes while it is Latin-1, are those `prefix` counts.
@Suite("Character prefixes")
struct CharacterPrefixTests {
    static let pieces = [
        "a", "Nämnden", " ", "\r", "\n", "\r\n", "å", "é", "ÿ", "\u{A0}", "\u{AD}", "e\u{301}", "\u{301}", "👍🏽", "🇸🇪", "🇸",
        "–", "’", "中", "\u{0C}", "x\u{20E3}", "\u{1F3FD}", "k",
    ]

    @Test func generatedTextsHaveThePrefixOfPrefix() {
        var generator = SeededGenerator(state: 2000)
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...25, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
            for limit in [0, 1, 2, 3, 5, 8, 13, 40, 200] {
                #expect(text.characterPrefix(limit) == text.prefix(limit), "\(limit) \(Array(text.unicodeScalars))")
                #expect(text.characterPrefix(limit).endIndex == text.prefix(limit).endIndex)
            }
        }
    }
}

/// A byte looked for with memchr is found where the UTF-8 has it.
@Suite("Bytes in a text")
struct ContainsByteTests {
    @Test func generatedTextsHaveTheBytesTheirUTF8Has() {
        var generator = SeededGenerator(state: 124)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in TextLinesTests.pieces.randomElement(using: &generator)! }
                .joined()
            let framed = "|" + text + "\t"
            let slice = framed.dropFirst().dropLast()
            for byte: UInt8 in [0x09, 0x0A, 0x0C, 0x7C, 0xC3, 0x80] {
                #expect(slice.containsByte(byte) == slice.utf8.contains(byte), "\(byte) \(Array(text.unicodeScalars))")
            }
        }
    }
}
