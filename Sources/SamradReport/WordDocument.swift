import Foundation
import ZIPFoundation

/// A Word document (WordprocessingML, `.docx`) built from headings, paragraphs and tables, written as a ZIP archive.
///
/// ```swift
/// var document = WordDocument(title: "Sammanställning")
/// document.heading("Målområde 1", level: 1)
/// document.paragraph("Nämnden tillstyrker.")
/// document.table(header: ["Ställningstagande", "Antal"], rows: [["tillstyrker", "3"]])
/// let data = try document.data()
/// ```
///
/// Every text is written as text: XML's special characters are escaped and characters XML 1.0 cannot hold (C0
/// controls other than tab and line breaks, U+FFFE, U+FFFF, lone surrogates) are left out, so no outside text can add
/// markup, fields or hyperlinks. Parts are written in a fixed order with a fixed date, so the same document gives the
/// same bytes.
struct WordDocument {
    /// The document's title, in its properties.
    let title: String
    /// The body's XML, paragraph by paragraph.
    private var body: [String] = []

    init(title: String) {
        self.title = title
    }

    /// A heading: level 0 is the title, 1–3 the headings Word's navigation pane shows.
    mutating func heading(_ text: String, level: Int) {
        body.append(paragraphXML(text, style: level == 0 ? "Title" : "Heading\(min(level, 3))"))
    }

    /// A paragraph; line breaks in the text are kept as line breaks.
    mutating func paragraph(_ text: String, style: String? = nil, italic: Bool = false) {
        body.append(paragraphXML(text, style: style, italic: italic))
    }

    /// A table with a header row that repeats on every page.
    mutating func table(header: [String], rows: [[String]]) {
        var xml = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>"
        xml += String(repeating: "<w:gridCol/>", count: header.count) + "</w:tblGrid>"
        xml += "<w:tr><w:trPr><w:tblHeader/></w:trPr>" + header.map { cell($0, bold: true) }.joined() + "</w:tr>"
        for row in rows {
            xml += "<w:tr>" + row.map { cell($0, bold: false) }.joined() + "</w:tr>"
        }
        body.append(xml + "</w:tbl>")
        body.append("<w:p/>")
    }

    /// The document as the bytes of a `.docx` file.
    func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.packageRelationships),
            ("docProps/core.xml", coreProperties), ("word/_rels/document.xml.rels", Self.documentRelationships),
            ("word/styles.xml", Self.styles), ("word/document.xml", documentXML),
        ]
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: Self.fixedDate,
                compressionMethod: .deflate
            ) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    // MARK: - Parts

    /// 1 January 2000: a fixed date for every entry, so the bytes do not depend on when they were written.
    private static let fixedDate = Date(timeIntervalSince1970: 946_684_800)

    private var documentXML: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body.joined())\
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" \
        w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
    }

    private var coreProperties: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
        xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(Self.escape(title))</dc:title><dc:language>sv-SE</dc:language>\
        </cp:coreProperties>
        """
    }

    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """

    private static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" \
        Target="docProps/core.xml"/>\
        </Relationships>
        """

    private static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    private static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="22"/>\
        <w:lang w:val="sv-SE"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault>\
        </w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
        <w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:pPr><w:keepNext/><w:pageBreakBefore/><w:spacing w:before="240" w:after="120"/>\
        <w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>\
        <w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr>\
        <w:rPr><w:b/><w:sz w:val="23"/></w:rPr></w:style>\
        <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/>\
        <w:pPr><w:ind w:left="567"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>\
        <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>\
        <w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        <w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>\
        </w:tblBorders></w:tblPr></w:style>\
        </w:styles>
        """

    // MARK: - Text

    private func paragraphXML(_ text: String, style: String?, italic: Bool = false) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(properties)\(runs(text, bold: false, italic: italic))</w:p>"
    }

    private func cell(_ text: String, bold: Bool) -> String {
        "<w:tc><w:p>\(runs(text, bold: bold, italic: false))</w:p></w:tc>"
    }

    /// Runs of text with a line break for each line break in it.
    private func runs(_ text: String, bold: Bool, italic: Bool) -> String {
        let format = (bold ? "<w:b/>" : "") + (italic ? "<w:i/>" : "")
        let properties = format.isEmpty ? "" : "<w:rPr>\(format)</w:rPr>"
        // CR LF, CR and LF break a line; other line-ending characters (VT, NEL, U+2028) are dropped or kept as text.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let content = lines.map { "<w:t xml:space=\"preserve\">\(Self.escape($0))</w:t>" }.joined(separator: "<w:br/>")
        return "<w:r>\(properties)\(content)</w:r>"
    }

    /// The text with XML's special characters escaped and the characters XML 1.0 cannot hold left out.
    static func escape(_ text: some StringProtocol) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t": result.unicodeScalars.append(scalar)
            default:
                if dropped(scalar) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether a character is left out of the document: controls XML 1.0 cannot hold (line breaks are written as
    /// breaks, tabs as tabs), C1 controls, noncharacters and direction overrides that could reorder the text shown.
    static func dropped(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value == 0x09 || value == 0x0A || value == 0x0D { return false }
        if value < 0x20 || value == 0xFFFE || value == 0xFFFF || (0x7F...0x9F).contains(value) { return true }
        return (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
