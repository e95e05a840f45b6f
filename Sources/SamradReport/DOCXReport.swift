import Foundation
import SamradCore

/// The compilation as a Word document (`.docx`), for the case file: a municipality attaches it to the
/// tjänsteskrivelse.
///
/// ```swift
/// let data = try DOCXReport.render(report)
/// ```
///
/// The same sections as the other formats, in the same order: per goal area its heading (a Word heading, so the
/// navigation pane lists the areas, each on a new page), the stance table and every contribution with its body,
/// stance, date, register number and the evidence of the stance; then what names no area, who has not answered,
/// the late answers, the status matrix and the timeline. Text from outside stays text (``WordDocument``).
public enum DOCXReport {
    /// Renders the report as the bytes of a `.docx` file.
    public static func render(_ report: ConsultationReport) throws -> Data {
        let round = report.round
        var document = WordDocument(title: "Sammanställning: \(round.title)")
        document.heading("Sammanställning: \(round.title) (Dnr \(round.reference))", level: 0)
        document.paragraph(ReportText.introduction(report))
        for section in report.areas {
            document.heading(ReportText.areaHeading(section.goalArea) { $0 }, level: 1)
            document.heading("Ställningstaganden", level: 2)
            document.table(
                header: ["Ställningstagande", "Antal"], rows: ReportText.summaryRows(section.summary).map { [$0.label, String($0.count)] })
            document.heading("Bidrag", level: 2)
            if section.contributions.isEmpty { document.paragraph("Inga bidrag på målområdet.") }
            for item in section.contributions { contribution(item, to: &document, deadline: round.deadline) }
        }
        document.heading("Synpunkter utan målområde", level: 1)
        if report.general.isEmpty { document.paragraph("Inga synpunkter utan målområde.") }
        for item in report.general { contribution(item, to: &document, deadline: round.deadline) }
        document.heading("Nämnder och bolag som inte har svarat", level: 2)
        document.paragraph(bodyList(report.notAnswered, empty: "Alla har svarat."))
        document.heading("Sena svar", level: 2)
        document.paragraph(bodyList(report.answeredLate, empty: "Inga svar kom efter sista svarsdag."))
        document.heading("Status per målområde", level: 2)
        let columns = report.matrixColumns
        document.table(
            header: ["Nämnd eller bolag"] + columns.map { "Målområde \($0.area.id)" } + ["Sent eller saknas"],
            rows: report.matrix.map { row in
                ["\(row.body.name) (\(row.body.id))"] + columns.map { row.stances[$0.key]?.swedish ?? ReportText.noAnswer }
                    + [ReportText.yesNo(row.late)]
            })
        document.heading("Tidslinje", level: 2)
        document.table(
            header: ["Datum", "Händelse", "Beskrivning"], rows: report.timeline.map { [$0.date.swedish, $0.kind.swedish, $0.title] })
        return try document.data()
    }

    /// One contribution: a heading with its register number, body, stance and date; its text; its evidence; its source.
    private static func contribution(_ item: ConsultationReport.Contribution, to document: inout WordDocument, deadline: LocalDate) {
        let heading = [ReportText.registration(item), item.body.name, item.stance.swedish, ReportText.swedishDay(item.date)]
        document.heading(heading.joined(separator: " · "), level: 3)
        let text = ReportText.trimmedLines(of: item.text).joined(separator: "\n")
        document.paragraph(text.isEmpty ? "Se underlaget nedan." : text, style: text.isEmpty ? nil : "Quote", italic: text.isEmpty)
        if let evidence = item.evidence {
            document.paragraph("Underlag: «\(evidence.clause)» (\(evidence.placeInSwedish); \(evidence.rule.swedish))")
        }
        let late = item.late ? "Inkom efter sista svarsdag \(deadline.swedish). " : ""
        document.paragraph("\(late)Källa: \(item.source)")
    }

    private static func bodyList(_ bodies: [ConsultationReport.Body], empty: String) -> String {
        bodies.isEmpty ? empty : bodies.map { "\($0.name) (\($0.id))" }.joined(separator: "\n")
    }
}
