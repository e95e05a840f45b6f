import Foundation
import Testing

@testable import SamradCore
@testable import SamradReport

/// The four renderers of the compilation, checked against golden files, independent parsers
/// (html5lib, cmark-gfm, Python's csv and jsonschema) and headless Chromium.
@Suite struct ReportRendererTests {
    let report: ConsultationReport
    let hostile: ConsultationReport

    init() throws {
        report = try HemstaReport.make()
        hostile = try HostileReport.make()
    }

    // MARK: - Golden files

    @Test func markdownMatchesGoldenFile() throws {
        try Golden.check(Data(MarkdownReport.render(report).utf8), file: "report.md")
    }

    @Test func csvMatchesGoldenFile() throws {
        try Golden.check(CSVReport.render(report), file: "report.csv")
    }

    @Test func jsonMatchesGoldenFile() throws {
        try Golden.check(try JSONReport.render(report), file: "report.json")
    }

    @Test func renderingIsDeterministic() throws {
        #expect(MarkdownReport.render(report) == MarkdownReport.render(report))
        #expect(HTMLReport.render(report) == HTMLReport.render(report))
        #expect(CSVReport.render(report) == CSVReport.render(report))
        #expect(try JSONReport.render(report) == JSONReport.render(report))
    }

    @Test func anEmptyRoundRendersInEveryFormat() throws {
        let empty = ConsultationReport(
            round: report.round, generatedAt: report.generatedAt, recipients: [], areas: [], general: [], notAnswered: [],
            answeredLate: [], matrix: [], timeline: [], responsesOverTime: [])
        let markdown = MarkdownReport.render(empty)
        #expect(markdown.contains("Inga synpunkter utan målområde.") && markdown.contains("Inga svar har kommit in."))
        let csv = String(decoding: CSVReport.render(empty).dropFirst(3), as: UTF8.self)
        #expect(csv == CSVReport.header.joined(separator: ";") + "\r\n")
        _ = try JSONReport.render(empty)
        let html = HTMLReport.render(empty)
        #expect(!html.contains("nan\"") && !html.contains("inf\""))
        guard let facts = try HTMLFacts.parse(html, strict: true) else { return }
        #expect(facts.errors.isEmpty)
        #expect(facts.svgs.count == 2)
    }

    // MARK: - Markdown

    /// The headings every rendering must have, in order, as (level, text).
    private func expectedHeadings(_ report: ConsultationReport, contributionLevel: Int) -> [(Int, String)] {
        func heading(_ item: ConsultationReport.Contribution, _ level: Int) -> (Int, String) {
            (
                level,
                "\(item.registration ?? "Utan diarienummer") · \(item.body.name) · \(item.stance.swedish) · "
                    + LocalDate(containing: item.date).swedish
            )
        }
        var headings = [(1, "Sammanställning: \(report.round.title) (Dnr \(report.round.reference))")]
        for area in report.areas {
            headings.append((2, "Målområde \(area.goalArea.id). \(area.goalArea.title)"))
            headings += [(3, "Ställningstaganden"), (3, "Bidrag")]
            headings += area.contributions.map { heading($0, contributionLevel) }
        }
        headings.append((2, "Synpunkter utan målområde"))
        headings += report.general.map { heading($0, contributionLevel - 1) }
        headings += ["Nämnder och bolag som inte har svarat", "Sena svar", "Status per målområde", "Tidslinje", "Svar över tid"]
            .map { (2, $0) }
        return headings
    }

    /// The Markdown as GitHub would show it: cmark-gfm with its table, strikethrough and autolink
    /// extensions and raw HTML let through (`--unsafe`), parsed by html5lib.
    private func renderedMarkdown(_ report: ConsultationReport) throws -> HTMLFacts? {
        guard let cmark = ExternalTool.require("cmark-gfm", install: "apt-get install cmark-gfm") else { return nil }
        let html = try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("report.md")
            try Data(MarkdownReport.render(report).utf8).write(to: file)
            let run = try cmark.run(
                ["--unsafe", "-e", "table", "-e", "strikethrough", "-e", "autolink", file.path], in: directory)
            #expect(run.status == 0, "cmark-gfm failed: \(run.errors)")
            return run.text
        }
        return try HTMLFacts.parse(html, fragment: true, strict: false)
    }

    @Test func markdownHasTheReportsStructure() throws {
        let markdown = MarkdownReport.render(report)
        #expect(markdown.hasPrefix("# Sammanställning: Nya mål för mandatperioden (Dnr KS 2019/017)\n"))
        #expect(markdown.contains("#### KS 2019/017-3 · Barn- och utbildningsnämnden · tillstyrker · 14 maj 2019\n"))
        guard let facts = try renderedMarkdown(report) else { return }
        let headings = facts.headingList.map { "\($0.level) \($0.text)" }
        #expect(headings == expectedHeadings(report, contributionLevel: 4).map { "\($0.0) \($0.1)" })
        #expect(facts.tables.count == report.areas.count + 3)
        #expect(facts.elementCounts["blockquote"] == report.areas.flatMap(\.contributions).count + report.general.count)
        #expect(facts.text.contains("Hemsta Vatten & Avfall AB (HVAB)"))
        // Line breaks inside a contribution survive as hard breaks.
        let bun = try #require(facts.quotes.first)
        #expect(bun.contains("från början:\n"))
    }

    @Test func markdownKeepsHostileTextAsText() throws {
        let markdown = MarkdownReport.render(hostile)
        try keepArtifact(Data(markdown.utf8), named: "hostile.md")
        // Every < from outside is escaped; the renderer writes none of its own.
        let scalars = Array(markdown.unicodeScalars)
        #expect(scalars.indices.allSatisfy { scalars[$0] != "<" || ($0 > 0 && scalars[$0 - 1] == "\\") })
        guard let facts = try renderedMarkdown(hostile) else { return }
        let allowed: Set = [
            "h1", "h2", "h3", "h4", "p", "br", "blockquote", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "a",
        ]
        #expect(facts.elements.subtracting(allowed).isEmpty, "markup from outside: \(facts.elements.subtracting(allowed))")
        #expect(facts.eventHandlers.isEmpty)
        #expect(facts.srcs.isEmpty)
        // GitHub links e-mail addresses (and Message-IDs, which look like them) whatever is escaped; nothing else.
        #expect(facts.hrefs.allSatisfy { $0.hasPrefix("mailto:") && !$0.contains("%") }, "links: \(facts.hrefs)")
        let headings = facts.headingList.map { "\($0.level) \(words($0.text))" }
        #expect(headings == expectedHeadings(hostile, contributionLevel: 4).map { "\($0.0) \(words($0.1))" })
        #expect(facts.tables.count == hostile.areas.count + 3)
        let texts = (hostile.areas.flatMap(\.contributions) + hostile.general).map(\.text)
        #expect(facts.quotes.map(words) == texts.map(words))
        #expect(facts.text.contains("<b>BUN</b>"))
        #expect(facts.text.contains("../../x\"><svg onload=alert(1)>.pdf"))
    }

    /// A text's words without control characters, for comparing text whose white space a renderer may change.
    private func words(_ text: String) -> String {
        let visible = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { !forbiddenInHTML($0) && !isDirectionControl($0) && $0 != "\u{FFFD}" }))
        return visible.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: [
        ("# Rubrik", "\\# Rubrik"),
        ("- lista", "\\- lista"),
        ("+ lista", "\\+ lista"),
        ("=== ", "\\==="),
        ("se https://hemsta.example/mal_2019#a", "se https\\://hemsta.example/mal\\_2019\\#a"),
        ("www.hemsta.example och awww.x", "www\\.hemsta.example och awww.x"),
        ("12. punkt", "12\\. punkt"),
        ("3) punkt", "3\\) punkt"),
        ("1234567890. inte en lista", "1234567890. inte en lista"),
        ("a | b", "a \\| b"),
        ("<script>", "\\<script\\>"),
        ("&amp;", "\\&amp;"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("{{ site.secret }}", "\\{\\{ site.secret \\}\\}"),
        ("rad 1\r\nrad 2", "rad 1 rad 2"),
        ("a\\", "a\\\\"),
        ("Barn- och utbildningsnämnden", "Barn- och utbildningsnämnden"),
    ])
    func markdownEscapesInlineText(input: String, expected: String) {
        #expect(MarkdownReport.inline(input) == expected)
    }

    @Test func markdownQuoteKeepsLinesAndParagraphs() {
        #expect(MarkdownReport.quote("ett\r\ntvå\n\n\ntre  \n") == "> ett\\\n> två\n>\n> tre")
        #expect(MarkdownReport.quote("    kod?\n\tflik") == "> &#32;   kod?\\\n> &#9;flik")
        #expect(MarkdownReport.quote(" \n \r\n") == "")
    }

    // MARK: - HTML

    @Test func htmlIsValidHTML5() throws {
        let html = HTMLReport.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">"))
        #expect(!html.contains("http://") && !html.contains("https://"), "the report refers to something outside itself")
        guard let facts = try HTMLFacts.parse(html, strict: true) else { return }
        #expect(facts.errors.isEmpty, "html5lib: \(facts.errors)")
        #expect(facts.lang == "sv")
        #expect(facts.metaCharset == "utf-8")
        #expect(facts.title == "Sammanställning: Nya mål för mandatperioden (Dnr KS 2019/017)")
        #expect(facts.elementCounts["style"] == 1)
        for element in ["script", "link", "img", "iframe", "object", "embed", "base", "form", "input"] {
            #expect(facts.elementCounts[element] == nil, "<\(element)> in the report")
        }
        #expect(facts.srcs.isEmpty)
        #expect(facts.eventHandlers.isEmpty)
        #expect(facts.hrefs.allSatisfy { $0.hasPrefix("#") })
        #expect(facts.duplicateIds.isEmpty)
        let style = facts.styleTexts.joined()
        #expect(!style.contains("url(") && !style.contains("@import"))
    }

    @Test func htmlHeadingsComeInOrder() throws {
        guard let facts = try HTMLFacts.parse(HTMLReport.render(report), strict: true) else { return }
        let headings = facts.headingList
        #expect(headings.first?.level == 1)
        #expect(headings.filter { $0.level == 1 }.count == 1)
        for (previous, next) in zip(headings, headings.dropFirst()) {
            #expect(next.level <= previous.level + 1, "\(previous.text) (h\(previous.level)) → \(next.text) (h\(next.level))")
        }
        let expected = expectedHeadings(report, contributionLevel: 4).map { "\($0.0) \($0.1)" }
        let actual = headings.map { "\($0.level) \($0.text)" }.filter { !["2 Innehåll", "2 Översikt"].contains($0) }
        #expect(actual == expected)
    }

    @Test func htmlTablesHaveCaptionsAndScopedHeaders() throws {
        guard let facts = try HTMLFacts.parse(HTMLReport.render(report), strict: true) else { return }
        #expect(facts.tables.count == 1 + report.areas.count + 3)
        for table in facts.tables {
            #expect(table.captionFirst, "a table without a caption first")
            #expect(!(table.caption ?? "").isEmpty)
            #expect(table.thScopes.allSatisfy { $0 == "col" || $0 == "row" }, "\(table.caption ?? "?"): \(table.thScopes)")
            #expect(table.thScopes.contains("row") && table.thScopes.contains("col"))
        }
        let captions = facts.tables.compactMap(\.caption)
        #expect(captions.contains("Ställningstaganden per målområde (antal nämnder och bolag)"))
        #expect(captions.contains("Tidslinje för remissen, från utskick till beslut"))
        #expect(captions.contains("Antal nämnder och bolag som har svarat, vid dagens slut"))
    }

    @Test func htmlChartsAreLabelledImagesWithTextBeside() throws {
        let html = HTMLReport.render(report)
        guard let facts = try HTMLFacts.parse(html, strict: true) else { return }
        #expect(facts.svgs.count == 2)
        for svg in facts.svgs {
            #expect(svg.role == "img")
            #expect(!(svg.title ?? "").isEmpty)
            #expect(!(svg.desc ?? "").isEmpty)
            #expect(svg.labelledBy == [svg.title], "aria-labelledby must name the title")
            #expect(svg.describedBy == [svg.desc], "aria-describedby must name the desc")
        }
        #expect(facts.svgs.map(\.title) == ["Ställningstaganden per målområde", "Nämnder och bolag som har svarat, över tid"])
        // Every stance has a word in the legend, and all but the plain one a pattern.
        for stance in Stance.allCases {
            #expect(html.contains(">\(stance.swedish)</text>"))
        }
        #expect(html.contains(">inget svar</text>"))
        #expect(facts.elementCounts["svg:pattern"] == Stance.allCases.count - 1)
        // The deadline is marked in the response chart, and its description gives the figures.
        #expect(html.contains("class=\"deadline\""))
        #expect(html.contains(">Sista svarsdag 17 maj 2019</text>"))
        let description = try #require(facts.svgs.last?.desc)
        #expect(description.contains("då hade 5 svarat"))
        #expect(description.contains("22 maj 2019: 7"))
    }

    @Test func htmlPrintsOnA4WithAPageForEachGoalArea() throws {
        let html = HTMLReport.render(report)
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("@media print {"))
        #expect(html.contains("section.area { break-before: page; }"))
        #expect(html.contains("a[href]:not([href^=\"#\"])::after { content: \" (\" attr(href) \")\"; }"))
        #expect(html.contains("blockquote.text {") && html.contains("white-space: pre-wrap;"))
        for area in report.areas {
            #expect(html.contains("<section id=\"malomrade-\(area.goalArea.id)\" class=\"area\""))
        }
    }

    @Test func contrastOfEveryColourPairMeetsWCAG() {
        // The formula against known values: black on white is 21:1, #767676 on white 4.54:1.
        #expect(abs(ReportPalette.Colour(0x000000).contrast(with: ReportPalette.paper) - 21) < 0.01)
        #expect(abs(ReportPalette.Colour(0x767676).contrast(with: ReportPalette.paper) - 4.54) < 0.01)
        for pair in ReportPalette.pairs {
            #expect(pair.ratio >= pair.minimum, "\(pair.use): \(pair.foreground) on \(pair.background) is \(pair.ratio):1")
            #expect(HTMLReport.stylesheet.contains("\(pair.foreground) on \(pair.background) \(String(format: "%.2f", pair.ratio)):1"))
        }
    }

    @Test func htmlKeepsLineBreaksOfContributions() throws {
        guard let facts = try HTMLFacts.parse(HTMLReport.render(report), strict: true) else { return }
        let texts = (report.areas.flatMap(\.contributions) + report.general).map(\.text)
        #expect(facts.quotes == texts.map(expectedHTMLText))
        #expect(facts.quotes.last == "Hemsta Energi AB avstår från att yttra sig över målen.\nVi hänvisar till ägardirektivet.")
    }

    @Test func htmlKeepsHostileTextAsText() throws {
        let html = HTMLReport.render(hostile)
        try keepArtifact(Data(html.utf8), named: "hostile.html")
        guard let facts = try HTMLFacts.parse(html, strict: true) else { return }
        #expect(facts.errors.isEmpty, "html5lib: \(facts.errors)")
        let allowed: Set = [
            "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "dl", "div", "dt", "dd", "time", "bdi",
            "nav", "ol", "li", "a", "main", "section", "figure", "figcaption", "table", "caption", "thead", "tbody", "tr", "th", "td",
            "span", "article", "blockquote", "q", "p", "ul", "footer", "svg:svg", "svg:title", "svg:desc", "svg:defs", "svg:pattern",
            "svg:rect", "svg:circle", "svg:g", "svg:text", "svg:line", "svg:path",
        ]
        #expect(facts.elements.subtracting(allowed).isEmpty, "markup from outside: \(facts.elements.subtracting(allowed))")
        #expect(facts.elementCounts["svg:svg"] == 2)
        #expect(facts.elementCounts["style"] == 1)
        #expect(facts.eventHandlers.isEmpty)
        #expect(facts.srcs.isEmpty)
        #expect(facts.hrefs.allSatisfy { $0.hasPrefix("#") }, "links: \(facts.hrefs)")
        #expect(
            Set(facts.attributes).subtracting(Self.attributesWeWrite).isEmpty,
            "\(Set(facts.attributes).subtracting(Self.attributesWeWrite))")
        #expect(facts.title == "Sammanställning: \(hostile.round.title) (Dnr \(hostile.round.reference))")
        let texts = (hostile.areas.flatMap(\.contributions) + hostile.general).map(\.text)
        #expect(facts.quotes == texts.map(expectedHTMLText))
        for text in HostileReport.externalTexts(hostile) {
            #expect(
                facts.text.contains(expectedHTMLText(text).replacingOccurrences(of: "\n", with: " "))
                    || facts.quotes.contains(expectedHTMLText(text)))
        }
        #expect(facts.text.contains("<b>BUN</b> (BUN)"))
        #expect(facts.text.contains("Källa: ../../x\"><svg onload=alert(1)>.pdf"))
        #expect(facts.styleTexts.count == 1 && !facts.styleTexts[0].contains("display:none"))
    }

    /// Every attribute the HTML renderer writes; anything else came from outside.
    static let attributesWeWrite: Set = [
        "lang", "charset", "name", "content", "id", "class", "aria-labelledby", "aria-label", "tabindex", "aria-describedby", "href",
        "datetime", "scope", "role",
        "viewBox", "width", "height", "x", "y", "rx", "fill", "stroke", "stroke-width", "stroke-dasharray", "patternUnits",
        "patternTransform", "cx", "cy", "r", "text-anchor", "x1", "x2", "y1", "y2", "d",
    ]

    /// How a contribution's text reads in the HTML: line ends as LF, controls and direction
    /// overrides dropped, noncharacters as U+FFFD, no trailing white space on a line, no blank
    /// lines around it.
    private func expectedHTMLText(_ text: String) -> String {
        let unified = withoutControls(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        let cleaned = String(String.UnicodeScalarView(unified.unicodeScalars.map { forbiddenInHTML($0) ? "\u{FFFD}" : $0 }))
        var lines = cleaned.components(separatedBy: "\n").map { line in
            String(line.reversed().drop { $0.isWhitespace }.reversed())
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    // MARK: - HTML in Chromium

    @Test(.timeLimit(.minutes(5))) func htmlRendersInHeadlessChromium() throws {
        guard let chromium = ExternalTool.require("chromium", install: "apt-get install chromium") else { return }
        let html = HTMLReport.render(report)
        try withTemporaryDirectory { directory in
            let page = directory.appendingPathComponent("rapport.html")
            try Data(html.utf8).write(to: page)
            let flags = [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            ]
            let dump = try chromium.run(flags + ["--dump-dom", page.absoluteString], timeout: 90, in: directory)
            try #require(dump.status == 0, "chromium --dump-dom failed (\(dump.status)): \(dump.errors.suffix(2000))")
            guard let dom = try HTMLFacts.parse(dump.text, strict: false) else { return }
            let headings = Set(dom.headingList.map(\.text))
            for area in report.areas {
                #expect(headings.contains("Målområde \(area.goalArea.id). \(area.goalArea.title)"))
            }
            for body in report.recipients {
                #expect(dom.text.contains(body.name), "\(body.name) is not on the page")
            }
            #expect(dom.svgs.count == 2 && dom.svgs.allSatisfy { $0.role == "img" })
            #expect(dom.tables.contains { $0.caption == "Tidslinje för remissen, från utskick till beslut" })
            #expect(dom.elementCounts["script"] == nil)

            let screenshot = directory.appendingPathComponent("rapport.png")
            let shot = try chromium.run(
                flags + ["--screenshot=\(screenshot.path)", "--window-size=1200,3000", page.absoluteString], timeout: 90, in: directory)
            try #require(shot.status == 0, "chromium --screenshot failed (\(shot.status)): \(shot.errors.suffix(2000))")
            let png = try Data(contentsOf: screenshot)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
            #expect(png.count > 20_000, "the screenshot is \(png.count) bytes: the page looks empty")
            try keepArtifact(Data(html.utf8), named: page.lastPathComponent)
            try keepArtifact(png, named: screenshot.lastPathComponent)
        }
    }

    // MARK: - CSV

    @Test func csvIsUTF8WithBOMAndCRLF() throws {
        let data = CSVReport.render(report)
        #expect(data.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(
            text.hasPrefix(
                "Diarienummer;Kod;Nämnd eller bolag;Målområde;Målområdets namn;Ställningstagande;Datum;Sent svar;Text;Källa;"
                    + "Underlag;Var;Hur det lästes\r\n"))
        #expect(text.hasSuffix("\r\n"))
        #expect(
            text.contains(
                "KS 2019/017-3;BUN;Barn- och utbildningsnämnden;1;Hållbar tillväxt och samhällsplanering;tillstyrker;"
                    + "2019-05-14T10:12:00+02:00;nej;"))
        #expect(text.contains(";nej;Vi tillstyrker. 300 nya hyresrätter till 2022 är möjligt om detaljplanerna blir klara i tid.;"))
    }

    @Test(arguments: [
        ("vanlig text", "vanlig text"),
        ("a;b", "\"a;b\""),
        ("säger \"nej\"", "\"säger \"\"nej\"\"\""),
        ("rad\nrad", "\"rad\nrad\""),
        ("rad\r\nrad", "\"rad\r\nrad\""),
        ("rad\rrad", "\"rad\rrad\""),
        (";\u{301} kombinerat", "\";\u{301} kombinerat\""),
        ("a,b", "a,b"),
    ])
    func csvQuotesCellsAsRFC4180Says(input: String, expected: String) {
        #expect(CSVReport.cell(input, delimiter: ";") == expected)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"),
        ("+46 8 123", "'+46 8 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tflik", "'\tflik"),
        ("\rretur", "\"'\rretur\""),
        ("\r\nny rad", "\"'\r\nny rad\""),
        ("=HYPERLINK(\"x\";\"y\")", "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\""),
        ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
        ("a=b", "a=b"),
        ("KS 2019/017-3", "KS 2019/017-3"),
    ])
    func csvNeutralisesFormulas(input: String, expected: String) {
        #expect(CSVReport.cell(input, delimiter: ";") == expected)
    }

    @Test func csvReadsBackWithPythonsCSVModule() throws {
        for (delimiter, name) in [(Character(";"), ";"), (Character("\t"), "\t"), (Character(","), ",")] {
            let rows = try readCSV(CSVReport.render(hostile, delimiter: delimiter), delimiter: name)
            let contributions =
                hostile.areas.flatMap { area in area.contributions.map { (area.goalArea, $0) } }
                + hostile.general.map { (GoalArea?.none, $0) }
            try #require(rows.count == contributions.count + 1)
            #expect(rows[0] == CSVReport.header)
            for (row, (area, item)) in zip(rows.dropFirst(), contributions) {
                let expected = [
                    item.registration ?? "Utan diarienummer", item.body.id, item.body.name, area.map { String($0.id) } ?? "",
                    area?.title ?? "", item.stance.swedish, SwedishTime.iso8601(item.date), item.late ? "ja" : "nej", item.text,
                    item.source, item.evidence?.clause ?? "", item.evidence?.placeInSwedish ?? "", item.evidence?.rule.swedish ?? "",
                ].map(withoutControls)
                #expect(row.count == 13)
                // Python's universal newlines are off (newline=""), so text comes back as written,
                // less the ' that neutralised a formula.
                let unneutralised = zip(row, expected).map { cell, original in
                    cell.hasPrefix("'") && !original.hasPrefix("'") ? String(cell.dropFirst()) : cell
                }
                #expect(unneutralised == expected)
                for cell in row {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.unicodeScalars.first.map(String.init) ?? ""))
                }
            }
        }
    }

    @Test func markdownCSVAndHTMLCarryNoControlOrDirectionOverrideFromOutside() throws {
        let log = SpreadsheetCSV.render(header: ["ärende"], rows: HostileReport.corpus.map { [$0] })
        let outputs = [
            ("md", MarkdownReport.render(hostile)), ("html", HTMLReport.render(hostile)),
            ("csv", String(decoding: CSVReport.render(hostile), as: UTF8.self)), ("log csv", String(decoding: log, as: UTF8.self)),
        ]
        for (format, text) in outputs {
            let found = text.unicodeScalars.filter { scalar in
                (scalar.value < 0x20 && ![0x09, 0x0A, 0x0D].contains(scalar.value)) || (0x7F...0x9F).contains(scalar.value)
                    || isDirectionControl(scalar)
            }
            #expect(found.isEmpty, "\(format) carries \(found.map { String($0.value, radix: 16) })")
        }
        // What is around them stays.
        #expect(MarkdownReport.render(hostile).contains("kcatta tillstyrker RTL"))
        #expect(String(decoding: CSVReport.render(hostile), as: UTF8.self).contains("styrtecken:"))
    }

    private func readCSV(_ data: Data, delimiter: String) throws -> [[String]] {
        guard let python = ExternalTool.python() else { return [] }
        return try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("report.csv")
            try data.write(to: file)
            let script = try fixturesDirectory().appendingPathComponent("read_csv.py").path
            let run = try python.run([script, delimiter, file.path], in: directory)
            try #require(run.status == 0, "read_csv.py: \(run.errors)")
            return try JSONDecoder().decode([[String]].self, from: run.output)
        }
    }

    // MARK: - JSON

    @Test func jsonNamesItsSchemaAndUsesSnakeCaseAndSwedishTime() throws {
        let data = try JSONReport.render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? String == "https://samrad.example/schemas/report-1.json")
        #expect(object["version"] as? Int == 1)
        #expect(
            Set(object.keys) == [
                "schema", "version", "round", "generated_at", "recipients", "areas", "general", "not_answered", "answered_late",
                "matrix", "timeline", "responses_over_time",
            ])
        #expect(object["generated_at"] as? String == "2019-05-27T10:00:00+02:00")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"date\" : \"2019-05-14T10:12:00+02:00\""))
        #expect(text.contains("\"registration\" : \"KS 2019/017-3\""))
        #expect(text.contains("\"no_answer\" : 4"))
        #expect(text.contains("\"mailout_date\" : \"2019-04-11\""))
    }

    @Test func jsonReadsBackAsTheSameReport() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        for original in [report, hostile] {
            #expect(try decoder.decode(ConsultationReport.self, from: JSONReport.render(original)) == original)
        }
    }

    @Test func jsonValidatesAgainstItsSchema() throws {
        guard let python = ExternalTool.python() else { return }
        let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/report.schema.json")
        try #require(FileManager.default.fileExists(atPath: schema.path), "docs/report.schema.json is missing")
        for original in [report, hostile] {
            try withTemporaryDirectory { directory in
                let file = directory.appendingPathComponent("report.json")
                try JSONReport.render(original).write(to: file)
                let script = try fixturesDirectory().appendingPathComponent("validate_report_json.py").path
                let run = try python.run([script, schema.path, file.path], in: directory)
                if run.status == 3 {
                    Issue.record("python3 has no jsonschema: apt-get install python3-jsonschema (or pip install jsonschema)")
                    return
                }
                #expect(run.status == 0 && run.text == "valid\n", "\(run.text)\(run.errors)")
            }
        }
    }
}

/// The text without what the Markdown, HTML and CSV reports drop: C0 controls but tab, LF and CR,
/// DEL, C1 controls, and direction embeddings, overrides and isolates.
func withoutControls(_ text: String) -> String {
    String(
        String.UnicodeScalarView(
            text.unicodeScalars.filter { scalar in
                let value = scalar.value
                if [0x09, 0x0A, 0x0D].contains(value) { return true }
                return !(value < 0x20 || (0x7F...0x9F).contains(value) || isDirectionControl(scalar))
            }))
}

/// U+202A–U+202E and U+2066–U+2069: embeddings, overrides, isolates and their terminators.
func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
    (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
}

/// Whether HTML forbids a scalar in a document (controls other than tab, LF, FF, CR; C1 controls; noncharacters).
func forbiddenInHTML(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if [0x09, 0x0A, 0x0C, 0x0D].contains(value) { return false }
    return value < 0x20 || (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFF >= 0xFFFE
}
