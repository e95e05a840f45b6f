import Foundation
import SamradCore

/// The compilation as one self-contained HTML5 file, for publishing and for attaching to a decision.
///
/// ```swift
/// let html = HTMLReport.render(report)
/// ```
///
/// The file needs nothing else: the stylesheet is inline, the two charts are inline SVG with a
/// table beside each that says the same in text, and there is no script. It is written for
/// WCAG 2.1 AA (headings in order, tables with captions and header scopes, contrast stated in the
/// stylesheet) and prints on A4 with each goal area on a new page. Every text from outside is
/// escaped, so a contribution shows as the text it is and never as markup.
public enum HTMLReport {
    /// Renders the report as an HTML document; the same report always gives the same document.
    public static func render(_ report: ConsultationReport) -> String {
        let title = "Sammanställning: \(escapeLine(report.round.title)) (Dnr \(escapeLine(report.round.reference)))"
        var body: [String] = [
            "<header>",
            "<h1>Sammanställning: \(isolated(report.round.title)) (Dnr \(isolated(report.round.reference)))</h1>",
            facts(report),
            "</header>",
            contents(report),
            "<main>",
            overview(report),
        ]
        body += report.areas.map { area($0, round: report.round) }
        body += [
            general(report),
            bodyListSection(
                id: "ej-svar", heading: "Nämnder och bolag som inte har svarat", bodies: report.notAnswered, empty: "Alla har svarat."),
            bodyListSection(
                id: "sena-svar", heading: "Sena svar", bodies: report.answeredLate, empty: "Inga svar kom efter sista svarsdag."),
            statusMatrix(report),
            timeline(report),
            responsesOverTime(report),
            "</main>",
            "<footer>",
            "<p>Sammanställd av Samråd \(SwedishTime.short(report.generatedAt)), svensk tid. Texterna återges som de kom in.</p>",
            "</footer>",
        ]
        return """
            <!DOCTYPE html>
            <html lang="sv">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light">
            <title>\(title)</title>
            <style>
            \(stylesheet)
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    // MARK: - Sections

    private static func facts(_ report: ConsultationReport) -> String {
        let round = report.round
        let entries = [
            ("Diarienummer", isolated(round.reference)),
            (round.mailedOut ? "Utskick" : "Planerat utskick", time(round.mailoutDate)),
            ("Sista svarsdag", time(round.deadline)),
            ("Mottagare", "\(report.recipients.count) nämnder och bolag"),
            (
                "Har svarat",
                "\(report.answeredCount) av \(report.recipients.count), varav \(report.answeredLate.count) efter sista svarsdag"
            ),
            (
                "Sammanställd",
                "<time datetime=\"\(SwedishTime.iso8601(report.generatedAt))\">\(SwedishTime.short(report.generatedAt))</time>"
            ),
        ]
        return "<dl class=\"facts\">\n"
            + entries.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined(separator: "\n")
            + "\n</dl>"
    }

    private static func contents(_ report: ConsultationReport) -> String {
        let links =
            [("oversikt", "Översikt")]
            + report.areas.map { (areaID($0.goalArea), ReportText.areaHeading($0.goalArea, escape: escapeLine)) }
            + [
                ("utan-malomrade", "Synpunkter utan målområde"),
                ("ej-svar", "Nämnder och bolag som inte har svarat"),
                ("sena-svar", "Sena svar"),
                ("status", "Status per målområde"),
                ("tidslinje", "Tidslinje"),
                ("svar-over-tid", "Svar över tid"),
            ]
        return "<nav class=\"contents\" aria-labelledby=\"innehall\">\n<h2 id=\"innehall\">Innehåll</h2>\n<ol>\n"
            + links.map { "<li><a href=\"#\($0.0)\">\($0.1)</a></li>" }.joined(separator: "\n")
            + "\n</ol>\n</nav>"
    }

    private static func overview(_ report: ConsultationReport) -> String {
        let columns = Stance.allCases.map(\.swedish) + [ReportText.noAnswer]
        let rows = report.areas.map { section in
            Row(
                header: "\(section.goalArea.id). \(escapeLine(section.goalArea.title))",
                cells: ReportText.summaryRows(section.summary).map { String($0.count) })
        }
        return section(
            id: "oversikt", heading: "Översikt",
            [
                "<figure class=\"chart\">",
                stanceChart(report),
                "<figcaption>Diagrammet visar hur mottagarna ställer sig till varje målområde och, till höger, hur många "
                    + "av dem som har svarat på det; samma siffror står i tabellen nedan.</figcaption>",
                "</figure>",
                table(
                    caption: "Ställningstaganden per målområde (antal nämnder och bolag)", rowHeading: "Målområde",
                    columns: columns, rows: rows, numeric: true),
            ])
    }

    private static func area(_ area: ConsultationReport.AreaSection, round: ConsultationReport.Round) -> String {
        let summary = ReportText.summaryRows(area.summary).map { Row(header: $0.label, cells: [String($0.count)]) }
        var content = [
            "<h3>Ställningstaganden</h3>",
            table(
                caption: "Ställningstaganden om målområde \(area.goalArea.id)", rowHeading: "Ställningstagande", columns: ["Antal"],
                rows: summary, numeric: true),
            "<h3>Bidrag</h3>",
        ]
        if area.contributions.isEmpty {
            content.append("<p>Inga bidrag på målområdet.</p>")
        }
        content += area.contributions.map { contribution($0, level: 4, deadline: round.deadline) }
        return section(
            id: areaID(area.goalArea), heading: ReportText.areaHeading(area.goalArea, escape: isolated), className: "area", content)
    }

    private static func general(_ report: ConsultationReport) -> String {
        var content = report.general.map { contribution($0, level: 3, deadline: report.round.deadline) }
        if content.isEmpty {
            content.append("<p>Inga synpunkter utan målområde.</p>")
        }
        return section(id: "utan-malomrade", heading: "Synpunkter utan målområde", content)
    }

    private static func contribution(_ item: ConsultationReport.Contribution, level: Int, deadline: LocalDate) -> String {
        let when = "<time datetime=\"\(SwedishTime.iso8601(item.date))\">\(ReportText.swedishDay(item.date))</time>"
        let heading = [isolated(ReportText.registration(item)), isolated(item.body.name), stanceLabel(item.stance), when]
            .joined(separator: " · ")
        let late = item.late ? "<span class=\"late\">Inkom efter sista svarsdag \(deadline.swedish)</span> " : ""
        let lines = ReportText.trimmedLines(of: item.text)
        let text =
            lines.isEmpty
            ? "<p class=\"no-text\">Se underlaget nedan.</p>"
            : "<blockquote class=\"text\">\(lines.map(escape).joined(separator: "\n"))</blockquote>"
        let evidence = item.evidence.map { evidence in
            "<p class=\"evidence\">Underlag: <q>\(isolated(evidence.clause))</q> (\(isolated(evidence.placeInSwedish)); "
                + "\(escape(evidence.rule.swedish)))</p>\n"
        }
        return """
            <article class="contribution">
            <h\(level)>\(heading)</h\(level)>
            \(text)
            \(evidence ?? "")<p class="source">\(late)Källa: \(isolated(item.source))</p>
            </article>
            """
    }

    private static func bodyListSection(id: String, heading: String, bodies: [ConsultationReport.Body], empty: String) -> String {
        let content =
            bodies.isEmpty
            ? "<p>\(empty)</p>"
            : "<ul class=\"bodies\">\n" + bodies.map { "<li>\(bodyName($0))</li>" }.joined(separator: "\n") + "\n</ul>"
        return section(id: id, heading: heading, [content])
    }

    private static func statusMatrix(_ report: ConsultationReport) -> String {
        let columns = report.matrixColumns
        let rows = report.matrix.map { row in
            Row(
                header: bodyName(row.body),
                cells: columns.map { row.stances[$0.key].map(stanceLabel) ?? noAnswerLabel } + [ReportText.yesNo(row.late)])
        }
        let headers =
            columns.map { "Målområde \($0.area.id) <span class=\"column-title\">\(escapeLine($0.area.title))</span>" }
            + ["Sent eller saknas"]
        return section(
            id: "status", heading: "Status per målområde",
            [
                table(
                    caption: "Senaste ställningstagande per nämnd eller bolag och målområde", rowHeading: "Nämnd eller bolag",
                    columns: headers, rows: rows, numeric: false, className: "matrix")
            ])
    }

    private static func timeline(_ report: ConsultationReport) -> String {
        let rows = report.timeline.map { Row(header: time($0.date), cells: [$0.kind.swedish, escapeLine($0.title)]) }
        return section(
            id: "tidslinje", heading: "Tidslinje",
            [
                table(
                    caption: "Tidslinje för remissen, från utskick till beslut", rowHeading: "Datum",
                    columns: ["Händelse", "Beskrivning"], rows: rows, numeric: false)
            ])
    }

    private static func responsesOverTime(_ report: ConsultationReport) -> String {
        let total = report.recipients.count
        let rows = report.responsesOverTime.map { Row(header: time($0.date), cells: ["\($0.bodies) av \(total)"]) }
        let data =
            rows.isEmpty
            ? "<p>Inga svar har kommit in.</p>"
            : table(
                caption: "Antal nämnder och bolag som har svarat, vid dagens slut", rowHeading: "Datum", columns: ["Har svarat"],
                rows: rows, numeric: true)
        return section(
            id: "svar-over-tid", heading: "Svar över tid",
            [
                "<figure class=\"chart\">",
                responseChart(report),
                "<figcaption>Diagrammet visar hur många som hade svarat vid varje dags slut och var sista svarsdag låg; "
                    + "samma siffror står i tabellen nedan.</figcaption>",
                "</figure>",
                data,
            ])
    }

    // MARK: - Building blocks

    /// A table row: its header cell and data cells, already escaped.
    private struct Row {
        let header: String
        let cells: [String]
    }

    /// A data table with a caption, column headers and row headers; every cell must already be escaped.
    private static func table(
        caption: String, rowHeading: String, columns: [String], rows: [Row], numeric: Bool, className: String? = nil
    ) -> String {
        let classes = className.map { " class=\"\($0)\"" } ?? ""
        let dataClass = numeric ? " class=\"number\"" : ""
        // The wrapper scrolls sideways when the table is wider than the page: a keyboard must reach it, and a screen
        // reader must be able to name it.
        let label = caption.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        var lines = [
            "<div class=\"table\" tabindex=\"0\" role=\"region\" aria-label=\"\(label)\"><table\(classes)>",
            "<caption>\(caption)</caption>",
            "<thead><tr><th scope=\"col\">\(rowHeading)</th>"
                + columns.map { "<th scope=\"col\"\(dataClass)>\($0)</th>" }.joined() + "</tr></thead>",
            "<tbody>",
        ]
        lines += rows.map { row in
            "<tr><th scope=\"row\">\(row.header)</th>" + row.cells.map { "<td\(dataClass)>\($0)</td>" }.joined() + "</tr>"
        }
        lines += ["</tbody>", "</table></div>"]
        return lines.joined(separator: "\n")
    }

    /// A `<section>` labelled by its `<h2>`.
    private static func section(id: String, heading: String, className: String? = nil, _ content: [String]) -> String {
        let classes = className.map { " class=\"\($0)\"" } ?? ""
        return
            (["<section id=\"\(id)\"\(classes) aria-labelledby=\"\(id)-rubrik\">", "<h2 id=\"\(id)-rubrik\">\(heading)</h2>"]
            + content + ["</section>"]).joined(separator: "\n")
    }

    /// The id of a goal area's section, e.g. `malomrade-1`.
    static func areaID(_ area: GoalArea) -> String {
        "malomrade-\(area.id)"
    }

    private static func bodyName(_ body: ConsultationReport.Body) -> String {
        "\(isolated(body.name)) (\(isolated(body.id)))"
    }

    private static func stanceLabel(_ stance: Stance) -> String {
        "<span class=\"stance stance-\(stance.rawValue)\">\(stance.swedish)</span>"
    }

    private static let noAnswerLabel = "<span class=\"no-answer\">\(ReportText.noAnswer)</span>"

    private static func time(_ date: LocalDate) -> String {
        "<time datetime=\"\(date)\">\(date.swedish)</time>"
    }
}
