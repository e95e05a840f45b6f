import Foundation
import SamradCore
import SamradStore

/// The status of a round as text for the terminal, in the Swedish words the report uses.
public enum StatusTable {
    /// One line per body: code, name, the mailout, one column per goal area, whether its answer is complete, and
    /// whether it is late; then the totals.
    public static func render(_ status: ConsultationStatus) -> String {
        let areas = status.goalAreas.map { String($0.id) }
        var rows: [[String]] = [["kod", "namn", "utskick"] + areas.map { "mål \($0)" } + ["svar", "sen"]]
        for row in status.rows {
            let answers = areas.map { row.answers[$0]?.swedish ?? "—" }
            let answered = row.complete ? "komplett" : row.answers.isEmpty ? "inget" : "ofullständigt"
            rows.append([row.id, TerminalText.safe(row.name), mailout(row)] + answers + [answered, row.late ? "SEN" : ""])
        }
        let totals = status.totals
        let failed = totals.failed > 0 ? " (\(totals.failed) MISSLYCKADES)" : ""
        let summary =
            "\(totals.recipients) nämnder och bolag: utskick till \(totals.sent)\(failed); "
            + "\(totals.answered) kompletta svar, \(totals.partlyAnswered) ofullständiga, \(totals.late) sena "
            + "(sista svarsdag \(status.deadline))"
        return (table(rows) + [summary]).joined(separator: "\n")
    }

    /// The mailout's state at the body's mailbox.
    static func mailout(_ row: ConsultationStatus.Row) -> String {
        if row.waiting { return "väntar (--include-new)" }
        return switch row.delivery {
        case nil: "ej köat"
        case .queued?: "i kö"
        case .sending?: "skickas"
        case .sent?: row.sentAt.map { SwedishTime.short($0) } ?? "skickat"
        case .deferred?: "uppskjutet"
        case .failed?: "MISSLYCKADES"
        }
    }

    /// One body in detail: per goal area its standing stance and where it was read, then its answers in order.
    public static func render(_ status: ConsultationStatus, body: String, answers: [Response]) -> String {
        guard let row = status.rows.first(where: { $0.id == body }) else { return "\(body) is not a recipient of \(status.consultation)." }
        var lines = ["\(row.id)  \(TerminalText.safe(row.name))", "utskick: \(mailout(row))"]
        lines.append(
            "svar: \(row.complete ? "komplett" : row.answers.isEmpty ? "inget" : "ofullständigt")"
                + (row.late ? ", SENT" : "") + (row.answeredAt.map { ", första svaret \(SwedishTime.short($0))" } ?? ""))
        lines.append("")
        for area in status.goalAreas {
            let key = String(area.id)
            lines.append("Målområde \(area.id). \(area.title): \(row.answers[key]?.swedish ?? "inget svar")")
            if let evidence = row.evidence[key] {
                lines.append("    «\(TerminalText.safe(evidence.clause))»")
                lines.append("    \(evidence.placeInSwedish); \(evidence.rule.swedish)")
            }
        }
        if !answers.isEmpty {
            lines += ["", "Svar i ordning:"]
            for answer in answers {
                let stances = answer.contributions.compactMap { item -> String? in
                    guard let area = item.goalArea else { return nil }
                    return "\(area): \(item.stance?.swedish ?? "rensat")"
                }
                let withdrawn = answer.withdrawnAt.map { "  (återtaget \(SwedishTime.short($0)))" } ?? ""
                lines.append(
                    "  \(SwedishTime.short(answer.receivedAt))  \(answer.registration ?? "—")  \(SwedishWords.answer(answer.kind))  "
                        + "\(stances.joined(separator: ", "))\(withdrawn)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Rows padded to columns.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { cells in
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
