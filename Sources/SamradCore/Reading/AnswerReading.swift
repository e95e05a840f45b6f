/// One text of an answer to read: the message's own text, a form's cell, or an attached document.
public struct AnswerSource: Sendable, Equatable {
    /// The attached file's name, or nil for the message's own text.
    public var attachment: String?
    /// The text. Pages are separated by a form feed ("\u{0C}"), paragraphs by a blank line; a heading stands on a
    /// line of its own, a list item starts "- " or "2. ", a table row joins its cells with " | ".
    public var text: String
    /// The goal areas a form's column is about; its text is read as if under their heading.
    public var areas: [Int]

    /// A text to read.
    public init(attachment: String? = nil, text: String, areas: [Int] = []) {
        self.attachment = attachment
        self.text = text
        self.areas = areas
    }
}

/// How a stance was read: the rule that gave an area its stance.
public enum ReadingRule: String, Sendable, Codable, CaseIterable {
    /// The clause names the area and states the stance: "Nämnden tillstyrker målområde 1".
    case namedArea = "named-area"
    /// The clause stands under a heading (or in a list item, or a form's column) that names the area.
    case areaHeading = "area-heading"
    /// The sentence named the area before the clause: "Målområde 2 är viktigt, men nämnden avstyrker".
    case sameSentence = "same-sentence"
    /// "I övrigt", "övriga målområden": the areas the answer names nowhere else.
    case restOfAreas = "rest-of-areas"
    /// A stance on the proposal as a whole, for the areas with none of their own.
    case wholeProposal = "whole-proposal"
    /// The answer names no area: its stance covers every area.
    case onlyStance = "only-stance"
    /// The area is spoken to, with no stance word.
    case noStance = "no-stance"
    /// A form's stance column.
    case formColumn = "form-column"
    /// Recorded by a person (`samrad answer`).
    case manual
    /// Given in the answer portal.
    case portal
    /// Read before readings kept their evidence.
    case earlier

    /// How the rule reads in a Swedish report.
    public var swedish: String {
        switch self {
        case .namedArea: "meningen nämner målområdet"
        case .areaHeading: "texten står under målområdets rubrik"
        case .sameSentence: "meningen nämnde målområdet före satsen"
        case .restOfAreas: "”i övrigt”: målområden som inte nämns"
        case .wholeProposal: "ställningstagande till förslaget som helhet"
        case .onlyStance: "svaret nämner inget målområde: gäller alla"
        case .noStance: "inget ställningstagande kunde läsas"
        case .formColumn: "formulärets svarsalternativ"
        case .manual: "registrerat för hand"
        case .portal: "lämnat i svarsportalen"
        case .earlier: "läst före version 7"
        }
    }
}

/// Where a stance was read and why: the clause, the part and page, and the rule.
public struct Evidence: Sendable, Hashable, Codable {
    /// The clause the stance came from, as written (shortened to about 300 characters).
    public var clause: String
    /// The attached file it was read in, or nil for the message's own text.
    public var attachment: String?
    /// The page of the attachment, when it has pages.
    public var page: Int?
    /// The rule that read it.
    public var rule: ReadingRule

    /// Creates evidence.
    public init(clause: String, attachment: String? = nil, page: Int? = nil, rule: ReadingRule) {
        self.clause = clause
        self.attachment = attachment
        self.page = page
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case clause, attachment, page, rule
    }

    /// Writes every key, with `null` for what is not known.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clause, forKey: .clause)
        try container.encode(attachment, forKey: .attachment)
        try container.encode(page, forKey: .page)
        try container.encode(rule, forKey: .rule)
    }

    /// "bilaga Yttrande.pdf, s. 2" or "brödtext", for reports in Swedish.
    public var placeInSwedish: String {
        guard let attachment else { return "brödtext" }
        return page.map { "bilaga \(attachment), s. \($0)" } ?? "bilaga \(attachment)"
    }
}

/// What an answer says on one goal area.
public struct AreaReading: Sendable, Equatable {
    /// The goal area.
    public var area: Int
    /// The stance; `.unstated` when the answer speaks to the area with no stance.
    public var stance: Stance
    /// The answer's text on the area (the sentences that name it or stand under it); may be empty when a stance on
    /// the whole proposal covers it.
    public var text: String
    /// Where the stance was read.
    public var evidence: Evidence

    /// Creates a reading.
    public init(area: Int, stance: Stance, text: String, evidence: Evidence) {
        self.area = area
        self.stance = stance
        self.text = text
        self.evidence = evidence
    }
}

/// Something in a reading that a person should look at.
public enum ReadingFlag: Sendable, Equatable {
    /// The answer names the area but no stance word could be read for it.
    case areaWithoutStance(area: Int, evidence: Evidence)
    /// A stance word stands in no clause that names an area, in an answer that names several areas.
    case stanceWithoutArea(stance: Stance, evidence: Evidence)
    /// The answer states two different stances on the area; the first (or the attachment's) was taken.
    case contradiction(area: Int, taken: Evidence, other: Evidence, takenStance: Stance, otherStance: Stance)
    /// The message text and an attached document disagree on the area; the document was taken.
    case disagreement(area: Int, document: Evidence, text: Evidence, documentStance: Stance, textStance: Stance)
}

/// What an answer says, per goal area: a reading for each area it speaks to, and none for the others.
public struct AnswerReading: Sendable, Equatable {
    /// The areas the answer speaks to, in the round's order.
    public var areas: [AreaReading]
    /// The text that is about no area in particular (tidied), empty when there is none.
    public var general: String
    /// The stance on the proposal as a whole, when the answer states one.
    public var generalStance: Stance?
    /// What a person should look at.
    public var flags: [ReadingFlag]

    /// Creates a reading.
    public init(areas: [AreaReading] = [], general: String = "", generalStance: Stance? = nil, flags: [ReadingFlag] = []) {
        self.areas = areas
        self.general = general
        self.generalStance = generalStance
        self.flags = flags
    }

    /// The reading of an area, if the answer speaks to it.
    public subscript(area: Int) -> AreaReading? {
        areas.first { $0.area == area }
    }

    /// Whether the answer says anything at all.
    public var isEmpty: Bool { areas.isEmpty && general.isEmpty }

    /// Whether the answer states no stance and names no area (it may still say something, e.g. a covering note).
    public var saysNothingOfItsOwn: Bool {
        areas.allSatisfy { $0.stance == .unstated && $0.evidence.rule == .noStance && $0.text.isEmpty }
    }
}
