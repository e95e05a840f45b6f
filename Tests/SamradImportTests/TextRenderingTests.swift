import Foundation
import SamradTestSupport
import Testing

@testable import SamradImport

/// The line-end and blank-line rules of a message's text, which work on UTF-8 bytes, give what reading the text
/// character by character gives — on the cases where the two could part (a carriage return joined to a line feed,
/// white space outside ASCII, a space after a combining or prepended mark) and on generated texts.
@Suite("Text rendering: line ends and blank lines")
struct TextRenderingTests {
    /// "\r\n" and lone "\r" as "\n", scalar by scalar: the rule the byte version must keep.
    static func normalizedByScalar(_ text: String) -> String {
        var result = ""
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { afterCarriageReturn = scalar == "\r" }
            if scalar == "\r" {
                result.unicodeScalars.append("\n")
            } else if scalar != "\n" || !afterCarriageReturn {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static let pieces = [
        "a", "Å", "ö", "e\u{301}", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n", "\u{A0}", "\u{2028}", "\u{85}", "\u{0B}",
        "\u{0C}", "\u{3000}", "\u{600}", "\u{600} ", " \u{301}", "\t\u{301}", "🇸🇪", "👩‍👩‍👧", "Tillstyrker", "4.", "x ",
    ]

    static func text(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test(arguments: [
        "", "\n", "\r\n", "a\r\nb", "a\rb", "a\r\rb", "\r\n\r\n", "a\n\rb", "å\r\nä", "\r", "x\r\n",
    ])
    func lineEndsAreTheScalarRule(_ text: String) {
        #expect(TextRendering.normalizeLineEnds(text) == Self.normalizedByScalar(text))
    }

    @Test(arguments: [
        "", "\n\n", "  \n\t\nText\n\n", "Text  \nmer\t \n \n", "\u{A0}\nText\n\u{3000}", "Text \u{301}\n",
        "\u{600} \nText", "Text\u{600} ", "å  \nä\t", " \u{301}\nText", "a\r\n \r\nb", "\r\n\r\nText\r\n",
        "\u{85}\nText\n\u{2028}", "\u{0B}\u{0C}\nText", "Tillstyrker 1 \n\n\n4. Avstyrker  ",
    ])
    func blankLinesAreTheCharacterRule(_ text: String) {
        #expect(TextRendering.trimBlankLines(text) == TextRendering.trimBlankLinesByCharacter(text))
    }

    /// A header value unfolded scalar by scalar and trimmed by Foundation: the rule `MimeTreeReader.unfold` keeps.
    static func unfoldedByScalar(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars where scalar != "\r" && scalar != "\n" { result.unicodeScalars.append(scalar) }
        return result.trimmingCharacters(in: .whitespaces)
    }

    @Test func headerValuesUnfoldAsScalarByScalar() {
        var generator = SeededGenerator(state: 2019_04_11)
        for _ in 0..<20_000 {
            let text = Self.text(&generator)
            #expect(MimeTreeReader.unfold(text) == Self.unfoldedByScalar(text), "\(Array(text.unicodeScalars))")
            if MimeTreeReader.unfold(text) != Self.unfoldedByScalar(text) { return }
        }
    }

    @Test func generatedTextsReadTheSameByByteAndByCharacter() {
        var generator = SeededGenerator(state: 2019_017_22)
        var parted: [String] = []
        for _ in 0..<20_000 {
            let text = Self.text(&generator)
            if TextRendering.normalizeLineEnds(text) != Self.normalizedByScalar(text)
                || TextRendering.trimBlankLines(text) != TextRendering.trimBlankLinesByCharacter(text)
            {
                parted.append(text)
            }
        }
        #expect(parted.isEmpty, "\(parted.prefix(5).map { Array($0.unicodeScalars) })")
    }
}
