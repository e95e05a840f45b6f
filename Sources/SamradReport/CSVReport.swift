import Foundation
import SamradCore

/// The compilation as CSV, one row per contribution, for Excel and for anyone who wants the data.
///
/// ```swift
/// let data = CSVReport.render(report)            // semicolons, as Swedish Excel expects
/// let tabs = CSVReport.render(report, delimiter: "\t")
/// ```
///
/// UTF-8 with a byte order mark (so Excel reads å, ä and ö), CR LF line ends and RFC 4180
/// quoting. A cell that a spreadsheet would take for a formula — one starting with `=`, `+`,
/// `-`, `@`, a tab or a CR, or their full-width forms — gets a leading `'`, as OWASP advises
/// against CSV injection. Line breaks inside a text are kept as they came, inside quotes; control
/// characters and direction overrides are dropped (``ReportText/neutralised(_:)``).
public enum CSVReport {
    /// The header row, in Swedish.
    static let header = [
        "Diarienummer", "Kod", "Nämnd eller bolag", "Målområde", "Målområdets namn", "Ställningstagande", "Datum", "Sent svar",
        "Text", "Källa", "Underlag", "Var", "Hur det lästes",
    ]

    /// Renders every contribution, goal area by goal area and then those without one, after a header row.
    ///
    /// - Parameter delimiter: the field separator; a quote, CR or LF cannot be one.
    public static func render(_ report: ConsultationReport, delimiter: Character = ";") -> Data {
        precondition(
            !delimiter.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" },
            "A CSV delimiter cannot be a quote or a line break")
        var rows: [[String]] = []
        for section in report.areas {
            rows += section.contributions.map { row($0, area: section.goalArea) }
        }
        rows += report.general.map { row($0, area: nil) }
        return SpreadsheetCSV.render(header: header, rows: rows, delimiter: delimiter)
    }

    private static func row(_ item: ConsultationReport.Contribution, area: GoalArea?) -> [String] {
        [
            ReportText.registration(item), item.body.id, item.body.name, area.map { String($0.id) } ?? "", area?.title ?? "",
            item.stance.swedish, SwedishTime.iso8601(item.date), ReportText.yesNo(item.late), item.text, item.source,
            item.evidence?.clause ?? "", item.evidence?.placeInSwedish ?? "", item.evidence?.rule.swedish ?? "",
        ]
    }

    /// The first characters that make a spreadsheet read a cell as a formula (OWASP), with the
    /// full-width forms some spreadsheets fold to them.
    private static let formulaStarts: Set<Unicode.Scalar> = [
        "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
    ]

    /// One cell: neutralised if it could be a formula, then quoted if it holds the delimiter, a
    /// quote, a CR or an LF (checked on Unicode scalars: CR LF and a delimiter followed by a
    /// combining mark are single `Character`s in Swift).
    static func cell(_ value: String, delimiter: Character) -> String {
        var value = ReportText.neutralised(value)
        if let first = value.unicodeScalars.first, formulaStarts.contains(first) {
            value = "'" + value
        }
        let special = Set(delimiter.unicodeScalars).union(["\"", "\r", "\n"])
        guard value.unicodeScalars.contains(where: special.contains) else { return value }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in value.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append("\"") }
        }
        quoted.append("\"")
        return String(quoted)
    }
}
