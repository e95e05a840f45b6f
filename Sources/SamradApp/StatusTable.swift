import Foundation
import SamradCore

/// The status of a round as a text table for the terminal.
public enum StatusTable {
    /// One line per body: id, name, sent, one column per goal area, late; then the totals.
    public static func render(_ status: ConsultationStatus) -> String {
        let areas = status.goalAreas.map { String($0.id) }
        var rows: [[String]] = [["body", "name", "sent"] + areas.map { "mål \($0)" } + ["late"]]
        for row in status.rows {
            let sent = row.sentAt.map { SwedishTime.short($0) } ?? (row.delivery?.rawValue ?? "—")
            let answers = areas.map { row.answers[$0]?.swedish ?? "—" }
            rows.append([row.id, row.name, sent] + answers + [row.late ? "sen" : ""])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { cells in
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        let totals = status.totals
        let summary =
            "\(totals.recipients) bodies: \(totals.sent) sent, \(totals.answered) answered, "
            + "\(totals.partlyAnswered) partly answered, \(totals.late) late (deadline \(status.deadline))"
        return (lines + [summary]).joined(separator: "\n")
    }
}
