import Foundation
import SamradTestSupport
import Testing

@testable import SamradImport

/// Header field names are compared as Foundation's `caseInsensitiveCompare` compares them: every pair of a pool of
/// names in mixed case, with neighbours of the letters in ASCII and names outside ASCII whose case folds oddly.
@Suite("Header field names")
struct FieldNameTests {
    static let pool = [
        "Message-ID", "message-id", "MESSAGE-ID", "Message-Id", "Message_ID", "Subject", "subject", "SUBJECT", "To", "to", "tO",
        "Cc", "CC", "cc", "@", "`", "[", "{", "Z", "z", "A", "a", "In-Reply-To", "in-reply-to", "X-Ä", "x-ä", "X-ä", "ß", "SS",
        "ss", "\u{212A}", "K", "k", "ﬁ", "FI", "fi", "Ω", "ω", "", " ", "To ", "Content-Type", "content-type", "CONTENT-TYPE",
    ]

    @Test func everyPairComparesAsFoundationDoes() {
        for first in Self.pool {
            for second in Self.pool {
                #expect(
                    FieldName.same(first, second) == (first.caseInsensitiveCompare(second) == .orderedSame), "\(first) / \(second)")
            }
        }
    }

    @Test func generatedASCIINamesCompareAsFoundationDoes() {
        var generator = SeededGenerator(state: 5322)
        let letters = Array("aAbBxXzZ-_@`[{09 ")
        for _ in 0..<20_000 {
            let first = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            // Half the time the same name in other case.
            let second =
                Bool.random(using: &generator)
                ? String(first.map { Bool.random(using: &generator) ? Character($0.uppercased()) : Character($0.lowercased()) })
                : String((0..<first.count).map { _ in letters.randomElement(using: &generator)! })
            #expect(FieldName.same(first, second) == (first.caseInsensitiveCompare(second) == .orderedSame), "\(first) / \(second)")
        }
    }
}
