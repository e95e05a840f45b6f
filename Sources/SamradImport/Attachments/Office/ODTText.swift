import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text of an ODT: `content.xml`, with `styles.xml` for list styles and page breaks.
///
/// Headings are `text:h`; list items are the paragraphs of a `text:list-item` (numbered when the list's
/// style numbers that level); tables are `table:table-row` and `table:table-cell`; `text:tab`, `text:s` and
/// `text:line-break` are a space, spaces and a line break; a page break is a paragraph style's
/// `fo:break-before`/`fo:break-after="page"` (`text:soft-page-break` is only where the page happened to end).
/// Notes, annotations, tracked changes and generated indexes are left out.
enum ODTText {
    static func read(_ archive: OfficeArchive, limits: AttachmentText.Limits) throws(OfficeText.Failure) -> AttachmentReading {
        guard let content = try archive.part("content.xml") else { throw .damaged("it holds no content.xml") }
        let reader = Reader(limit: limits.maxTextBytes)
        if let styles = try archive.part("styles.xml") {
            try OfficeText.parse("styles.xml") { () throws(OfficeXML.Failure) in try OfficeXML.parse(styles, with: reader) }
        }
        try OfficeText.parse("content.xml") { () throws(OfficeXML.Failure) in try OfficeXML.parse(content, with: reader) }
        let result = reader.flow.text.result
        return .text(result.text, pages: result.pages)
    }

    /// How a list style shows one level: numbered (with its first number) or not.
    private struct ListLevel {
        var isNumbered: Bool
        var start: Int
    }

    /// An open `text:list`: its style and the count of its items.
    private struct List {
        var style: String?
        var count = 0
    }

    /// An open `text:list-item`: its marker and the text of its paragraphs so far.
    private struct Item {
        var marker: String
        var text = ""
    }

    private final class Reader: OfficeXMLDelegate {
        var flow: DocumentFlow
        private var listStyles: [String: [Int: ListLevel]] = [:]
        private var pageBreakStyles: [String: (before: Bool, after: Bool)] = [:]
        private var listStyle: String?
        private var paragraphStyle: String?
        private var lists: [List] = []
        private var items: [Item?] = []
        private var paragraphs: [(isHeading: Bool, style: String?)] = []
        private var skipDepth = 0
        private var inBody = false

        private static let skipped: Set<String> = [
            "note", "annotation", "tracked-changes", "table-of-content", "alphabetical-index", "illustration-index",
            "table-index", "object-index", "user-index", "bibliography", "note-citation",
        ]

        init(limit: Int) {
            flow = DocumentFlow(limit: limit)
        }

        override func start(_ elementName: String, attributes: [String: String]) {
            if skipDepth > 0 || (inBody && Self.skipped.contains(elementName)) {
                skipDepth += 1
                return
            }
            switch elementName {
            case "body":
                inBody = true
            case "list-style":
                listStyle = Self.attribute("name", in: attributes)
            case "list-level-style-number", "list-level-style-bullet", "list-level-style-image":
                guard let listStyle, let level = Self.attribute("level", in: attributes).flatMap({ Int($0) }) else { break }
                let format = Self.attribute("num-format", in: attributes) ?? ""
                let isNumbered = elementName == "list-level-style-number" && !format.isEmpty
                let start = Self.attribute("start-value", in: attributes).flatMap { Int($0) } ?? 1
                listStyles[listStyle, default: [:]][level] = ListLevel(isNumbered: isNumbered, start: start)
            case "style" where !inBody:
                paragraphStyle = Self.attribute("family", in: attributes) == "paragraph" ? Self.attribute("name", in: attributes) : nil
                if let paragraphStyle, Self.attribute("master-page-name", in: attributes).map({ !$0.isEmpty }) == true {
                    pageBreakStyles[paragraphStyle, default: (false, false)].before = true
                }
            case "paragraph-properties" where !inBody:
                guard let paragraphStyle else { break }
                if Self.attribute("break-before", in: attributes) == "page" {
                    pageBreakStyles[paragraphStyle, default: (false, false)].before = true
                }
                if Self.attribute("break-after", in: attributes) == "page" {
                    pageBreakStyles[paragraphStyle, default: (false, false)].after = true
                }
            case "p" where inBody, "h" where inBody:
                let style = Self.attribute("style-name", in: attributes)
                if let style, pageBreakStyles[style]?.before == true { flow.pageBreak() }
                paragraphs.append((elementName == "h", style))
                flow.beginParagraph()
            case "list" where inBody:
                // A list without a style of its own continues its parent's.
                lists.append(List(style: Self.attribute("style-name", in: attributes) ?? lists.last?.style))
            case "list-item", "list-header":
                startItem(counted: elementName == "list-item")
            case "tab" where inBody:
                flow.append("\t")
            case "s" where inBody:
                flow.append(" ")
            case "line-break" where inBody:
                flow.lineBreak()
            case "table" where inBody:
                flow.beginTable()
            case "table-row":
                flow.beginRow()
            case "table-cell", "covered-table-cell":
                flow.beginCell()
            default:
                break
            }
        }

        override func characters(_ string: String) {
            if skipDepth == 0, flow.inParagraph { flow.append(string) }
        }

        override func end(_ elementName: String) {
            if skipDepth > 0 {
                skipDepth -= 1
                return
            }
            switch elementName {
            case "list-style": listStyle = nil
            case "style": paragraphStyle = nil
            case "p", "h": endParagraph()
            case "list": _ = lists.popLast()
            case "list-item", "list-header": endItem()
            case "table-cell", "covered-table-cell": flow.endCell()
            case "table-row": flow.endRow()
            case "table": flow.endTable()
            default: break
            }
            if flow.isFull { stop() }
        }

        private func startItem(counted: Bool) {
            // A nested list's first item ends the text of the item it stands in: each item is one line.
            if let open = items.last, let item = open {
                flow.emit(item.text) { .listItem(marker: item.marker, text: $0) }
                items[items.count - 1] = Item(marker: item.marker)
            }
            guard !lists.isEmpty else {
                items.append(Item(marker: "-"))
                return
            }
            let depth = lists.count
            let level = lists.last?.style.flatMap { listStyles[$0]?[depth] }
            if counted { lists[lists.count - 1].count += 1 }
            let number = (level?.start ?? 1) + lists[lists.count - 1].count - 1
            items.append(Item(marker: level?.isNumbered == true && counted ? "\(number)." : "-"))
        }

        private func endItem() {
            guard let open = items.popLast(), let item = open else { return }
            flow.emit(item.text) { .listItem(marker: item.marker, text: $0) }
        }

        private func endParagraph() {
            guard let paragraph = paragraphs.popLast(), let text = flow.endParagraph() else { return }
            if let open = items.last, var item = open {
                let line = DocumentText.oneLine(text)
                if !line.isEmpty { item.text += item.text.isEmpty ? line : " " + line }
                items[items.count - 1] = item
            } else {
                flow.emit(text) { paragraph.isHeading ? .heading($0) : .paragraph($0) }
            }
            if let style = paragraph.style, pageBreakStyles[style]?.after == true { flow.pageBreak() }
        }
    }
}
