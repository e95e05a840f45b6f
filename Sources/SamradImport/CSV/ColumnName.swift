import Foundation
import SamradCore

/// A column name reduced for matching: lower case, without accents, its words separated by single spaces.
///
/// `"Synpunkter på målområde 2. Utbildning, arbete och näringsliv"` becomes
/// `"synpunkter pa malomrade 2 utbildning arbete och naringsliv"`; `"Q1"` becomes `"q 1"`.
struct ColumnName {
    /// The name as the header has it.
    let original: String
    /// The reduced form.
    let folded: String
    /// The reduced form's words.
    let words: [String]

    /// Reduces a name.
    init(_ original: String) {
        self.original = original
        self.folded = Self.fold(original)
        self.words = folded.split(separator: " ").map(String.init)
    }

    /// Lower case, no accents, every run of other characters than letters and digits a single space,
    /// and a space between letters and digits.
    static func fold(_ text: String) -> String {
        let plain = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var result = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in plain.unicodeScalars {
            let isLetter = scalar.properties.isAlphabetic
            let isDigit = ("0"..."9").contains(scalar)
            guard isLetter || isDigit else {
                previous = nil
                continue
            }
            if let last = result.last {
                let lastIsDigit = ("0"..."9").contains(last)
                if previous == nil || lastIsDigit != isDigit { result.append(" ") }
            }
            result.append(scalar)
            previous = scalar
        }
        return String(result)
    }

    /// Whether the name is one of these (each reduced the same way).
    func isOne(of names: [String]) -> Bool {
        names.contains { Self.fold($0) == folded }
    }

    /// Whether the name holds a phrase as whole words.
    func contains(phrase: String) -> Bool {
        let phrase = Self.fold(phrase)
        return !phrase.isEmpty && " \(folded) ".contains(" \(phrase) ")
    }

    /// Whether a word of the name starts with one of these stems (e.g. "övrig" for "Övriga synpunkter").
    func hasWord(startingWith stems: [String]) -> Bool {
        let stems = stems.map(Self.fold)
        return words.contains { word in stems.contains { word.hasPrefix($0) } }
    }

    /// The goal area whose title the name holds; the longest title when several do.
    func areaByTitle(_ goalAreas: [GoalArea]) -> Int? {
        goalAreas.filter { contains(phrase: $0.title) }.max { Self.fold($0.title).count < Self.fold($1.title).count }?.id
    }

    /// The goal area the name gives by number, most telling form first.
    ///
    /// "Målområde 2", "Mål 2", "Område 2", "Goal area 2" before a leading "2." before "Q2"; with `anywhere`,
    /// also a number standing alone elsewhere ("Ställningstagande 2").
    func areaByNumber(_ goalAreas: [GoalArea], anywhere: Bool) -> Int? {
        let ids = Set(goalAreas.map(\.id))
        func number(after markers: Set<String>) -> Int? {
            for (index, word) in words.enumerated().dropLast() where markers.contains(word) {
                if let id = Int(words[index + 1]), ids.contains(id) { return id }
            }
            return nil
        }
        if let id = number(after: ["malomrade", "malomradet", "mal", "omrade", "omradet", "area"]) { return id }
        if let first = words.first, let id = Int(first), ids.contains(id) { return id }
        if words.first == "q" || words.first == "fraga", words.count > 1, let id = Int(words[1]), ids.contains(id) { return id }
        if anywhere {
            let numbers = Set(words.compactMap { Int($0) }.filter(ids.contains))
            if numbers.count == 1 { return numbers.first }
        }
        return nil
    }
}
