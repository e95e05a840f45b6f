import Foundation
import SamradCore

/// The compilation as Markdown (CommonMark with GitHub's tables), for the programme's working papers.
///
/// ```swift
/// let text = MarkdownReport.render(report)
/// ```
///
/// Sections come in a fixed order and everything within them in the model's order, so the same
/// report always gives the same text. Every text that came from outside — contributions, names,
/// titles, sources — is escaped: it reads as text and cannot open a heading, a list, a table cell,
/// a link or HTML.
public enum MarkdownReport {
    /// Renders the report as a Markdown document ending in one line break.
    public static func render(_ report: ConsultationReport) -> String {
        var blocks: [String] = []
        blocks.append("# Sammanställning: \(inline(report.round.title)) (Dnr \(inline(report.round.reference)))")
        blocks.append(introduction(report))
        for section in report.areas {
            blocks += area(section, round: report.round)
        }
        blocks += general(report)
        blocks.append("## Nämnder och bolag som inte har svarat")
        blocks.append(bodyList(report.notAnswered, empty: "Alla har svarat."))
        blocks.append("## Sena svar")
        blocks.append(bodyList(report.answeredLate, empty: "Inga svar kom efter sista svarsdag."))
        blocks.append("## Status per målområde")
        blocks.append(statusMatrix(report))
        blocks.append("## Tidslinje")
        blocks.append(timeline(report.timeline))
        blocks.append("## Svar över tid")
        blocks.append(responsesOverTime(report))
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private static func introduction(_ report: ConsultationReport) -> String {
        ReportText.introduction(report)
    }

    private static func area(_ section: ConsultationReport.AreaSection, round: ConsultationReport.Round) -> [String] {
        var blocks = [
            "## " + ReportText.areaHeading(section.goalArea, escape: inline),
            "### Ställningstaganden",
            table(
                header: ["Ställningstagande", "Antal"], alignments: [.left, .right],
                rows: ReportText.summaryRows(section.summary).map { [$0.label, String($0.count)] }),
            "### Bidrag",
        ]
        if section.contributions.isEmpty {
            blocks.append("Inga bidrag på målområdet.")
        }
        for item in section.contributions {
            blocks += contribution(item, level: 4, deadline: round.deadline)
        }
        return blocks
    }

    private static func general(_ report: ConsultationReport) -> [String] {
        var blocks = ["## Synpunkter utan målområde"]
        if report.general.isEmpty {
            blocks.append("Inga synpunkter utan målområde.")
        }
        for item in report.general {
            blocks += contribution(item, level: 3, deadline: report.round.deadline)
        }
        return blocks
    }

    private static func contribution(_ item: ConsultationReport.Contribution, level: Int, deadline: LocalDate) -> [String] {
        let heading = [
            inline(ReportText.registration(item)), inline(item.body.name), item.stance.swedish, ReportText.swedishDay(item.date),
        ]
        var blocks = [String(repeating: "#", count: level) + " " + heading.joined(separator: " · ")]
        let quoted = quote(item.text)
        blocks.append(quoted.isEmpty ? "*Se underlaget nedan.*" : quoted)
        if let evidence = item.evidence {
            blocks.append("Underlag: «\(inline(evidence.clause))» (\(inline(evidence.placeInSwedish)); \(evidence.rule.swedish))")
        }
        let late = item.late ? "Inkom efter sista svarsdag \(deadline.swedish). " : ""
        blocks.append("\(late)Källa: \(inline(item.source))")
        return blocks
    }

    private static func bodyList(_ bodies: [ConsultationReport.Body], empty: String) -> String {
        guard !bodies.isEmpty else { return empty }
        return bodies.map { "- \(inline($0.name)) (\(inline($0.id)))" }.joined(separator: "\n")
    }

    private static func statusMatrix(_ report: ConsultationReport) -> String {
        let columns = report.matrixColumns
        let header = ["Nämnd eller bolag"] + columns.map { "Målområde \($0.area.id)" } + ["Sent eller saknas"]
        let rows = report.matrix.map { row in
            ["\(inline(row.body.name)) (\(inline(row.body.id)))"]
                + columns.map { row.stances[$0.key]?.swedish ?? ReportText.noAnswer } + [ReportText.yesNo(row.late)]
        }
        let legend = columns.map { "Målområde \($0.area.id): \(inline($0.area.title))." }.joined(separator: " ")
        let alignments = [Alignment](repeating: .left, count: header.count)
        return table(header: header, alignments: alignments, rows: rows) + "\n\n" + legend
    }

    private static func timeline(_ events: [ConsultationReport.TimelineEvent]) -> String {
        table(
            header: ["Datum", "Händelse", "Beskrivning"], alignments: [.left, .left, .left],
            rows: events.map { [$0.date.swedish, $0.kind.swedish, inline($0.title)] })
    }

    private static func responsesOverTime(_ report: ConsultationReport) -> String {
        guard !report.responsesOverTime.isEmpty else { return "Inga svar har kommit in." }
        let total = report.recipients.count
        return table(
            header: ["Datum", "Har svarat"], alignments: [.left, .right],
            rows: report.responsesOverTime.map { [$0.date.swedish, "\($0.bodies) av \(total)"] })
    }

    /// How a table column is aligned.
    private enum Alignment {
        case left, right

        var delimiter: String {
            switch self {
            case .left: ":---"
            case .right: "---:"
            }
        }
    }

    /// A GitHub table; the cells must already be escaped.
    private static func table(header: [String], alignments: [Alignment], rows: [[String]]) -> String {
        func line(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        return ([line(header), line(alignments.map(\.delimiter))] + rows.map(line)).joined(separator: "\n")
    }
}
