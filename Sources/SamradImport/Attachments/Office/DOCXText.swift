import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text of a DOCX: `word/document.xml`, with `styles.xml` for headings and lists and `numbering.xml` for numbers.
///
/// Read as Word shows it: the text of runs (`w:t`), tabs, line breaks, and page breaks (`w:br w:type="page"`,
/// "page break before", a section that starts a new page) — not `w:lastRenderedPageBreak`, which is only where
/// the page happened to end when the file was saved. Deleted text of tracked changes, field codes, the
/// fallback copies of drawings and hidden text are left out. Headings are paragraphs whose style (or a style
/// it is based on) has an outline level or a heading's name; list items are paragraphs with numbering or a
/// list style; a numbered item or heading keeps the number Word shows for it.
enum DOCXText {
    static func read(_ archive: OfficeArchive, limits: AttachmentText.Limits) throws(OfficeText.Failure) -> AttachmentReading {
        var styles = DOCXStyles()
        var numbering = DOCXNumbering()
        if let data = try archive.part("word/styles.xml") {
            styles = try OfficeText.parse("word/styles.xml") { () throws(OfficeXML.Failure) in try DOCXStyles.parse(data) }
        }
        if let data = try archive.part("word/numbering.xml") {
            numbering = try OfficeText.parse("word/numbering.xml") { () throws(OfficeXML.Failure) in try DOCXNumbering.parse(data) }
        }
        guard let document = try archive.part("word/document.xml") else {
            throw .damaged("it holds no word/document.xml")
        }
        let reader = Reader(styles: styles, numbering: numbering, limit: limits.maxTextBytes)
        try OfficeText.parse("word/document.xml") { () throws(OfficeXML.Failure) in try OfficeXML.parse(document, with: reader) }
        let result = reader.flow.text.result
        return .text(result.text, pages: result.pages)
    }

    /// What a paragraph's properties say, gathered until the paragraph ends.
    private struct Paragraph {
        var style: String?
        var numberingID: String?
        var level: Int?
        var outlineLevel: Int?
        var pageBreakBefore = false
        var newPageAfter = false
    }

    private final class Reader: OfficeXMLDelegate {
        let styles: DOCXStyles
        var numbering: DOCXNumbering
        var flow: DocumentFlow
        private var paragraphs: [Paragraph] = []
        /// Above 0 inside what Word does not show: deleted text, field codes, drawing fallbacks, tab stops.
        private var skipDepth = 0
        private var inText = false
        private var propertiesDepth = 0
        private var inSection = false
        private var inRunProperties = false
        /// Set in a run whose text is hidden (`w:vanish`), until the run ends.
        private var skipRun = false

        private static let skipped: Set<String> = [
            "del", "moveFrom", "delText", "instrText", "Fallback", "tabs", "footnoteReference", "endnoteReference",
            "commentReference", "annotationRef", "sym",
        ]

        init(styles: DOCXStyles, numbering: DOCXNumbering, limit: Int) {
            self.styles = styles
            self.numbering = numbering
            flow = DocumentFlow(limit: limit)
        }

        override func start(_ elementName: String, attributes: [String: String]) {
            if skipDepth > 0 || Self.skipped.contains(elementName) {
                skipDepth += 1
                return
            }
            let value = Self.attribute("val", in: attributes)
            switch elementName {
            case "p":
                paragraphs.append(Paragraph())
                flow.beginParagraph()
            case "pPr":
                propertiesDepth += 1
            case "rPr":
                inRunProperties = true
            case "vanish" where inRunProperties && propertiesDepth == 0 && value != "0" && value != "false":
                // Hidden text: the run's text is not shown.
                skipRun = true
            case "pStyle" where propertiesDepth > 0:
                setLast { $0.style = value }
            case "numId" where propertiesDepth > 0 && !inSection:
                setLast { $0.numberingID = value }
            case "ilvl" where propertiesDepth > 0:
                setLast { $0.level = value.flatMap { Int($0) } }
            case "outlineLvl" where propertiesDepth > 0:
                setLast { $0.outlineLevel = value.flatMap { Int($0) } }
            case "pageBreakBefore" where propertiesDepth > 0:
                setLast { $0.pageBreakBefore = value != "0" && value != "false" }
            case "sectPr" where propertiesDepth > 0:
                inSection = true
                setLast { $0.newPageAfter = true }
            case "type" where inSection:
                if value == "continuous" || value == "nextColumn" { setLast { $0.newPageAfter = false } }
            case "t":
                inText = true
            case "tab" where propertiesDepth == 0:
                flow.append("\t")
            case "br":
                let type = Self.attribute("type", in: attributes)
                if type == "page" {
                    flow.pageBreak()
                } else if type == "column" {
                    flow.append(" ")
                } else {
                    flow.lineBreak()
                }
            case "cr":
                flow.lineBreak()
            case "noBreakHyphen":
                flow.append("-")
            case "tbl":
                flow.beginTable()
            case "tr":
                flow.beginRow()
            case "tc":
                flow.beginCell()
            default:
                break
            }
        }

        override func characters(_ string: String) {
            if inText, skipDepth == 0, !skipRun { flow.append(string) }
        }

        override func end(_ elementName: String) {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            switch elementName {
            case "t": inText = false
            case "r": skipRun = false
            case "rPr": inRunProperties = false
            case "pPr": propertiesDepth = max(0, propertiesDepth - 1)
            case "sectPr": inSection = false
            case "p": endParagraph()
            case "tc": flow.endCell()
            case "tr": flow.endRow()
            case "tbl": flow.endTable()
            default: break
            }
            if flow.isFull { stop() }
        }

        private func setLast(_ change: (inout Paragraph) -> Void) {
            guard !paragraphs.isEmpty else { return }
            change(&paragraphs[paragraphs.count - 1])
        }

        private func endParagraph() {
            guard let paragraph = paragraphs.popLast() else { return }
            let style = paragraph.style ?? ""
            var marker: String?
            if let id = paragraph.numberingID {
                marker = numbering.nextMarker(id: id, level: paragraph.level ?? 0)
            } else if let styled = styles.numbering(style) {
                marker = numbering.nextMarker(id: styled.id, level: paragraph.level ?? styled.level)
            } else if !style.isEmpty, styles.isListStyle(style) {
                marker = "-"
            }
            let isHeading = paragraph.outlineLevel.map { (0...8).contains($0) } ?? styles.isHeading(style)
            guard let text = flow.endParagraph(marker: marker) else { return }
            if paragraph.pageBreakBefore, !DocumentText.oneLine(text).isEmpty { flow.pageBreak() }
            flow.emit(text) { part in
                if isHeading { return .heading(marker.map { $0 == "-" ? part : "\($0) \(part)" } ?? part) }
                if let marker { return .listItem(marker: marker, text: part) }
                return .paragraph(part)
            }
            if paragraph.newPageAfter { flow.pageBreak() }
        }
    }
}
