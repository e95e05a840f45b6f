import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The paragraph styles of a DOCX (`word/styles.xml`): which are headings and which are lists.
struct DOCXStyles {
    struct Style {
        var name = ""
        var basedOn: String?
        var outlineLevel: Int?
        var numberingID: String?
        var level: Int?
    }

    var styles: [String: Style] = [:]

    /// Whether paragraphs of the style are headings: an outline level on the style or one it is based on, or
    /// a heading's name ("Heading 1", "Rubrik 1", "Title", "Rubrik", "Subtitle", "Underrubrik").
    func isHeading(_ id: String) -> Bool {
        chain(id).contains { style in
            style.outlineLevel.map { (0...8).contains($0) } ?? false || Self.isHeadingName(style.name)
        } || Self.isHeadingName(id)
    }

    /// Whether the style's name marks list paragraphs ("List Bullet", "List Number", "List Paragraph", "Liststycke", "Punktlista").
    func isListStyle(_ id: String) -> Bool {
        (chain(id).map(\.name) + [id]).contains { name in
            let folded = Self.fold(name)
            return folded.hasPrefix("list") || folded.hasPrefix("punktlista") || folded.hasPrefix("numreradlista")
        }
    }

    /// The numbering (list) the style gives its paragraphs, from the style or one it is based on.
    func numbering(_ id: String) -> (id: String, level: Int)? {
        for style in chain(id) {
            if let numberingID = style.numberingID { return (numberingID, style.level ?? 0) }
        }
        return nil
    }

    /// The style and those it is based on, nearest first; at most ten, so a loop ends.
    private func chain(_ id: String) -> [Style] {
        var result: [Style] = []
        var next: String? = id
        while let current = next, result.count < 10, let style = styles[current] {
            result.append(style)
            next = style.basedOn
        }
        return result
    }

    private static func isHeadingName(_ name: String) -> Bool {
        let folded = fold(name)
        if ["title", "subtitle", "rubrik", "underrubrik"].contains(folded) { return true }
        for prefix in ["heading", "rubrik"] where folded.hasPrefix(prefix) {
            let number = folded.dropFirst(prefix.count)
            return !number.isEmpty && number.allSatisfy(\.isNumber)
        }
        return false
    }

    private static func fold(_ name: String) -> String {
        name.lowercased().filter { !$0.isWhitespace }
    }

    /// Reads `word/styles.xml`.
    static func parse(_ data: Data) throws(OfficeXML.Failure) -> DOCXStyles {
        let reader = Reader()
        try OfficeXML.parse(data, with: reader)
        return DOCXStyles(styles: reader.styles)
    }

    private final class Reader: OfficeXMLDelegate {
        var styles: [String: Style] = [:]
        private var current: (id: String, style: Style)?

        override func start(_ elementName: String, attributes: [String: String]) {
            let value = Self.attribute("val", in: attributes)
            switch elementName {
            case "style":
                let isParagraph = Self.attribute("type", in: attributes) == "paragraph"
                current = isParagraph ? Self.attribute("styleId", in: attributes).map { ($0, Style()) } : nil
            case "name": current?.style.name = value ?? ""
            case "basedOn": current?.style.basedOn = value
            case "outlineLvl": current?.style.outlineLevel = value.flatMap { Int($0) }
            case "numId": current?.style.numberingID = value
            case "ilvl": current?.style.level = value.flatMap { Int($0) }
            default: break
            }
        }

        override func end(_ elementName: String) {
            if elementName == "style", let current {
                styles[current.id] = current.style
                self.current = nil
            }
        }
    }
}

/// The numbering definitions of a DOCX (`word/numbering.xml`) and the counters of the lists in a document.
struct DOCXNumbering {
    struct Level {
        var format = "decimal"
        var text = "%1."
        var start = 1
    }

    /// Abstract numbering id → its levels.
    var abstracts: [String: [Int: Level]] = [:]
    /// Numbering id → (abstract id, start overrides by level).
    var instances: [String: (abstract: String, starts: [Int: Int])] = [:]
    private var counters: [String: [Int]] = [:]

    /// The marker of the next item of list `id` at `level`: "-" for a bullet, "2." or "1.3." for a number; nil for no list.
    mutating func nextMarker(id: String, level: Int) -> String? {
        guard id != "0" else { return nil }
        let level = min(max(level, 0), 8)
        guard let instance = instances[id], let levels = abstracts[instance.abstract] else { return "-" }
        func start(_ level: Int) -> Int { instance.starts[level] ?? levels[level]?.start ?? 1 }
        var counts = counters[id] ?? (0...8).map { start($0) - 1 }
        counts[level] += 1
        for deeper in stride(from: level + 1, through: 8, by: 1) { counts[deeper] = start(deeper) - 1 }
        counters[id] = counts
        let definition = levels[level] ?? Level()
        guard !["bullet", "none"].contains(definition.format) else { return "-" }
        var marker = definition.text
        for number in (1...9).reversed() {
            let shown = counts[number - 1] < start(number - 1) ? start(number - 1) : counts[number - 1]
            marker = marker.replacingOccurrences(of: "%\(number)", with: Self.format(shown, levels[number - 1]?.format ?? "decimal"))
        }
        marker = DocumentText.oneLine(marker)
        if marker.hasPrefix("(") { marker.removeFirst() }
        if marker.hasSuffix(")") { marker = String(marker.dropLast()) + "." }
        if let last = marker.last, last.isLetter || last.isNumber { marker += "." }
        return marker.isEmpty || marker == "." ? "-" : marker
    }

    /// A counter in a numbering format: decimal, letters or Roman numerals.
    static func format(_ number: Int, _ format: String) -> String {
        switch format {
        case "lowerLetter", "upperLetter":
            var letters = ""
            var rest = max(number, 1)
            while rest > 0 {
                rest -= 1
                letters = String(UnicodeScalar(UInt8(97 + rest % 26))) + letters
                rest /= 26
            }
            return format == "upperLetter" ? letters.uppercased() : letters
        case "lowerRoman", "upperRoman":
            let numerals = [
                (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                (5, "v"), (4, "iv"), (1, "i"),
            ]
            var rest = min(max(number, 1), 3999)
            var roman = ""
            for (value, numeral) in numerals {
                while rest >= value {
                    roman += numeral
                    rest -= value
                }
            }
            return format == "upperRoman" ? roman.uppercased() : roman
        case "decimalZero":
            return number < 10 ? "0\(number)" : "\(number)"
        default:
            return "\(number)"
        }
    }

    /// Reads `word/numbering.xml`.
    static func parse(_ data: Data) throws(OfficeXML.Failure) -> DOCXNumbering {
        let reader = Reader()
        try OfficeXML.parse(data, with: reader)
        return DOCXNumbering(abstracts: reader.abstracts, instances: reader.instances)
    }

    private final class Reader: OfficeXMLDelegate {
        var abstracts: [String: [Int: Level]] = [:]
        var instances: [String: (abstract: String, starts: [Int: Int])] = [:]
        private var abstract: String?
        private var level: Int?
        private var instance: String?
        private var overrideLevel: Int?

        override func start(_ elementName: String, attributes: [String: String]) {
            let value = Self.attribute("val", in: attributes)
            switch elementName {
            case "abstractNum":
                abstract = Self.attribute("abstractNumId", in: attributes)
            case "lvl" where abstract != nil:
                level = Self.attribute("ilvl", in: attributes).flatMap { Int($0) }
                if let abstract, let level { abstracts[abstract, default: [:]][level] = Level() }
            case "numFmt", "lvlText", "start":
                guard let abstract, let level, let value else { break }
                if elementName == "numFmt" { abstracts[abstract]?[level]?.format = value }
                if elementName == "lvlText" { abstracts[abstract]?[level]?.text = value }
                if elementName == "start" { abstracts[abstract]?[level]?.start = Int(value) ?? 1 }
            case "num":
                instance = Self.attribute("numId", in: attributes)
            case "abstractNumId" where instance != nil:
                if let instance, let value { instances[instance] = (value, [:]) }
            case "lvlOverride":
                overrideLevel = Self.attribute("ilvl", in: attributes).flatMap { Int($0) }
            case "startOverride":
                if let instance, let overrideLevel, let value, let start = Int(value) { instances[instance]?.starts[overrideLevel] = start }
            default:
                break
            }
        }

        override func end(_ elementName: String) {
            switch elementName {
            case "abstractNum": abstract = nil
            case "lvl": level = nil
            case "num": instance = nil
            case "lvlOverride": overrideLevel = nil
            default: break
            }
        }
    }
}
