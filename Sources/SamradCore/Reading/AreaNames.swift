/// Where a piece of text names goal areas of the round.
struct AreaMention: Sendable, Equatable {
    /// How the areas were named.
    enum Kind: Sendable, Equatable {
        /// A keyword and numbers: "målområde 2", "mål 1 och 3", "målområdena 1–3", "målområde två".
        case number
        /// An ordinal and a keyword: "det tredje målområdet".
        case ordinal
        /// The title, or a clear part of it: "Kunskap, hälsa och fritid", "hälsa och fritid", "målet om trygghet".
        case title
        /// One distinctive word of a title alone ("tryggheten"): the answer speaks to the area, but the word may
        /// stand in reasoning about the whole proposal, so it gives no stance where a scope or a heading says more.
        case titleWord
    }

    /// The areas named, by number, in the order named.
    var areas: [Int]
    /// The index of the mention's first word.
    var start: Int
    /// The index after its last word.
    var end: Int
    /// How they were named.
    var kind: Kind
}

/// Finds the goal areas a text names, by number, ordinal or title.
///
/// Numbers are read after a keyword ("målområde", "mål", "område", "goal area", in any form) and an optional
/// "nr": "målområde 2", "mål nr 2", "målområde 1, 2 och 4", "målområdena 1–3", "målområde två". A number that
/// goes on as a date, time or decimal ("mål 2019", "2/5", "2.3") names nothing, nor does one the round has no
/// area for. Ordinals name an area before a singular keyword: "det tredje målområdet", "andra målet" (but
/// "andra mål", plural, means "other goals"). A title is named by at least two of its words in a row
/// ("hälsa och fritid", "hållbar tillväxt"), by a keyword and one of its words ("målet om trygghet",
/// "målområdet delaktighet"), or by a compound ending in "målet" ("trygghetsmålet"); words match by their start,
/// so "tillväxten" is "tillväxt".
struct AreaNames: Sendable {
    /// The numbers of the round's areas.
    let ids: Set<Int>
    /// The words of each area's title that name it, folded, without "och" and the like.
    let titleWords: [(id: Int, words: [String])]
    /// The ASCII words of ``titleWords`` by their first byte, each with the index of its title, titles in order:
    /// ``area(of:)`` compares an ASCII word only with the title words that start as it does.
    let asciiTitleWords: [[(title: Int, bytes: [UInt8])]]
    /// The title words with a byte beyond ASCII, each with the index of its title.
    let otherTitleWords: [(title: Int, word: String)]

    /// Keywords that, before a number, name a goal area.
    static let keywords: WordSet = [
        "malomrade", "malomradet", "malomraden", "malomradena", "malomrades", "mal", "malet", "malen", "omrade", "omradet",
        "omraden", "omradena", "delomrade", "delomradet", "goal", "goals", "area", "areas", "objective", "objectives", "malomr", "omr",
    ]
    /// Singular definite keywords, which an ordinal may stand before ("tredje målområdet").
    static let singularKeywords: WordSet = ["malomradet", "malet", "omradet", "delomradet"]
    /// Words between a keyword and its number.
    static let numberWords: WordSet = ["nr", "nummer", "no", "number"]
    /// Words that join numbers in a list.
    static let joinWords: WordSet = ["och", "samt", "and", "respektive", "resp", "eller", "or"]
    /// Number words.
    static let spelled: [String: Int] = [
        "ett": 1, "en": 1, "ettan": 1, "tva": 2, "tvaan": 2, "tre": 3, "trean": 3, "fyra": 4, "fyran": 4, "fem": 5, "femman": 5,
        "sex": 6, "sju": 7, "atta": 8, "nio": 9, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    ]
    /// Ordinals.
    static let ordinals: [String: Int] = [
        "forsta": 1, "andra": 2, "tredje": 3, "fjarde": 4, "femte": 5, "sjatte": 6, "sjunde": 7, "attonde": 8, "first": 1,
        "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    ]
    /// Words of a title that name nothing on their own.
    static let fillerWords: WordSet = ["och", "samt", "for", "i", "av", "med", "en", "ett", "det", "den", "and", "of", "the"]
    /// Title words too common to name an area alone ("vårt arbete", "en hållbar budget").
    static let commonWords: WordSet = ["arbete", "hallbar", "utveckling", "kommun"]
    /// Endings that make a title word a compound naming its area ("trygghetsmålet", "utbildningsdelen").
    static let compoundEndings = [
        "smalet", "smalen", "malet", "malen", "smalomradet", "malomradet", "sdelen", "delen", "somradet", "omradet", "savsnittet",
        "avsnittet", "sfragorna", "fragorna", "sbiten", "biten",
    ]

    /// ``compoundEndings`` by their last three bytes, in one number ("let" of "smalet", "malet"). An ending is a
    /// suffix of a word only where the word ends in the same three bytes: no character other than a lowercase ASCII
    /// letter is canonically equal to it.
    static let compoundEndingsByTail: [(tail: UInt32, endings: [String])] = {
        var byTail: [(tail: UInt32, endings: [String])] = []
        for ending in compoundEndings {
            let tail = tail(Array(ending.utf8))
            if let index = byTail.firstIndex(where: { $0.tail == tail }) {
                byTail[index].endings.append(ending)
            } else {
                byTail.append((tail, [ending]))
            }
        }
        return byTail
    }()

    /// The last three bytes of a word as one number; 0 for a word shorter than three bytes.
    static func tail(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer(tail)
    }

    /// The last three bytes as one number, the last lowest; 0 for fewer than three bytes.
    static func tail(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let count = bytes.count
        guard count >= 3 else { return 0 }
        return UInt32(bytes[count - 3]) << 16 | UInt32(bytes[count - 2]) << 8 | UInt32(bytes[count - 1])
    }

    /// The ``compoundEndings`` the word may end with: those that end in its last three bytes.
    static func compoundEndings(endingLike word: String) -> [String] {
        let tail = word.utf8.withContiguousStorageIfAvailable(tail) ?? tail(Array(word.utf8))
        return compoundEndingsByTail.first { $0.tail == tail }?.endings ?? []
    }

    /// The names of a round's areas.
    init(_ areas: [GoalArea]) {
        ids = Set(areas.map(\.id))
        titleWords = areas.map { area in
            (area.id, Folding.words(area.title).filter { !Self.fillerWords.contains($0) && $0.count >= 3 })
        }
        var ascii = [[(title: Int, bytes: [UInt8])]](repeating: [], count: 128)
        var other: [(title: Int, word: String)] = []
        for (title, entry) in titleWords.enumerated() {
            for word in entry.words {
                let bytes = Array(word.utf8)
                if let first = bytes.first, bytes.allSatisfy({ $0 < 0x80 }) {
                    ascii[Int(first)].append((title, bytes))
                } else {
                    other.append((title, word))
                }
            }
        }
        asciiTitleWords = ascii
        otherTitleWords = other
    }

    /// Every mention of an area among the words of a range, in reading order.
    func mentions(in words: Words, range: Range<Int>) -> [AreaMention] {
        var found: [AreaMention] = []
        var index = range.lowerBound
        while index < range.upperBound {
            if let mention = numbered(words, at: index, range: range) ?? ordinal(words, at: index, range: range)
                ?? titled(words, at: index, range: range)
            {
                found.append(mention)
                index = mention.end
            } else {
                index += 1
            }
        }
        return found
    }

    /// "målområde 2", "mål nr 1 och 3", "målområdena 1–3", "målområde två".
    func numbered(_ words: Words, at index: Int, range: Range<Int>) -> AreaMention? {
        guard Self.keywords.contains(words.all[index].text) else { return nil }
        var position = index + 1
        if position < range.upperBound, Self.numberWords.contains(words.all[position].text) { position += 1 }
        guard position < range.upperBound, let first = number(words, at: position) else { return nil }
        var numbers = [first]
        var end = position + 1
        while end < range.upperBound {
            var next = end
            let gap = words.gap(before: end)
            let isRange = gap.contains("-") || gap.contains("\u{2013}") || gap.contains("\u{2014}")
            if Self.joinWords.contains(words.all[next].text) {
                next += 1
            } else if !(gap.contains(",") || gap.contains("&") || gap.contains("+") || isRange) {
                break
            }
            guard next < range.upperBound, let number = number(words, at: next) else { break }
            if isRange, let last = numbers.last, number > last, number - last < 20 {
                numbers.append(contentsOf: (last + 1)...number)
            } else {
                numbers.append(number)
            }
            end = next + 1
        }
        var named: [Int] = []
        for number in numbers where ids.contains(number) && !named.contains(number) { named.append(number) }
        guard !named.isEmpty else { return nil }
        return AreaMention(areas: named, start: index, end: end, kind: .number)
    }

    /// The number a word is, when it stands as a number and not as part of a date, time or decimal.
    func number(_ words: Words, at index: Int) -> Int? {
        let text = words.all[index].text
        if let spelled = Self.spelled[text] { return text == "en" || text == "ett" ? nil : spelled }
        guard text.count <= 2, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
        // "2/5", "2.3", "8:00", "1,5" go on as a date, time or decimal; "12/4" comes after one.
        let joiners: Set<Substring> = ["/", ".", ":", ","]
        if index + 1 < words.count, joiners.contains(words.rawGap(before: index + 1)),
            words.all[index + 1].text.first?.isNumber == true
        {
            return nil
        }
        if index > 0, joiners.contains(words.rawGap(before: index)), words.all[index - 1].text.first?.isNumber == true {
            return nil
        }
        return value
    }

    /// "det tredje målområdet", "andra målet".
    func ordinal(_ words: Words, at index: Int, range: Range<Int>) -> AreaMention? {
        guard let number = Self.ordinals[words.all[index].text], index + 1 < range.upperBound,
            Self.singularKeywords.contains(words.all[index + 1].text) || ["goal", "area"].contains(words.all[index + 1].text),
            ids.contains(number)
        else { return nil }
        return AreaMention(areas: [number], start: index, end: index + 2, kind: .ordinal)
    }

    /// Two or more title words in a row, a keyword and a title word, or a compound ending in "målet".
    func titled(_ words: Words, at index: Int, range: Range<Int>) -> AreaMention? {
        let word = words.all[index].text
        // "trygghetsmålet", "tillväxtmålet", "utbildningsdelen"
        let endings = Self.compoundEndings(endingLike: word)
        for suffix in endings where word.hasSuffixFast(suffix) {
            let stem = String(word.dropLast(suffix.count))
            if stem.count >= 4, let id = area(startingWith: stem) {
                return AreaMention(areas: [id], start: index, end: index + 1, kind: .title)
            }
        }
        // "målet om trygghet", "målområdet Kunskap, hälsa och fritid"
        if Self.keywords.contains(word) {
            var position = index + 1
            if position < range.upperBound, ["om", "for", "kring", "gallande"].contains(words.all[position].text) { position += 1 }
            if position < range.upperBound, let id = area(of: words.all[position].text) {
                let end = titleRun(words, from: position, area: id, range: range)
                return AreaMention(areas: [id], start: index, end: end, kind: .title)
            }
            return nil
        }
        guard let id = area(of: word) else { return nil }
        let end = titleRun(words, from: index, area: id, range: range)
        let titleCount = (index..<end).filter { area(of: words.all[$0].text) == id }.count
        if titleCount >= 2 { return AreaMention(areas: [id], start: index, end: end, kind: .title) }
        guard word.count >= 5, !Self.commonWords.contains(where: word.hasPrefixFast) else { return nil }
        return AreaMention(areas: [id], start: index, end: index + 1, kind: .titleWord)
    }

    /// The index after a run of an area's title words, with fillers between them, starting at a title word.
    func titleRun(_ words: Words, from start: Int, area id: Int, range: Range<Int>) -> Int {
        var end = start + 1
        var position = start + 1
        while position < range.upperBound {
            let text = words.all[position].text
            if area(of: text) == id {
                position += 1
                end = position
            } else if Self.fillerWords.contains(text) && position + 1 < range.upperBound {
                position += 1
            } else {
                break
            }
        }
        return end
    }

    /// The area whose title has the given word, or the word with an inflection ("tillväxten" → the area of
    /// "tillväxt"); not a compound ("utbildningsnämnden" names a body, not area 2).
    func area(of word: String) -> Int? {
        if titleWords.count <= 64, let found = word.utf8.withContiguousStorageIfAvailable({ asciiArea(of: $0, word: word) }) ?? nil {
            return found
        }
        let length = word.count
        guard length >= 4 else { return nil }
        var found: Int?
        var matching = 0
        for title in titleWords where title.words.contains(where: { word.hasPrefix($0) && length - $0.count <= 3 }) {
            found = title.id
            matching += 1
        }
        return matching == 1 ? found : nil
    }

    /// ``area(of:)`` for a word of ASCII bytes, its title words compared byte by byte; nil for any other word,
    /// which is then read the long way (the outer nil). An ASCII character is one byte, so the counts of characters are counts of
    /// bytes, and a prefix of characters is a prefix of bytes.
    private func asciiArea(of bytes: UnsafeBufferPointer<UInt8>, word: String) -> Int?? {
        guard let first = bytes.first, first < 0x80 else { return nil }
        for byte in bytes where byte >= 0x80 { return nil }
        let length = bytes.count
        guard length >= 4 else { return .some(nil) }
        var titles: UInt64 = 0
        for entry in asciiTitleWords[Int(first)] where titles & (1 << entry.title) == 0 {
            let count = entry.bytes.count
            guard count <= length, length - count <= 3 else { continue }
            let matches = entry.bytes.withUnsafeBufferPointer { title in
                var index = 1
                while index < count, title[index] == bytes[index] { index += 1 }
                return index == count
            }
            if matches { titles |= 1 << entry.title }
        }
        for entry in otherTitleWords where titles & (1 << entry.title) == 0 {
            if word.hasPrefix(entry.word) && length - entry.word.count <= 3 { titles |= 1 << entry.title }
        }
        return .some(titles.nonzeroBitCount == 1 ? titleWords[titles.trailingZeroBitCount].id : nil)
    }

    /// The area with a title word that starts with the stem of a compound ("trygghet" in "trygghetsmålet").
    func area(startingWith stem: String) -> Int? {
        let matching = titleWords.filter { $0.words.contains { $0.hasPrefix(stem) || stem.hasPrefix($0) } }
        return matching.count == 1 ? matching[0].id : nil
    }
}

extension Words {
    /// The characters between a word and the one before it, as written (empty for the first word).
    func rawGap(before index: Int) -> Substring {
        guard index > 0, index < all.count else { return "" }
        return source[all[index - 1].range.upperBound..<all[index].range.lowerBound]
    }

    /// The marks between a word and the one before it, without spaces (empty for the first word).
    func gap(before index: Int) -> Substring {
        Substring(rawGap(before: index).filter { !$0.isWhitespaceFast })
    }

    /// The characters between a word and the one after it, without spaces (empty for the last word).
    func gap(after index: Int) -> Substring {
        guard index + 1 < all.count else { return "" }
        return gap(before: index + 1)
    }
}
