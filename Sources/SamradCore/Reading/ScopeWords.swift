/// Words that say which areas a stance covers when the clause names none.
enum Scope: Sendable, Equatable {
    /// The areas not named elsewhere in the answer: "i övrigt", "övriga målområden", "resten".
    case rest
    /// The proposal as a whole, even inside an area's section: "i sin helhet", "samtliga målområden", "sammantaget".
    case whole
    /// The proposal, when the clause stands in no area's section: "förslaget", "målen", "remissen".
    case proposal
}

/// Finds the scope words of a clause.
///
/// | words | scope |
/// | --- | --- |
/// | i övrigt, i övriga delar, övriga målområden/mål/områden, resterande/återstående mål, resten, de andra målen | rest |
/// | i sin helhet, i dess helhet, hela förslaget, samtliga/alla målområden, alla fyra, sammantaget, sammanfattningsvis, övergripande | whole |
/// | förslaget, målförslaget, de föreslagna målen, målen, remissen | proposal |
///
/// "För övrigt" (by the way) and "övriga synpunkter" (other comments) cover nothing.
enum ScopeWords {
    /// Plural nouns for goals and areas, after "övriga", "samtliga", "alla".
    static let areaNouns: WordSet = [
        "malomraden", "malomradena", "mal", "malen", "omraden", "omradena", "delar", "delarna", "delomraden", "delomradena",
        "punkter", "punkterna", "fyra", "goals", "areas",
    ]

    /// The first letters of the wordings below, as bytes: most words start with none of them, and are passed
    /// over without comparing them with each wording.
    static let scopeInitials: [Bool] = (0..<128).map { "ioraahsmfp".utf8.contains(UInt8($0)) }

    /// The scope the words of a range state, and the index of its first word: "i övrigt" over "i sin helhet"
    /// over "förslaget"; nil when they state none.
    static func scope(in words: Words, range: Range<Int>) -> (scope: Scope, at: Int)? {
        var found: (scope: Scope, at: Int)?
        for index in range {
            guard let scope = scope(at: index, in: words, range: range) else { continue }
            switch (found?.scope, scope) {
            case (nil, _), (.proposal?, .whole), (.proposal?, .rest), (.whole?, .rest): found = (scope, index)
            default: break
            }
        }
        return found
    }

    /// The words the wordings of ``wording(at:in:range:)`` start with, besides those starting "forslag" or "remiss".
    static let firstWords: WordSet = [
        "i", "ovriga", "resterande", "aterstaende", "resten", "andra", "hela", "samtliga", "alla", "sammantaget",
        "sammanfattningsvis", "overgripande", "helheten", "as", "otherwise", "malforslaget", "malen", "proposal",
    ]

    /// The scope a wording starting at an index states. Most words start no wording: they are passed over on their
    /// first letter or one look-up, not compared with each wording in turn.
    static func scope(at index: Int, in words: Words, range: Range<Int>) -> Scope? {
        guard range.contains(index) else { return nil }
        let first = words.all[index].text
        guard let initial = first.utf8.first, initial < 0x80, scopeInitials[Int(initial)] else { return nil }
        guard firstWords.contains(first) || first.hasPrefixFast("forslag") || first.hasPrefixFast("remiss") else { return nil }
        return wording(at: index, in: words, range: range)
    }

    /// The scope a wording starting at an index states, the wordings tried one by one.
    static func wording(at index: Int, in words: Words, range: Range<Int>) -> Scope? {
        func word(_ offset: Int) -> String? {
            range.contains(index + offset) ? words.all[index + offset].text : nil
        }
        guard let first = word(0) else { return nil }
        switch first {
        case "i":
            if word(1) == "ovrigt" { return .rest }
            if word(1) == "ovriga", word(2) == "delar" { return .rest }
            if ["sin", "dess"].contains(word(1)), word(2) == "helhet" { return .whole }
        case "ovriga", "resterande", "aterstaende":
            if let next = word(1), areaNouns.contains(next) { return .rest }
            // "… inga synpunkter på övriga." ends the clause.
            if first == "ovriga", word(1) == nil || !words.sameClause(index, index + 1) { return .rest }
        case "resten":
            return .rest
        case "andra":
            if word(-1) == "de", let next = word(1), areaNouns.contains(next) { return .rest }
        case "hela":
            if let next = word(1), next.hasPrefixFast("forslag") || next.hasPrefixFast("remiss") || next == "malen" { return .whole }
        case "samtliga", "alla":
            if let next = word(1), areaNouns.contains(next) { return .whole }
        case "sammantaget", "sammanfattningsvis", "overgripande", "helheten":
            return .whole
        case "as":
            if word(1) == "a", word(2) == "whole" { return .whole }
        case "otherwise":
            return .rest
        default:
            if first.hasPrefixFast("forslag") || first == "malforslaget" || first.hasPrefixFast("remiss") || first == "malen"
                || first == "proposal"
            {
                return .proposal
            }
        }
        return nil
    }
}
