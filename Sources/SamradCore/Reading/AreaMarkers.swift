/// What a heading line names: goal areas of the round, or the general contribution; with the text after the heading.
enum AreaMarker: Equatable {
    /// The line names these goal areas; the text after the marker belongs to them.
    case areas([Int], Substring)
    /// The line is a general heading ("Övrigt", "Målområde 5:" in a round of four); the text after it is general.
    case general(Substring)
}

/// Recognises the lines that head a round's goal areas, or its general part.
///
/// A heading is a line that names a goal area of the round, matched without regard to case and diacritics:
/// - a keyword and the area's number before a separator or the end of the line: "Målområde 2", "Målområde 2:",
///   "Mål 2 –", "Område 3", "Goal area 2", "Målområde nr 2", optionally followed by the title ("Målområde 1.
///   Hållbar tillväxt och samhällsplanering"); several areas at once ("Målområde 1 och 2:", "Mål 1, 3 –",
///   "Målområde 1–3:") head text for each;
/// - the area's number and title, or the title's first words before a separator or an ellipsis:
///   "2. Utbildning, arbete och näringsliv", "2) Utbildning…", "2) Utbildning: …";
/// - the area's whole title alone, or before a colon or dash: "Kunskap, hälsa och fritid", "**Kunskap, hälsa och fritid:**".
///
/// Markdown-ish decoration (`#`, `**`, `_`, a leading bullet) is ignored. A heading may carry text after it, which
/// belongs to the area ("Målområde 1: Vi tillstyrker förslaget."). A keyword and number followed by words without a
/// separator ("Målområde 2 tillstyrks.") is a sentence, not a heading. A number followed by a date or decimal part
/// is no heading ("2019-05-14", "2.3", "8:00", "1:a"), nor is a number not followed by the area's title ("17 maj",
/// "2. Vi vill …", which are list items).
///
/// A general heading — "Övrigt", "Övriga synpunkter", "Allmänt", "Allmänna synpunkter", "Generellt",
/// "Sammanfattning", "General comments", "Other", "Summary", numbered or not ("5. Övrigt") — or a keyword with a
/// number the round has no area for, before a separator ("Målområde 5:"), heads text about no area.
struct AreaMarkers {
    /// The numbers of the round's areas.
    let ids: Set<Int>
    /// The folded words of each area's title, by number, in the round's order.
    let titles: [(id: Int, words: [String])]
    /// The folded words a heading that starts with a word can start with: a keyword, the first word of a title, the
    /// first word of a general heading. Most lines of a reply start with none of them, and are dismissed on their first
    /// word instead of being read as a keyword, each title and a general heading in turn.
    let firstWords: WordSet

    /// The markers of a round with these areas.
    init(_ areas: [GoalArea]) {
        ids = Set(areas.map(\.id))
        titles = areas.map { ($0.id, Folding.words($0.title)) }.filter { !$0.words.isEmpty }
        firstWords = WordSet(
            Array(Self.keywords) + titles.map { $0.words[0] } + Self.generalHeadings.compactMap(\.first))
    }

    /// Keywords that, before a number, name a goal area ("Målområde 2", "Mål 2", "Område 3", "Goal 2").
    static let keywords: WordSet = [
        "malomrade", "malomradet", "mal", "malet", "omrade", "omradet", "delomrade", "goal", "area", "objective",
    ]
    /// Words between a keyword and its number ("Målområde nr 2").
    static let numberWords: WordSet = ["nr", "nummer", "no", "number"]
    /// Words that join numbers ("Målområde 1 och 2").
    static let joinWords: WordSet = ["och", "samt", "and", "respektive", "resp"]
    /// Headings of the general contribution, as folded words.
    static let generalHeadings: Set<[String]> = [
        ["ovrigt"], ["ovriga", "synpunkter"], ["ovriga", "kommentarer"], ["allmant"], ["allmanna", "synpunkter"],
        ["allmanna", "kommentarer"], ["generellt"], ["generella", "synpunkter"], ["sammanfattning"], ["general"],
        ["general", "comments"], ["other"], ["other", "comments"], ["summary"],
    ]
    /// Characters that separate a marker from what follows.
    static let separators: Set<Character> = [":", ".", ")", "-", "\u{2013}", "\u{2014}", "\u{2026}"]
    /// Characters of markdown-ish decoration.
    static let decoration: Set<Character> = ["*", "_", "#"]
    /// Characters that may start a line as a bullet, before a space.
    static let bullets: Set<Character> = ["-", "\u{2022}", "\u{2013}", "\u{00B7}", "*"]

    /// What the line marks, or nil when it is ordinary text.
    func marker(in line: Substring) -> AreaMarker? {
        var cursor = LineCursor(line)
        skipDecoration(&cursor)
        if let bullet = cursor.current, Self.bullets.contains(bullet), cursor.next?.isWhitespaceFast == true {
            cursor.advance()
            skipDecoration(&cursor)
        }
        guard let first = cursor.current else { return nil }
        if first.isASCII && first.isNumberFast { return numbered(cursor) }
        // A keyword, a title and a general heading each start with a word of `firstWords`.
        var firstWord = cursor
        guard let word = firstWord.readWord(), firstWords.contains(word) else { return nil }
        if let marker = keyworded(cursor) { return marker }
        if let marker = titled(cursor) { return marker }
        return generalHeading(cursor)
    }

    /// "2. Utbildning, arbete och näringsliv", "2) Utbildning…", "5. Övrigt".
    func numbered(_ start: LineCursor) -> AreaMarker? {
        var cursor = start
        guard let number = cursor.readNumber(maxDigits: 2), !continuesNumber(cursor, allowingRange: false) else { return nil }
        let afterNumber = cursor.index
        let separated = skipSeparators(&cursor)
        guard cursor.index != afterNumber else { return nil }
        if ids.contains(number) {
            if cursor.isAtEnd { return separated ? .areas([number], cursor.rest) : nil }
            if let end = matchTitle(number, at: cursor, allowingPrefix: separated) {
                return .areas([number], text(of: cursor.line, after: end))
            }
        }
        return separated ? generalHeading(cursor) : nil
    }

    /// "Målområde 2:", "Mål 2 –", "Område 3", "Målområde 1 och 2", "Målområde 2 tillstyrks."
    func keyworded(_ start: LineCursor) -> AreaMarker? {
        var cursor = start
        guard let keyword = cursor.readWord(), Self.keywords.contains(keyword) else { return nil }
        if keyword == "goal" {
            var area = cursor
            skipDecoration(&area)
            if area.readWord() == "area" { cursor = area }
        }
        skipDecoration(&cursor)
        var numberWord = cursor
        if let word = numberWord.readWord(), Self.numberWords.contains(word) {
            if numberWord.current == "." { numberWord.advance() }
            skipDecoration(&numberWord)
            cursor = numberWord
        }
        guard let numbers = readNumbers(&cursor) else { return nil }
        var named: [Int] = []
        for number in numbers where ids.contains(number) && !named.contains(number) { named.append(number) }
        let separated = skipSeparators(&cursor)
        skipDecoration(&cursor)
        guard !named.isEmpty else {
            return separated || cursor.isAtEnd ? .general(text(of: cursor.line, after: cursor.index)) : nil
        }
        if named.count == 1, let end = matchTitle(named[0], at: cursor, allowingPrefix: true) {
            return .areas(named, text(of: cursor.line, after: end))
        }
        // "Målområde 2 tillstyrks." is a sentence that names the area, not a heading: its clauses are read as such.
        if !separated && !cursor.isAtEnd { return nil }
        return .areas(named, text(of: cursor.line, after: cursor.index))
    }

    /// The area's whole title, alone or before a separator: "Kunskap, hälsa och fritid:".
    func titled(_ cursor: LineCursor) -> AreaMarker? {
        for title in titles {
            if let end = matchTitle(title.id, at: cursor, allowingPrefix: false) {
                return .areas([title.id], text(of: cursor.line, after: end))
            }
        }
        return nil
    }

    /// "Övrigt", "Övriga synpunkter:", "Sammanfattning" — alone or before a separator.
    func generalHeading(_ start: LineCursor) -> AreaMarker? {
        var cursor = start
        var words: [String] = []
        while words.count < 3, let word = cursor.readWord() {
            words.append(word)
            var afterWord = cursor
            skipDecoration(&afterWord)
            if afterWord.isAtEnd || afterWord.current.map(Self.separators.contains) == true {
                if Self.generalHeadings.contains(words) { return .general(text(of: cursor.line, after: cursor.index)) }
                return nil
            }
            skipDecoration(&cursor)
        }
        return nil
    }

    /// Reads "2", "1 och 2", "1, 3", "1–3" after a keyword; nil when no number stands there or it is a date or decimal.
    func readNumbers(_ cursor: inout LineCursor) -> [Int]? {
        guard let first = cursor.readNumber(maxDigits: 2), !continuesNumber(cursor, allowingRange: true) else { return nil }
        var numbers = [first]
        while true {
            var next = cursor
            skipDecoration(&next)
            var isRange = false
            if let character = next.current, [",", "&", "+"].contains(character) {
                next.advance()
            } else if let character = next.current, ["-", "\u{2013}", "\u{2014}"].contains(character) {
                next.advance()
                isRange = true
            } else if let word = next.readWord(), Self.joinWords.contains(word) {
                // "och", "and": read on.
            } else {
                break
            }
            skipDecoration(&next)
            guard let number = next.readNumber(maxDigits: 2), !continuesNumber(next, allowingRange: true) else { break }
            if isRange, let last = numbers.last, number > last, number - last < 20 {
                numbers.append(contentsOf: (last + 1)...number)
            } else {
                numbers.append(number)
            }
            cursor = next
        }
        return numbers
    }

    /// Whether a number just read goes on as a date, time, decimal or ordinal ("2019-05", "2.3", "8:00", "11/4", "1:a").
    func continuesNumber(_ cursor: LineCursor, allowingRange: Bool) -> Bool {
        guard let mark = cursor.current else { return false }
        if mark.isNumberFast || mark.isLetterFast { return true }
        guard let after = cursor.next else { return false }
        if mark == "/" { return true }
        if mark == "-" { return !allowingRange && after.isNumberFast }
        if mark == "." || mark == "," { return after.isNumberFast }
        if mark == ":" { return after.isNumberFast || after.isLetterFast }
        return false
    }

    /// Where the area's title (or, when allowed, its first words) ends, when it stands at the cursor before the end
    /// of the line, a separator or an ellipsis.
    func matchTitle(_ id: Int, at start: LineCursor, allowingPrefix: Bool) -> Substring.Index? {
        guard let title = titles.first(where: { $0.id == id })?.words else { return nil }
        var cursor = start
        var matched = 0
        var end = cursor.index
        for word in title {
            if matched > 0 {
                cursor.skip { !$0.isLetterFast && !$0.isNumberFast && ($0.isWhitespaceFast || [",", "&", "*", "_"].contains($0)) }
            }
            guard cursor.readWord() == word else { break }
            matched += 1
            end = cursor.index
        }
        guard matched == title.count || (allowingPrefix && matched > 0) else { return nil }
        var after = LineCursor(start.line, at: end)
        skipDecoration(&after)
        guard after.isAtEnd || after.current.map(Self.separators.contains) == true else { return nil }
        return end
    }

    /// The text of the line after a marker that ends at an index: separators, decoration and spaces before it dropped.
    func text(of line: Substring, after index: Substring.Index) -> Substring {
        var cursor = LineCursor(line, at: index)
        cursor.skip { $0.isWhitespaceFast || Self.separators.contains($0) || Self.decoration.contains($0) }
        return cursor.rest.trimmingTrailingWhitespace
    }

    /// Skips separators, decoration and spaces; tells whether a separator was among them.
    func skipSeparators(_ cursor: inout LineCursor) -> Bool {
        var separated = false
        while let character = cursor.current,
            character.isWhitespaceFast || Self.separators.contains(character) || Self.decoration.contains(character)
        {
            if Self.separators.contains(character) { separated = true }
            cursor.advance()
        }
        return separated
    }

    /// Skips spaces and decoration.
    func skipDecoration(_ cursor: inout LineCursor) {
        cursor.skip { $0.isWhitespaceFast || Self.decoration.contains($0) }
    }
}
