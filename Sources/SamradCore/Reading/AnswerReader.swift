/// Reads what an answer says on each goal area, clause by clause, with the evidence for every stance.
///
/// The answer's texts — the message's own text, its attached yttranden, a form's cells — are read alike:
/// 1. Each text is cut into blocks (``TextBlocks``): headings, paragraphs, list items, table rows, with pages.
/// 2. Each block into sentences, each sentence into pieces at "men", "medan", "dock" and ";" (``Words``).
/// 3. Each piece is read for the areas it names (``AreaNames``), the stances it states (``StanceReader``) and
///    its scope ("i övrigt", "i sin helhet": ``ScopeWords``), in the context of the heading or list item it
///    stands under and the sentence it is part of.
///
/// Then each area takes, in this order: the stance of a clause that names it; of the heading it stands under;
/// of a sentence that named it before the clause; of "i övrigt" if the answer names it nowhere else; of a stance
/// on the proposal as a whole. An area the answer names with no stance is `.unstated`; an area it does not speak
/// to gets nothing. When the answer names no area at all, its stance covers every area; when it states no
/// stance and names no area but says something, every area is `.unstated`.
///
/// An attached document is the decided answer: where it states a stance on an area, it wins over the message's
/// text, and a disagreement is flagged. So is what a person should look at: an area named with no stance, a
/// stance in no area's clause in an answer that names several areas, two stances on one area.
public enum AnswerReader {
    /// Reads an answer from its texts.
    public static func read(_ sources: [AnswerSource], goalAreas: [GoalArea]) -> AnswerReading {
        read(sources, context: ReadingContext(goalAreas))
    }

    /// Reads an answer from its texts, with what the reader knows of the round built beforehand.
    public static func read(_ sources: [AnswerSource], context: ReadingContext) -> AnswerReading {
        let readings = sources.map { source in
            var reader = SourceReader(context: context, source: source)
            return reader.read()
        }
        return merge(readings, sources: sources, goalAreas: context.goalAreas)
    }

    /// Reads a reply as received: its own text (``ReplyText/ownText(_:)``) and its attachments' texts.
    ///
    /// A quoted goal-area heading of our message that the body answered right under is kept, so that an
    /// interleaved answer goes to that area. A reply whose own text states nothing and names no area, but that
    /// forwards a message not from `ownAddresses` (a registrar passing on a board's answer), is read from the
    /// forwarded message.
    public static func read(
        reply: String, attachments: [AnswerSource] = [], goalAreas: [GoalArea], ownAddresses: Set<String> = []
    ) -> AnswerReading {
        read(reply: reply, attachments: attachments, context: ReadingContext(goalAreas), ownAddresses: ownAddresses)
    }

    /// Reads a reply as received, with what the reader knows of the round built beforehand: an import builds it
    /// once per round, not once per reply.
    public static func read(
        reply: String, attachments: [AnswerSource] = [], context: ReadingContext, ownAddresses: Set<String> = []
    ) -> AnswerReading {
        let reading = read([AnswerSource(text: ownText(reply, markers: context.markers))] + attachments, context: context)
        guard reading.saysNothingOfItsOwn, let forwarded = ReplyText.forwardedText(reply, notFrom: ownAddresses) else {
            return reading
        }
        let inner = read([AnswerSource(text: ownText(forwarded, markers: context.markers))] + attachments, context: context)
        return inner.saysNothingOfItsOwn ? reading : inner
    }

    /// The body's own text of a reply, keeping quoted goal-area headings it answered under.
    public static func ownText(_ reply: String, goalAreas: [GoalArea]) -> String {
        ownText(reply, markers: AreaMarkers(goalAreas))
    }

    /// The body's own text of a reply, keeping the quoted headings `markers` finds.
    static func ownText(_ reply: String, markers: AreaMarkers) -> String {
        ReplyText.ownText(reply) { line in
            if case .areas? = markers.marker(in: line) { return true }
            return false
        }
    }

    /// One answer from the readings of its texts: per area, the first document that states a stance wins over
    /// the message's text.
    static func merge(_ readings: [SourceReading], sources: [AnswerSource], goalAreas: [GoalArea]) -> AnswerReading {
        var result = AnswerReading()
        let documentsFirst = readings.indices.sorted {
            (sources[$0].attachment == nil ? 1 : 0, $0) < (sources[$1].attachment == nil ? 1 : 0, $1)
        }
        for area in goalAreas {
            let candidates = documentsFirst.compactMap { readings[$0].areas[area.id] }
            guard let chosen = candidates.first(where: { $0.stance != .unstated }) ?? candidates.first else { continue }
            for other in candidates where other.stance != .unstated && other.stance != chosen.stance {
                if chosen.evidence.attachment != nil && other.evidence.attachment == nil {
                    result.flags.append(
                        .disagreement(
                            area: area.id, document: chosen.evidence, text: other.evidence, documentStance: chosen.stance,
                            textStance: other.stance))
                } else {
                    result.flags.append(
                        .contradiction(
                            area: area.id, taken: chosen.evidence, other: other.evidence, takenStance: chosen.stance,
                            otherStance: other.stance))
                }
                break
            }
            var reading = chosen
            reading.text = candidates.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n\n")
            result.areas.append(reading)
        }
        for reading in readings { result.flags += reading.flags }
        result.general = readings.map(\.general).filter { !$0.isEmpty }.joined(separator: "\n\n")
        result.generalStance = documentsFirst.lazy.compactMap { readings[$0].wholeStance }.first
        for area in result.areas where area.stance == .unstated {
            result.flags.append(.areaWithoutStance(area: area.area, evidence: area.evidence))
        }
        if result.areas.isEmpty && !result.general.isEmpty {
            // Something said, with no stance and no area: the body answered, on every area, without a stance.
            let evidence = Evidence(clause: shortened(result.general), rule: .noStance)
            result.areas = goalAreas.map { AreaReading(area: $0.id, stance: .unstated, text: "", evidence: evidence) }
        }
        return result
    }

    /// A clause as evidence: whitespace made single spaces, at most about 300 characters.
    static func shortened(_ text: some StringProtocol) -> String {
        (text.utf8.withContiguousStorageIfAvailable(shortenedLatin1) ?? nil) ?? shortenedCharacters(text)
    }

    /// ``shortened(_:)`` character by character.
    static func shortenedCharacters(_ text: some StringProtocol) -> String {
        // One pass, appending to one string: no array of the words in between.
        var single = ""
        single.reserveCapacity(text.utf8.count)
        var space = false
        for character in text {
            if character.isWhitespaceFast {
                space = !single.isEmpty
                continue
            }
            if space {
                single.append(" ")
                space = false
            }
            single.append(character)
        }
        guard single.count > 300 else { return single }
        return String(single.prefix(297)) + "…"
    }

    /// ``shortened(_:)`` on the bytes of a text whose scalars are all Latin-1 (all of Swedish), each a character of its
    /// own, but CR LF, which is whitespace as its parts are; nil for any other text. The whitespace of Latin-1 is tab,
    /// LF, VT, FF, CR, space, NEL (U+0085) and no-break space (U+00A0).
    static func shortenedLatin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var single: [UInt8] = []
        single.reserveCapacity(bytes.count)
        var space = false
        var characters = 0
        var cut: Int?  // where the 297th character ends
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let width: Int
            let isWhitespace: Bool
            if byte < 0x80 {
                width = 1
                isWhitespace = byte == 0x20 || (0x09...0x0D).contains(byte)
            } else if (byte == 0xC2 || byte == 0xC3) && index + 1 < bytes.count && (0x80...0xBF).contains(bytes[index + 1]) {
                width = 2
                isWhitespace = byte == 0xC2 && (bytes[index + 1] == 0x85 || bytes[index + 1] == 0xA0)
            } else {
                return nil
            }
            if isWhitespace {
                space = !single.isEmpty
            } else {
                if space {
                    single.append(0x20)
                    characters += 1
                    if characters == 297 { cut = single.count }
                    space = false
                }
                single.append(byte)
                if width == 2 { single.append(bytes[index + 1]) }
                characters += 1
                if characters == 297 { cut = single.count }
            }
            index += width
        }
        guard characters > 300, let cut else { return String(decoding: single, as: UTF8.self) }
        return String(decoding: single[..<cut], as: UTF8.self) + "…"
    }
}

/// What the reader knows of the round: its areas, and how they are named. Built once per round and read by every
/// reply of it (``AnswerReader/read(reply:attachments:context:ownAddresses:)``).
public struct ReadingContext: Sendable {
    /// The round's goal areas.
    public let goalAreas: [GoalArea]
    let ids: [Int]
    let names: AreaNames
    let markers: AreaMarkers

    /// What the reader knows of a round with these goal areas.
    public init(_ goalAreas: [GoalArea]) {
        self.goalAreas = goalAreas
        ids = goalAreas.map(\.id)
        names = AreaNames(goalAreas)
        markers = AreaMarkers(goalAreas)
    }
}

/// The reading of one text of an answer.
struct SourceReading: Sendable {
    /// The area readings, by area.
    var areas: [Int: AreaReading] = [:]
    /// The text about no area.
    var general = ""
    /// A stance on the proposal as a whole, if the text states one.
    var wholeStance: Stance?
    /// What a person should look at.
    var flags: [ReadingFlag] = []
}

/// A stance found for an area, with how it was found.
private struct Finding {
    var area: Int
    var stance: Stance
    var decisive: Bool
    var rule: ReadingRule
    var evidence: Evidence
}

/// Reads one text of an answer.
private struct SourceReader {
    let context: ReadingContext
    let source: AnswerSource

    /// Findings that name their areas, by the rule's rank (named, heading, same sentence).
    var findings: [Finding] = []
    /// Stances for the areas named nowhere else.
    var rest: [(stance: Stance, decisive: Bool, evidence: Evidence)] = []
    /// Stances on the proposal as a whole.
    var whole: [(stance: Stance, decisive: Bool, evidence: Evidence, free: Bool)] = []
    /// Areas spoken to, with the first clause that did.
    var spokenTo: [Int: Evidence] = [:]
    /// Areas named by a mention or a heading.
    var named: Set<Int> = []
    /// Text per area, and the general text, as sentences with the block they stand in.
    var texts: [Int: [(block: Int, text: String)]] = [:]
    var generalTexts: [(block: Int, text: String)] = []

    init(context: ReadingContext, source: AnswerSource) {
        self.context = context
        self.source = source
    }

    func evidence(_ clause: some StringProtocol, page: Int, rule: ReadingRule, heading: String = "") -> Evidence {
        let text = heading.isEmpty ? AnswerReader.shortened(clause) : AnswerReader.shortened("\(heading): \(clause)")
        return Evidence(clause: text, attachment: source.attachment, page: source.attachment == nil ? nil : page, rule: rule)
    }

    mutating func read() -> SourceReading {
        let blocks = TextBlocks.blocks(source.text, markers: context.markers, names: context.names)
        let areaLists = areaListItems(blocks)
        var section: (areas: [Int], heading: String)? = source.areas.isEmpty ? nil : (source.areas, "")
        var seenContent = false
        var columns: [Int: Stance] = [:]
        var dissent = false
        for (index, block) in blocks.enumerated() {
            var blockAreas: [Int] = section?.areas ?? []
            var heading = section?.heading ?? ""
            if block.kind != .row { columns = [:] }
            if block.kind == .heading { dissent = Self.isDissentHeading(block.heading) }
            // A member's reservation or special statement in a minute is not the body's stance.
            if dissent { continue }
            switch (block.kind, block.marker) {
            case (.heading, .areas(let ids, _)?):
                section = (ids, block.heading)
                named.formUnion(ids)
                continue
            case (.heading, _):
                section = source.areas.isEmpty ? nil : (source.areas, "")
                continue
            case (.row, nil) where !(stanceColumns(block.text).isEmpty):
                // "Målområde | Tillstyrker | Avstyrker | Avstår": the columns the marks below stand for.
                columns = stanceColumns(block.text)
                continue
            case (.row, nil) where !columns.isEmpty:
                if readMarkedRow(block, columns: columns) { continue }
            case (_, .areas(let ids, _)?):
                blockAreas = ids
                heading = block.heading
                named.formUnion(ids)
                // A marker with its text on the line heads only its own paragraph.
                section = source.areas.isEmpty ? nil : (source.areas, "")
            case (_, .general?):
                blockAreas = source.areas
                heading = ""
                section = source.areas.isEmpty ? nil : (source.areas, "")
            default:
                if let number = block.number, areaLists.contains(index) {
                    blockAreas = [number]
                    heading = "\(number)."
                    named.insert(number)
                } else if block.kind == .row, let number = leadingCellNumber(block.text) {
                    blockAreas = [number]
                    named.insert(number)
                }
            }
            if !seenContent && blockAreas.isEmpty && isTrivial(block.text) { continue }
            seenContent = true
            read(block, number: index, areas: blockAreas, heading: heading)
        }
        return resolve()
    }

    /// Headings of what a minute records apart from the body's decision.
    static func isDissentHeading(_ heading: String) -> Bool {
        let words = Folding.words(heading)
        guard let first = words.first else { return false }
        return first.hasPrefix("reservation") || first == "protokollsanteckning" || first == "protokollsanteckningar"
            || (first == "sarskilt" && words.dropFirst().first?.hasPrefix("yttrande") == true) || first == "yrkanden"
    }

    /// The stance each cell of a table's header row stands for, by cell index, when the cells after the first are
    /// stance words alone ("Tillstyrker | Avstyrker | Avstår"); empty when the row is no such header.
    func stanceColumns(_ row: String) -> [Int: Stance] {
        let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { String($0.trimmingWhitespace) }
        var columns: [Int: Stance] = [:]
        for (index, cell) in cells.enumerated().dropFirst() where !cell.isEmpty {
            guard Folding.words(cell).count <= 4, let stance = StanceReader.stance(in: cell) else { return [:] }
            columns[index] = stance
        }
        return columns.count >= 2 ? columns : [:]
    }

    /// Reads a row of marks under stance columns ("Målområde 3 |  |  | X"); false when it has no mark to read.
    mutating func readMarkedRow(_ block: TextBlock, columns: [Int: Stance]) -> Bool {
        let cells = block.text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
        let marks: Set<String> = ["x", "ja", "*", "\u{2713}", "\u{2714}", "\u{2022}", "\u{25CF}", "\u{2612}"]
        let marked = cells.indices.filter { columns[$0] != nil && marks.contains(Folding.fold(cells[$0])) }
        guard marked.count == 1, let stance = columns[marked[0]], let first = cells.first else { return false }
        let words = Words(first)
        var areas = Self.areas(context.names.mentions(in: words, range: 0..<words.count).filter { $0.kind != .titleWord })
        if areas.isEmpty, let number = Int(first.filter { $0 != "." }), context.ids.contains(number) { areas = [number] }
        guard !areas.isEmpty else { return false }
        named.formUnion(areas)
        for area in areas {
            findings.append(
                Finding(
                    area: area, stance: stance, decisive: true, rule: .namedArea,
                    evidence: evidence(block.text, page: block.page, rule: .namedArea)))
        }
        return true
    }

    /// The indices of list items that number the round's areas: a list of at least two items whose numbers are
    /// areas of the round, none starting with "att" (a decision's points: "1. att tillstyrka förslaget").
    func areaListItems(_ blocks: [TextBlock]) -> Set<Int> {
        var result: Set<Int> = []
        var run: [Int] = []
        func closeRun() {
            let numbers = run.compactMap { blocks[$0].number }
            let ok =
                numbers.count >= 2 && Set(numbers).count == numbers.count && numbers.allSatisfy(context.ids.contains)
                && run.allSatisfy { Folding.words(blocks[$0].text.prefix(20)).first != "att" }
                && run.contains { StanceReader.stance(in: blocks[$0].text) != nil }
            if ok { result.formUnion(run) }
            run = []
        }
        for (index, block) in blocks.enumerated() {
            if block.kind == .item, block.number != nil {
                run.append(index)
            } else if block.kind != .paragraph || run.isEmpty {
                closeRun()
            }
        }
        closeRun()
        return result
    }

    /// The number in a table row's first cell, when it is an area of the round ("2 | Tillstyrker | …").
    func leadingCellNumber(_ row: String) -> Int? {
        let cells = row.split(separator: "|").map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        guard let first = cells.first, let number = Int(first.filter { $0 != "." }), first.count <= 3 else { return nil }
        return context.ids.contains(number) ? number : nil
    }

    /// Whether a block says nothing of its own: a greeting, an address, a reference, a lead-in.
    func isTrivial(_ text: String) -> Bool {
        let lines = TextLines.lines(text)
        guard StanceReader.stance(in: text) == nil else { return false }
        let words = Words(text)
        guard context.names.mentions(in: words, range: 0..<words.count).isEmpty else { return false }
        return lines.allSatisfy { line in
            let trimmed = line.trimmingWhitespace
            return trimmed.isEmpty || TrivialText.isGreeting(trimmed) || TrivialText.isAddress(trimmed)
                || TrivialText.isReference(trimmed) || TrivialText.isLeadIn(trimmed)
        }
    }

    /// What the pieces of a sentence read so far tell the next one.
    struct SentenceSoFar {
        /// The areas the last piece that named any named.
        var areas: [Int] = []
        /// Whether those were named by number ("målområde 1, 2 och 4"), so that a bare number may follow ("men inte 3").
        var byNumber = false
        /// The stance of the last piece that stated one.
        var stance: Stance?
    }

    /// Reads one block's sentences and pieces.
    mutating func read(_ block: TextBlock, number: Int, areas blockAreas: [Int], heading: String) {
        let words = Words(block.text)
        for sentence in words.sentences {
            var soFar = SentenceSoFar()
            var attributed: [Int] = []
            var pieceStart = sentence.lowerBound
            while pieceStart < sentence.upperBound {
                var pieceEnd = pieceStart + 1
                while pieceEnd < sentence.upperBound, words.all[pieceEnd].piece == words.all[pieceStart].piece { pieceEnd += 1 }
                let piece = pieceStart..<pieceEnd
                pieceStart = pieceEnd
                if Self.isDissent(words, sentence) { continue }
                let result = readPiece(words, piece, page: block.page, blockAreas: blockAreas, heading: heading, soFar: soFar)
                if !result.named.isEmpty {
                    soFar.areas = result.named
                    soFar.byNumber = result.byNumber
                }
                soFar.stance = result.stance ?? soFar.stance
                for area in result.attributed where !attributed.contains(area) { attributed.append(area) }
            }
            let text = String(words.text(of: sentence))
            if attributed.isEmpty {
                generalTexts.append((number, text))
            } else {
                for area in attributed { texts[area, default: []].append((number, text)) }
            }
        }
    }

    /// Whether a sentence records a member's reservation or motion rather than the body's decision: "Ledamoten X
    /// reserverar sig mot beslutet till förmån för eget yrkande om att avstyrka målområde 2."
    static func isDissent(_ words: Words, _ sentence: Range<Int>) -> Bool {
        sentence.contains { index in
            let word = words.all[index].text
            // Each of these starts with "r" or "y", which no other character is (cheaper than five comparisons).
            guard let first = word.utf8.first, first == UInt8(ascii: "r") || first == UInt8(ascii: "y") else { return false }
            return word.hasPrefix("reserver") || word.hasPrefix("reservation") || word.hasPrefix("yrkande") || word == "yrkar"
                || word == "yrkade"
        }
    }

    /// Words that may stand with area names in a clause that borrows its stance from the one before: "men inte 3",
    /// ", dock inte målområde 3", "men även målområde 4".
    static let ellipticWords: WordSet = [
        "men", "medan", "dock", "daremot", "inte", "ej", "icke", "aven", "ocksa", "heller", "och", "samt", "for", "nar", "det",
        "galler", "avseende", "betraffande", "vad", "om", "pa", "i", "till", "but", "not", "also",
    ]

    /// What reading a piece gave: the areas it named, the stance it stated, the areas its text is about.
    struct PieceResult {
        var named: [Int] = []
        var byNumber = false
        var stance: Stance?
        var attributed: [Int] = []
    }

    /// Reads one piece, in the context of its block's areas and the sentence before it.
    mutating func readPiece(
        _ words: Words, _ piece: Range<Int>, page: Int, blockAreas: [Int], heading: String, soFar: SentenceSoFar
    ) -> PieceResult {
        let clause = words.text(of: piece)
        let mentions = context.names.mentions(in: words, range: piece)
        var matches = StanceReader.matches(in: words, range: piece)
        // "Målområde 3: Nej." — a bare yes or no under an area says its stance.
        if matches.isEmpty, piece.count == 1, !blockAreas.isEmpty || !mentions.isEmpty,
            let yesNo: Stance = ["ja": .supports, "nej": .opposes, "yes": .supports, "no": .opposes][words.all[piece.lowerBound].text]
        {
            matches = [StanceMatch(stance: yesNo, isDecisive: true, start: piece.lowerBound, end: piece.upperBound)]
        }
        let scope = ScopeWords.scope(in: words, range: piece)
        var stance = StanceReader.stance(of: matches)
        let decisive = matches.contains(where: \.isDecisive)

        var strong = mentions.filter { $0.kind != .titleWord }
        // A lone title word ("tryggheten") names its area only where neither a heading nor a scope says more.
        let weak = blockAreas.isEmpty ? mentions.filter { $0.kind == .titleWord } : []
        // "men inte 3" after "målområde 1, 2 och 4": a bare number names an area too.
        if strong.isEmpty, soFar.byNumber {
            strong = piece.compactMap { index in
                let text = words.all[index].text
                guard text.count <= 2, let number = Int(text), context.ids.contains(number) else { return nil }
                return AreaMention(areas: [number], start: index, end: index + 1, kind: .number)
            }
        }
        // "tillstyrker 1 och 3": area numbers right after a stance verb.
        if strong.isEmpty { strong = numbersAfter(matches, in: words, piece) }
        let forStance = !strong.isEmpty ? strong : (scope == nil ? weak : [])
        for mention in strong + weak {
            for area in mention.areas where spokenTo[area] == nil { spokenTo[area] = evidence(clause, page: page, rule: .noStance) }
        }
        let excepted = exceptions(words, piece, forStance)
        // With an exception, the piece's own stance is the one stated before it: "inga invändningar mot förslaget,
        // förutom målområde 4, som nämnden inte kan ställa sig bakom".
        if !excepted.isEmpty, let marker = exceptionMarker(words, piece) {
            stance = StanceReader.stance(of: matches.filter { $0.start < marker }) ?? stance
        }
        let explicit = Self.areas(forStance.filter { !excepted.contains($0.start) })
        let exceptedAreas = Self.areas(forStance.filter { excepted.contains($0.start) })
        named.formUnion(Self.areas(strong + weak))
        let byNumber = forStance.contains { $0.kind == .number }

        // Areas excepted from the piece's stance take a stance stated after them: "…utom målområde 1, som nämnden avstyrker".
        for mention in forStance where excepted.contains(mention.start) {
            guard let after = matches.first(where: { $0.start >= mention.end }), let stated = after.stance else { continue }
            for area in mention.areas {
                findings.append(
                    Finding(
                        area: area, stance: stated, decisive: after.isDecisive, rule: .namedArea,
                        evidence: evidence(clause, page: page, rule: .namedArea)))
            }
        }
        if !explicit.isEmpty {
            if let stance {
                let nearest = nearestStances(words, matches, forStance.filter { !excepted.contains($0.start) })
                for area in explicit {
                    findings.append(
                        Finding(
                            area: area, stance: nearest[area] ?? stance, decisive: decisive, rule: .namedArea,
                            evidence: evidence(clause, page: page, rule: .namedArea)))
                }
                if let scope, scope.scope != .proposal, let scopeStance = self.nearest(to: scope.at, among: matches) {
                    record(scope: scope.scope, stance: scopeStance, decisive: decisive, clause: clause, page: page, free: false)
                }
                return PieceResult(named: explicit, byNumber: byNumber, stance: stance, attributed: explicit)
            }
            if let borrowed = soFar.stance, isElliptic(words, piece, forStance) {
                // The clause has no verb of its own: it takes the one before, turned round by a negation.
                let negated = piece.contains { StanceReader.negations.contains(words.all[$0].text) }
                let stated = negated ? Self.turned(borrowed) : borrowed
                for area in explicit {
                    findings.append(
                        Finding(
                            area: area, stance: stated, decisive: true, rule: .namedArea,
                            evidence: evidence(clause, page: page, rule: .namedArea)))
                }
                return PieceResult(named: explicit, byNumber: byNumber, stance: stated, attributed: explicit)
            }
            return PieceResult(named: explicit, byNumber: byNumber, stance: nil, attributed: explicit)
        }
        guard let stance else {
            if !blockAreas.isEmpty {
                for area in blockAreas where spokenTo[area] == nil {
                    spokenTo[area] = evidence(clause, page: page, rule: .noStance, heading: heading)
                }
                return PieceResult(attributed: blockAreas)
            }
            return PieceResult(named: exceptedAreas, attributed: exceptedAreas)
        }
        if let scope, scope.scope != .proposal {
            record(scope: scope.scope, stance: stance, decisive: decisive, clause: clause, page: page, free: false)
            return PieceResult(stance: stance)
        }
        if !blockAreas.isEmpty {
            for area in blockAreas {
                findings.append(
                    Finding(
                        area: area, stance: stance, decisive: decisive, rule: .areaHeading,
                        evidence: evidence(clause, page: page, rule: .areaHeading, heading: heading)))
            }
            return PieceResult(stance: stance, attributed: blockAreas)
        }
        if !soFar.areas.isEmpty && exceptedAreas.isEmpty {
            for area in soFar.areas {
                findings.append(
                    Finding(
                        area: area, stance: stance, decisive: decisive, rule: .sameSentence,
                        evidence: evidence(clause, page: page, rule: .sameSentence)))
            }
            return PieceResult(stance: stance, attributed: soFar.areas)
        }
        record(scope: .whole, stance: stance, decisive: decisive, clause: clause, page: page, free: scope == nil)
        return PieceResult(stance: stance)
    }

    /// The areas of mentions, each once, in order.
    static func areas(_ mentions: [AreaMention]) -> [Int] {
        var result: [Int] = []
        for mention in mentions {
            for area in mention.areas where !result.contains(area) { result.append(area) }
        }
        return result
    }

    /// A stance turned round by a negation: support becomes opposition and back; the others stay.
    static func turned(_ stance: Stance) -> Stance {
        switch stance {
        case .supports: .opposes
        case .opposes: .supports
        default: stance
        }
    }

    /// Whether the clause that names the areas has no verb of its own: only negations, adverbs and joints stand
    /// beside the names, up to the end of the clause of the last name.
    func isElliptic(_ words: Words, _ piece: Range<Int>, _ mentions: [AreaMention]) -> Bool {
        guard let last = mentions.last else { return false }
        let clause = words.all[last.start].clause
        let named = Set(mentions.flatMap { Array($0.start..<$0.end) })
        return piece.allSatisfy { index in
            guard words.all[index].clause <= clause else { return true }
            return named.contains(index) || Self.ellipticWords.contains(words.all[index].text)
                || AreaNames.keywords.contains(words.all[index].text)
        }
    }

    /// The stance of the wording nearest to a word, for a scope in a piece that states several.
    func nearest(to index: Int, among matches: [StanceMatch]) -> Stance? {
        matches.min { abs($0.start - index) < abs($1.start - index) }?.stance
    }

    /// Records a stance for the areas named nowhere else, or for the proposal as a whole.
    mutating func record(scope: Scope, stance: Stance, decisive: Bool, clause: Substring, page: Int, free: Bool) {
        if scope == .rest {
            rest.append((stance, decisive, evidence(clause, page: page, rule: .restOfAreas)))
        } else {
            whole.append((stance, decisive, evidence(clause, page: page, rule: .wholeProposal), free))
        }
    }

    /// The mentions (by their first word) that stand after "utom", "förutom", "med undantag för": they are
    /// excepted from the piece's stance.
    func exceptions(_ words: Words, _ piece: Range<Int>, _ mentions: [AreaMention]) -> Set<Int> {
        guard let marker = exceptionMarker(words, piece) else { return [] }
        return Set(mentions.filter { $0.start > marker }.map(\.start))
    }

    /// Where "utom", "förutom", "med undantag för" stands in a piece.
    func exceptionMarker(_ words: Words, _ piece: Range<Int>) -> Int? {
        piece.first { Self.exceptionMarkers.contains(words.all[$0].text) }
    }

    /// The words that except areas from a piece's stance.
    static let exceptionMarkers: WordSet = ["utom", "forutom", "undantag", "undantaget", "except", "excluding"]

    /// Area numbers that stand right after a stance verb, as its object: "tillstyrker 1 och 3".
    func numbersAfter(_ matches: [StanceMatch], in words: Words, _ piece: Range<Int>) -> [AreaMention] {
        var found: [AreaMention] = []
        for match in matches {
            var index = match.end
            while index < piece.upperBound {
                let text = words.all[index].text
                if let number = Int(text), text.count <= 2, context.ids.contains(number), context.names.number(words, at: index) != nil {
                    found.append(AreaMention(areas: [number], start: index, end: index + 1, kind: .number))
                } else if !(AreaNames.joinWords.contains(text) && !found.isEmpty) {
                    break
                }
                index += 1
            }
        }
        return found
    }

    /// When a piece states different stances, each named area takes the nearest one before it, else the first
    /// after it: "tillstyrker målområde 1 och avstyrker målområde 2".
    func nearestStances(_ words: Words, _ matches: [StanceMatch], _ mentions: [AreaMention]) -> [Int: Stance] {
        let stances = Set(matches.compactMap(\.stance))
        guard stances.count > 1 else { return [:] }
        var result: [Int: Stance] = [:]
        for mention in mentions {
            let before = matches.last { $0.start < mention.start }
            let after = matches.first { $0.start >= mention.end }
            // A relative clause after the area ("…målområde 3, som nämnden avstyrker") binds closer than a verb before.
            let chosen: StanceMatch?
            let relative: Set<String> = ["som", "vilket", "vilka", "vilken", "which"]
            if let after, before != nil, after.start - mention.end <= 4,
                (mention.end..<after.start).contains(where: { relative.contains(words.all[$0].text) })
            {
                chosen = after
            } else {
                chosen = before ?? after
            }
            if let stance = chosen?.stance {
                for area in mention.areas { result[area] = stance }
            }
        }
        return result
    }

    /// Each area's stance, from the findings in their order of rank.
    func resolve() -> SourceReading {
        var reading = SourceReading()
        let ranks: [ReadingRule] = [.namedArea, .areaHeading, .sameSentence]
        for area in context.ids {
            let own = findings.filter { $0.area == area }
            if let rank = ranks.first(where: { rule in own.contains { $0.rule == rule } }) {
                let level = own.filter { $0.rule == rank }
                let chosen = level.first(where: \.decisive) ?? level[0]
                if let other = level.first(where: { $0.decisive && $0.stance != chosen.stance }) {
                    reading.flags.append(
                        .contradiction(
                            area: area, taken: chosen.evidence, other: other.evidence, takenStance: chosen.stance,
                            otherStance: other.stance))
                }
                reading.areas[area] = AreaReading(area: area, stance: chosen.stance, text: text(area), evidence: chosen.evidence)
            } else if !named.contains(area), let chosen = rest.first(where: \.decisive) ?? rest.first {
                reading.areas[area] = AreaReading(area: area, stance: chosen.stance, text: text(area), evidence: chosen.evidence)
            } else if let chosen = whole.first(where: \.decisive) ?? whole.first {
                var evidence = chosen.evidence
                if named.isEmpty { evidence.rule = .onlyStance }
                reading.areas[area] = AreaReading(area: area, stance: chosen.stance, text: text(area), evidence: evidence)
            } else if let evidence = spokenTo[area] {
                reading.areas[area] = AreaReading(area: area, stance: .unstated, text: text(area), evidence: evidence)
            }
        }
        reading.wholeStance = (whole.first(where: \.decisive) ?? whole.first)?.stance
        if named.count >= 2, let free = whole.first(where: \.free) {
            reading.flags.append(.stanceWithoutArea(stance: free.stance, evidence: free.evidence))
        }
        reading.general = Self.join(generalTexts)
        return reading
    }

    /// The sentences about an area, joined.
    func text(_ area: Int) -> String {
        Self.join(texts[area] ?? [])
    }

    /// Sentences joined: by a space within a block, by a blank line between blocks.
    static func join(_ sentences: [(block: Int, text: String)]) -> String {
        var result = ""
        var lastBlock: Int?
        for sentence in sentences {
            if let lastBlock { result += lastBlock == sentence.block ? " " : "\n\n" }
            result += sentence.text
            lastBlock = sentence.block
        }
        return result
    }
}
