/// Reads the stance a text states, from its Swedish or English wording.
///
/// Matching ignores case and diacritics ("tillstyrker", "TILLSTYRKER", "Tillstyrker" alike) and respects word
/// boundaries ("styrker" is not "tillstyrker"). The wordings and what they mean:
///
/// | wording | stance |
/// | --- | --- |
/// | tillstyrker, tillstyrka, tillstyrks; ställer sig bakom, står bakom; ställer sig positiv | supports |
/// | stödjer, godkänner, bifaller, välkomnar — followed by förslaget, målen, remissen | supports |
/// | support(s), endorse(s), approve(s), in favour of | supports |
/// | avstyrker, avstyrka, avstyrks; motsätter sig; ställer sig negativ; oppose(s), opposed | opposes |
/// | varken tillstyrker eller avstyrker, varken eller, varken för eller emot; ställer sig neutral; neither … nor | neutral |
/// | avstår (från att yttra sig, från yttrande, …); abstain(s), refrain(s) from commenting, decline(s) to comment | declines |
/// | inget att invända, inget att erinra, inga invändningar, har inget emot; är positiv till; no objection(s) | supports, weakly |
/// | är negativ till; anser inte | opposes, weakly |
/// | inga synpunkter, inga kommentarer, inget yttrande, inget att tillägga; no comments, nothing to add | declines, weakly |
///
/// - A negation turns a stance round: "kan inte tillstyrka", "tillstyrker inte", "kan inte ställa sig bakom",
///   "do not support" oppose; "avstyrker inte", "motsätter sig inte", "ser inga skäl att avstyrka" support.
///   A negation reaches at most four words back and two on, within the clause, and not past "att", "som", "men",
///   "och" (except "skäl att", "anledning att"). "Inte minst", "inte bara", "inte annat än" and "not only" are no
///   negations. A negated "avstår" or "varken eller" states nothing.
/// - A partial stance is neither: "tillstyrker delvis", "delvis avstyrker", "till viss del", "i vissa delar",
///   "partly" make a tillstyrkan or avstyrkan `.neutral`. A stance with reservations stays what it is:
///   "tillstyrker med vissa förbehåll", "i stort", "i huvudsak", "med följande synpunkter" support.
/// - Alternatives state nothing: "tillstyrker, avstyrker eller avstår" (as in our own request) is skipped.
/// - When the text states more than one stance, the first decisive wording wins, in reading order; a weak wording
///   ("inga synpunkter", "inget att invända", "anser inte") counts only when no decisive one is found.
///   "Inga synpunkter på formuleringen. Nämnden tillstyrker." supports; "Nämnden tillstyrker mål 1 men avstyrker
///   mål 2" supports (split such text per goal area with ``ContributionSplitter``).
public enum StanceReader {
    /// The stance the text states, or nil when it states none.
    public static func stance(in text: String) -> Stance? {
        let words = Words(text)
        return stance(of: matches(in: words, range: 0..<words.count))
    }

    /// Words that negate the verb near them.
    static let negations: WordSet = [
        "inte", "ej", "icke", "aldrig", "not", "never", "cannot", "can't", "don't", "doesn't", "won't", "didn't",
        "isn't", "aren't", "wouldn't", "couldn't", "shouldn't",
    ]

    /// The stance a list of wordings states: the first decisive one, else the first weak one.
    static func stance(of matches: [StanceMatch]) -> Stance? {
        matches.first(where: \.isDecisive)?.stance ?? matches.first?.stance
    }

    /// Every wording that states a stance among the words of a range, in reading order. Wordings read only to
    /// be skipped (alternatives such as "tillstyrker, avstyrker eller avstår") are left out.
    static func matches(in words: Words, range: Range<Int>) -> [StanceMatch] {
        let scoped = StanceWords(words: words, range: range)
        var found: [StanceMatch] = []
        var index = range.lowerBound
        while index < range.upperBound {
            guard var match = scoped.match(at: index) else {
                index += 1
                continue
            }
            match.start = index
            if match.stance != nil { found.append(match) }
            index = max(match.end, index + 1)
        }
        return found
    }
}

/// A wording found in a text: the stance it states (nil for alternatives that state none), how firmly, and where.
struct StanceMatch: Sendable, Equatable {
    /// The stance stated, or nil when the wording was read only to be skipped.
    var stance: Stance?
    /// Whether the wording is decisive (tillstyrker) rather than weak (inga synpunkter).
    var isDecisive: Bool
    /// The index of the wording's first word.
    var start = 0
    /// The index of the first word after the wording.
    var end: Int
    /// Whether a negation turned the wording round ("tillstyrker inte").
    var negated = false

    init(stance: Stance?, isDecisive: Bool, start: Int = 0, end: Int, negated: Bool = false) {
        self.stance = stance
        self.isDecisive = isDecisive
        self.start = start
        self.end = end
        self.negated = negated
    }
}

/// The words of a range of a text, and the wordings they make.
private struct StanceWords {
    /// All the words of the text.
    let words: Words
    /// The words that may be read: a wording never reaches outside them.
    let range: Range<Int>

    /// The word at an index, or nil outside the range.
    subscript(_ index: Int) -> String? {
        range.contains(index) ? words.all[index].text : nil
    }

    /// Whether two indices are words of the same clause, both in the range.
    func sameClause(_ first: Int, _ second: Int) -> Bool {
        range.contains(first) && range.contains(second) && words.all[first].clause == words.all[second].clause
    }

    // MARK: - Word classes

    /// Words that negate the verb near them.
    static let negations = StanceReader.negations
    /// Words that, right after a negation, make it no negation ("inte minst", "inte bara", "not only").
    static let negationIdioms: WordSet = ["minst", "bara", "enbart", "endast", "annat", "only", "least", "just", "merely"]
    /// Words a negation's reach does not cross ("att", "som", "men", "och", "that", "but").
    static let scopeStops: WordSet = [
        "att", "som", "men", "och", "eller", "eftersom", "utan", "dock", "that", "but", "and", "or", "which", "because", "however",
    ]
    /// Words for a reason, through which a negation reaches the verb ("ser inga skäl att avstyrka").
    static let reasons: WordSet = ["skal", "anledning", "orsak", "reason"]
    /// Words that deny a reason ("inga skäl", "ingen anledning", "no reason").
    static let noneWords: WordSet = ["inga", "ingen", "inget", "no"]
    /// Words that make a stance partial.
    static let partialWords: WordSet = ["delvis", "partly", "partially"]
    /// Phrases that make a stance partial.
    static let partialPhrases: [[String]] = [["till", "viss", "del"], ["i", "vissa", "delar"], ["in", "part"]]
    /// Words that, before "support", make it a noun ("more support for schools").
    static let nounMarkers: WordSet = [
        "a", "an", "the", "of", "for", "with", "more", "less", "much", "additional", "extra", "financial", "economic",
        "without", "need", "needs", "require", "requires", "some", "any", "no",
    ]
    /// "tillstyrker" and its forms, and the slips of a hurried hand ("tillstyker", "tillstryker").
    static func isSupportVerb(_ word: String) -> Bool {
        word.hasPrefix("tillstyrk") || word.hasPrefix("tillstyk") || word.hasPrefix("tillstryk")
    }

    /// "avstyrker" and its forms, and its slips ("avstyker").
    static func isOpposeVerb(_ word: String) -> Bool {
        word.hasPrefix("avstyrk") || word.hasPrefix("avstyk") || word.hasPrefix("avstryk")
    }

    /// The reflexive pronouns of "ställa sig bakom" ("ställer oss bakom", "ställer mig bakom").
    static let reflexives: WordSet = ["sig", "oss", "mig", "er", "dig"]
    /// Forms of "ställa".
    static let stalla: WordSet = ["staller", "stalla", "stallt", "stallde", "stalls"]
    /// Forms of "stå".
    static let sta: WordSet = ["star", "sta", "statt", "stod"]
    /// Forms of "avstå".
    static let avsta: WordSet = ["avstar", "avsta", "avstod", "avstatt"]
    /// Whether a word can be the subject after a verb: "nämnden", "bolaget", "styrelsen", "vi".
    static func isSubject(_ word: String) -> Bool {
        ["vi", "jag", "de", "man"].contains(word) || word.hasSuffix("namnden") || word.hasSuffix("bolaget")
            || word.hasSuffix("styrelsen") || word.hasSuffix("forvaltningen") || word == "kommunen"
    }

    /// Words that may stand between "avstår" and what it abstains from.
    static let abstainAdverbs: WordSet = ["darfor", "dock", "helt", "harmed", "nu", "vidare", "also", "therefore", "harvid"]
    /// What one abstains from when declining to answer ("avstår från att yttra sig").
    static let abstainObjects = ["yttr", "svar", "besvar", "lamn", "kommenter", "synpunkt", "tillstyrk", "avstyrk", "tycka", "ta"]
    /// Verbs that support only with an object such as "förslaget" ("stödjer förslaget", not "stödjer barnen").
    static let objectVerbs: WordSet = [
        "stodjer", "stoder", "stodja", "godkanner", "godkanna", "bifaller", "bifalla", "valkomnar", "valkomna", "instammer",
        "instamma", "godtar", "godta", "accepterar", "acceptera", "biträder", "bitrader", "bitrada",
    ]
    /// How those objects begin.
    static let objectPrefixes = ["forslag", "mal", "remiss", "inriktning", "proposal"]
    /// English verbs of support.
    static let supportVerbs: WordSet = [
        "support", "supports", "supported", "endorse", "endorses", "endorsed", "approve", "approves",
    ]
    /// English verbs of opposition.
    static let opposeVerbs: WordSet = ["oppose", "opposes", "opposed"]
    /// English verbs of abstention.
    static let abstainVerbs: WordSet = ["abstain", "abstains", "abstained", "abstaining"]

    /// Whether the word is a verb that states a stance, for reading alternatives ("tillstyrker, avstyrker eller avstår").
    func isStanceVerb(_ index: Int) -> Bool {
        guard let word = self[index] else { return false }
        return Self.isSupportVerb(word) || Self.isOpposeVerb(word) || Self.avsta.contains(word)
            || Self.supportVerbs.contains(word) || Self.opposeVerbs.contains(word) || Self.abstainVerbs.contains(word)
    }

    // MARK: - Matching

    /// The wording that starts at an index, if any.
    func match(at index: Int) -> StanceMatch? {
        guard let word = self[index], Self.canStart(word) else { return nil }
        if let match = neitherNor(at: index) { return match }
        if let match = alternatives(at: index) { return match }
        if Self.isSupportVerb(word) { return verb(.supports, at: index, end: index + 1) }
        if Self.isOpposeVerb(word) { return verb(.opposes, at: index, end: index + 1) }
        if Self.stalla.contains(word), let match = stalla(at: index) { return match }
        if Self.sta.contains(word), let end = find("bakom", after: index, within: 3) { return verb(.supports, at: index, end: end + 1) }
        if ["motsatter", "motsatta", "motsatte", "motsatt"].contains(word), self[index + 1] == "sig" {
            return verb(.opposes, at: index, end: index + 2)
        }
        if Self.avsta.contains(word) { return abstain(at: index) }
        if Self.objectVerbs.contains(word), hasObject(after: index) { return verb(.supports, at: index, end: index + 1) }
        if let match = english(word, at: index) { return match }
        if ["neutral", "neutrala", "neutralt"].contains(word), let match = neutralAdjective(at: index) { return match }
        if let match = verdict(at: index) { return match }
        if let match = weak(at: index) { return match }
        return nil
    }

    /// The words a wording can start with; with ``startPrefixes``, what ``match(at:)`` tries first, so that a
    /// word that starts none is passed over at the cost of one look-up.
    static let startWords: WordSet = {
        var words: Set<String> = [
            "varken", "neither", "motsatter", "motsatta", "motsatte", "motsatt", "in", "refrain", "refrains", "decline",
            "declines", "declined", "neutral", "neutrala", "neutralt", "bifall", "avslag",
        ]
        for set in [stalla, sta, avsta, objectVerbs, supportVerbs, opposeVerbs, abstainVerbs] { words.formUnion(set) }
        words.formUnion(weakFirstSlots?.words ?? [])
        return WordSet(words)
    }()

    /// The beginnings a wording can start with: the forms of "tillstyrka" and "avstyrka", and those of weak wordings.
    static let startPrefixes: [String] =
        ["tillstyrk", "tillstyk", "tillstryk", "avstyrk", "avstyk", "avstryk"] + (weakFirstSlots?.prefixes ?? [])

    /// The first letters of ``startPrefixes``.
    static let startPrefixLetters = Set(startPrefixes.compactMap(\.utf8.first))

    /// Whether a wording can start with the word; when not, ``match(at:)`` finds none there.
    static func canStart(_ word: String) -> Bool {
        guard weakFirstSlots != nil else { return true }
        if startWords.contains(word) { return true }
        guard let first = word.utf8.first, startPrefixLetters.contains(first) else { return false }
        return startPrefixes.contains(where: word.hasPrefixFast)
    }

    /// The nouns of a decision: "Bifall" and "Avslag" standing alone (as a list of areas writes them), or
    /// "bifall till förslaget", "avslag på förslaget".
    func verdict(at index: Int) -> StanceMatch? {
        guard let word = self[index], let stance: Stance = ["bifall": .supports, "avslag": .opposes][word] else { return nil }
        let clause = range.filter { sameClause(index, $0) }
        let object = self[index + 1].map { ["till", "pa"].contains($0) && sameClause(index, index + 1) } ?? false
        guard clause.count <= 2 || object else { return nil }
        return verb(stance, at: index, end: object ? index + 2 : index + 1)
    }

    /// "varken tillstyrker eller avstyrker", "varken eller", "varken för eller emot", "neither supports nor opposes".
    func neitherNor(at index: Int) -> StanceMatch? {
        let nor: String
        let stanceWords: Set<String>
        switch self[index] {
        case "varken":
            nor = "eller"
            stanceWords = ["for", "emot", "ja", "nej", "positiv", "positiva", "negativ", "negativa"]
        case "neither":
            nor = "nor"
            stanceWords = ["for", "against"]
        default:
            return nil
        }
        guard let orIndex = find(nor, after: index, within: 4) else { return nil }
        func isStance(_ position: Int) -> Bool {
            guard let word = self[position] else { return false }
            return isStanceVerb(position) || stanceWords.contains(word) || word.hasPrefix("tillstyrk") || word.hasPrefix("avstyrk")
        }
        let between = (index + 1)..<orIndex
        guard between.isEmpty || between.contains(where: isStance) else { return nil }
        let end = isStance(orIndex + 1) && sameClause(orIndex, orIndex + 1) ? orIndex + 2 : orIndex + 1
        if isNegated(from: index, to: end) { return StanceMatch(stance: nil, isDecisive: true, end: end) }
        return StanceMatch(stance: .neutral, isDecisive: true, end: end)
    }

    /// Stance verbs given as alternatives ("tillstyrker, avstyrker eller avstår"): read, and skipped.
    func alternatives(at index: Int) -> StanceMatch? {
        guard isStanceVerb(index) else { return nil }
        var end = index + 1
        while true {
            if isStanceVerb(end), words.all[end].afterComma {
                end += 1
            } else if let joint = self[end], ["eller", "or", "alternativt"].contains(joint), isStanceVerb(end + 1) {
                end += 2
            } else {
                break
            }
        }
        return end > index + 1 ? StanceMatch(stance: nil, isDecisive: true, end: end) : nil
    }

    /// A decisive verb wording from `index` to `end`, turned round when negated and made neutral when partial.
    func verb(_ stance: Stance, at index: Int, end: Int) -> StanceMatch {
        var stance = stance
        var negated = false
        if isPartial(from: index, to: end) {
            stance = .neutral
        } else if isNegated(from: index, to: end) {
            stance = stance == .supports ? .opposes : .supports
            negated = true
        }
        return StanceMatch(stance: stance, isDecisive: true, end: end, negated: negated)
    }

    /// "ställer sig bakom", "ställer sig nämnden bakom", "ställer sig positiv/negativ/neutral till".
    func stalla(at index: Int) -> StanceMatch? {
        for offset in 1...5 {
            let position = index + offset
            guard let word = self[position], sameClause(index, position) else { return nil }
            let hasSig = ((index + 1)..<position).contains { self[$0].map(Self.reflexives.contains) == true }
            guard hasSig else { continue }
            if word == "bakom" { return verb(.supports, at: index, end: position + 1) }
            if word.hasPrefix("positiv") { return verb(.supports, at: index, end: position + 1) }
            if word.hasPrefix("negativ") { return verb(.opposes, at: index, end: position + 1) }
            if word.hasPrefix("neutral") { return StanceMatch(stance: .neutral, isDecisive: true, end: position + 1) }
        }
        return nil
    }

    /// "avstår från att yttra sig", "avstår från yttrande", "avstår." — but not "avstår från att bygga".
    func abstain(at index: Int) -> StanceMatch? {
        var position = index + 1
        // "avstår därför från …", "avstår i övrigt", "avstår helt", "avstår nämnden från …" (the subject after the verb)
        var skipped = 0
        while let word = self[position], sameClause(index, position), skipped < 3,
            Self.abstainAdverbs.contains(word) || Self.isSubject(word)
        {
            position += 1
            skipped += 1
        }
        if self[position] == "i", self[position + 1] == "ovrigt" || self[position + 1] == "ovriga", sameClause(index, position + 1) {
            position += 2
            if self[position] == "delar" { position += 1 }
        }
        let endsClause = !sameClause(index, position)
        if !endsClause {
            guard self[position] == "fran" || self[position] == "from" else { return nil }
            position += 1
            if self[position] == "att" { position += 1 }
            guard let object = self[position], sameClause(index, position),
                Self.abstainObjects.contains(where: { object.hasPrefix($0) })
            else { return nil }
            position += 1
        }
        if isNegated(from: index, to: index + 1) { return StanceMatch(stance: nil, isDecisive: true, end: position) }
        return StanceMatch(stance: .declines, isDecisive: true, end: position)
    }

    /// Whether an object such as "förslaget" or "målen" follows within two words.
    func hasObject(after index: Int) -> Bool {
        (1...3).contains { offset in
            guard let word = self[index + offset], sameClause(index, index + offset) else { return false }
            return Self.objectPrefixes.contains { word.hasPrefix($0) }
        }
    }

    /// English: support, oppose, abstain, in favour of, refrain from commenting, decline to comment.
    func english(_ word: String, at index: Int) -> StanceMatch? {
        let previous = sameClause(index - 1, index) ? self[index - 1] : nil
        if Self.supportVerbs.contains(word) {
            guard !(previous.map(Self.nounMarkers.contains) ?? false) else { return nil }
            return verb(.supports, at: index, end: index + 1)
        }
        if Self.opposeVerbs.contains(word) {
            guard previous != "as" else { return nil }
            return verb(.opposes, at: index, end: index + 1)
        }
        if Self.abstainVerbs.contains(word) { return StanceMatch(stance: .declines, isDecisive: true, end: index + 1) }
        if word == "in", ["favour", "favor"].contains(self[index + 1]), self[index + 2] == "of" {
            return verb(.supports, at: index, end: index + 3)
        }
        if ["refrain", "refrains"].contains(word), self[index + 1] == "from", self[index + 2]?.hasPrefix("comment") == true {
            return StanceMatch(stance: .declines, isDecisive: true, end: index + 3)
        }
        if ["decline", "declines", "declined"].contains(word), self[index + 1] == "to",
            let object = self[index + 2], ["comment", "respond", "express", "give", "take", "answer"].contains(object)
        {
            return StanceMatch(stance: .declines, isDecisive: true, end: index + 3)
        }
        return nil
    }

    /// "ställer sig neutral" is read by ``stalla(at:)``; here "är neutral till", "neutral till", "remains neutral", "neutral on".
    func neutralAdjective(at index: Int) -> StanceMatch? {
        let previous = sameClause(index - 1, index) ? self[index - 1] : nil
        let next = sameClause(index, index + 1) ? self[index + 1] : nil
        let before: Set<String> = ["ar", "sig", "is", "are", "remains", "remain", "stays"]
        let after: Set<String> = ["till", "infor", "on", "towards", "toward", "to"]
        guard previous.map(before.contains) == true || next.map(after.contains) == true else { return nil }
        if isNegated(from: index, to: index + 1) { return StanceMatch(stance: nil, isDecisive: true, end: index + 1) }
        return StanceMatch(stance: .neutral, isDecisive: true, end: index + 1)
    }

    /// The weak wordings: no objection (supports), no comments (declines), negative or "anser inte" (opposes).
    func weak(at index: Int) -> StanceMatch? {
        if let (words, prefixes) = Self.weakFirstSlots, let word = self[index], !words.contains(word),
            !prefixes.contains(where: word.hasPrefix)
        {
            return nil
        }
        for rule in Self.weakRules {
            if let end = matchPattern(rule.pattern, at: index) {
                var stance = rule.stance
                if rule.negatable, isNegated(from: index, to: end) { stance = stance == .supports ? .opposes : .supports }
                return StanceMatch(stance: stance, isDecisive: false, end: end)
            }
        }
        return nil
    }

    /// One slot of a weak wording: any of some words, a word beginning so, or up to a few words of anything.
    enum Slot {
        /// One of these words.
        case word(Set<String>)
        /// A word with one of these beginnings.
        case prefix([String])
        /// Up to this many words of anything, in the same clause.
        case gap(Int)
    }

    /// A weak wording and the stance it states.
    struct WeakRule {
        /// The words, in order.
        var pattern: [Slot]
        /// The stance.
        var stance: Stance
        /// Whether a negation turns it round ("inte positiv till").
        var negatable = false
    }

    /// The weak wordings, tried in order.
    /// The words and beginnings any weak wording can start with, so that a word none starts with is passed
    /// over without trying each rule; nil if a rule starts with a gap, which any word can start.
    static let weakFirstSlots: (words: Set<String>, prefixes: [String])? = {
        var words: Set<String> = []
        var prefixes: [String] = []
        for rule in weakRules {
            switch rule.pattern.first {
            case .word(let choices): words.formUnion(choices)
            case .prefix(let beginnings): prefixes += beginnings
            case .gap, nil: return nil
            }
        }
        return (words, prefixes)
    }()

    static let weakRules: [WeakRule] = [
        WeakRule(pattern: [.word(["inget", "ingenting"]), .word(["att"]), .word(["invanda", "erinra", "anmarka"])], stance: .supports),
        WeakRule(
            pattern: [.word(["inga", "ingen", "inget"]), .gap(1), .word(["invandningar", "invandning", "erinringar", "erinran"])],
            stance: .supports),
        WeakRule(
            pattern: [.word(["inte", "ej"]), .word(["nagra", "nagon"]), .gap(1), .word(["invandningar", "invandning", "erinringar"])],
            stance: .supports),
        WeakRule(pattern: [.word(["inget", "ingenting"]), .word(["emot"])], stance: .supports),
        WeakRule(
            pattern: [.word(["utan"]), .word(["erinran", "invandningar", "invandning", "anmarkning", "anmarkningar"])], stance: .supports),
        WeakRule(
            pattern: [.word(["delar"]), .gap(1), .prefix(["bedomning", "uppfattning", "syn", "forslag", "inriktning", "ambition"])],
            stance: .supports, negatable: true),
        WeakRule(pattern: [.word(["ser"]), .gap(1), .word(["positivt"]), .word(["pa"])], stance: .supports, negatable: true),
        WeakRule(pattern: [.word(["ser"]), .gap(1), .word(["negativt"]), .word(["pa"])], stance: .opposes, negatable: true),
        WeakRule(pattern: [.word(["no"]), .gap(1), .word(["objection", "objections"])], stance: .supports),
        WeakRule(pattern: [.word(["nothing"]), .word(["against"])], stance: .supports),
        WeakRule(pattern: [.prefix(["positiv"]), .word(["till", "pa", "towards", "to"])], stance: .supports, negatable: true),
        WeakRule(pattern: [.prefix(["positiv"]), .prefix(["installd"]), .word(["till"])], stance: .supports, negatable: true),
        WeakRule(pattern: [.prefix(["negativ"]), .prefix(["installd"]), .word(["till"])], stance: .opposes, negatable: true),
        WeakRule(pattern: [.prefix(["negativ"]), .word(["till", "pa", "towards", "to"])], stance: .opposes, negatable: true),
        WeakRule(pattern: [.word(["anser"]), .gap(1), .word(["inte", "ej"])], stance: .opposes),
        WeakRule(
            pattern: [
                .word(["inga", "ingen", "inget"]), .gap(2), .word(["synpunkter", "synpunkt", "kommentarer", "kommentar", "yttrande"]),
            ],
            stance: .declines),
        WeakRule(
            pattern: [
                .word(["inte", "ej"]), .word(["nagra", "nagon", "nagot"]), .gap(1), .word(["synpunkter", "synpunkt", "kommentarer"]),
            ],
            stance: .declines),
        WeakRule(
            pattern: [.word(["inget", "ingenting"]), .word(["att"]), .word(["tillagga", "tillfoga", "tillfora"])], stance: .declines),
        WeakRule(
            pattern: [
                .word(["inget", "ingen", "inte"]), .gap(1), .word(["behov", "anledning"]), .gap(3),
                .prefix(["yttra", "kommentera", "svara"]),
            ],
            stance: .declines),
        WeakRule(pattern: [.prefix(["avboj"]), .word(["att"]), .prefix(["yttra", "svara", "lamna"])], stance: .declines),
        WeakRule(pattern: [.word(["yttrar", "yttra"]), .word(["sig"]), .word(["inte", "ej"])], stance: .declines),
        WeakRule(pattern: [.word(["inte", "ej"]), .word(["yttra", "yttrar"]), .word(["sig"])], stance: .declines),
        WeakRule(pattern: [.word(["no"]), .gap(2), .word(["comment", "comments", "remarks"])], stance: .declines),
        WeakRule(pattern: [.word(["nothing"]), .word(["to"]), .word(["add"])], stance: .declines),
    ]

    /// The index after a pattern that starts at `index`, within one clause; nil when it does not match there.
    func matchPattern(_ pattern: [Slot], at index: Int) -> Int? {
        func match(_ slot: Int, _ position: Int) -> Int? {
            guard slot < pattern.count else { return position }
            guard let word = self[position], sameClause(index, position) else { return nil }
            switch pattern[slot] {
            case .word(let choices):
                return choices.contains(word) ? match(slot + 1, position + 1) : nil
            case .prefix(let beginnings):
                return beginnings.contains(where: word.hasPrefix) ? match(slot + 1, position + 1) : nil
            case .gap(let most):
                for skipped in 0...most {
                    if let end = match(slot + 1, position + skipped) { return end }
                }
                return nil
            }
        }
        return match(0, index)
    }

    /// The index of a word within `most` words after `index`, in the same clause.
    func find(_ target: String, after index: Int, within most: Int) -> Int? {
        for position in (index + 1)...(index + most) {
            guard sameClause(index, position) else { return nil }
            if self[position] == target { return position }
        }
        return nil
    }

    /// Whether a real negation stands in the wording, up to four words before it or two after, in its clause.
    func isNegated(from start: Int, to end: Int) -> Bool {
        func negates(_ position: Int) -> Bool {
            guard let word = self[position], Self.negations.contains(word) else { return false }
            guard let next = self[position + 1], sameClause(position, position + 1) else { return true }
            return !Self.negationIdioms.contains(next)
        }
        if (start..<end).contains(where: negates) { return true }
        var position = start - 1
        var limit = start - 4
        var throughReason = false
        while position >= limit, sameClause(position, start), let word = self[position] {
            if word == "att", let reason = self[position - 1], Self.reasons.contains(reason) {
                // "ser inga skäl att avstyrka": the negation stands before the reason.
                throughReason = true
                limit = position - 5
            } else if Self.scopeStops.contains(word) {
                break
            } else if negates(position) || (throughReason && Self.noneWords.contains(word)) {
                return true
            }
            position -= 1
        }
        for position in end..<(end + 2) {
            guard sameClause(start, position), let word = self[position], !Self.scopeStops.contains(word) else { break }
            if negates(position) { return true }
        }
        return false
    }

    /// Whether "delvis", "till viss del", "i vissa delar" or "partly" stands within three words of the wording.
    func isPartial(from start: Int, to end: Int) -> Bool {
        let window = max(0, start - 3)..<(end + 3)
        for position in window where sameClause(start, position) {
            guard let word = self[position] else { continue }
            if Self.partialWords.contains(word) { return true }
            for phrase in Self.partialPhrases where phrase.first == word {
                let candidate = phrase.indices.map { self[position + $0] }
                if candidate == phrase.map(Optional.some), sameClause(position, position + phrase.count - 1) { return true }
            }
        }
        return false
    }
}
