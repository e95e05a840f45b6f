import Foundation
import SamradCore
import SamradReport
import SamradStore

/// A round's register and audit trail as text for the terminal and as CSV for Swedish Excel: `log`.
public enum RegisterText {
    /// One line per entry in the report's Swedish words, then the count. `outbox` holds the register numbers of
    /// the messages out that were written to the outbox rather than sent.
    public static func table(_ entries: [RegisterEntry], outbox: Set<Int> = []) -> [String] {
        entries.map { entry in
            "\(entry.registration)  \(SwedishTime.short(entry.date))  \(entry.direction == .incoming ? "in " : "ut ")  "
                + "\(pad(SwedishWords.kind(entry.kind), 10)) \(TerminalText.safe(entry.counterpart, singleLine: true)) — "
                + "\(TerminalText.safe(entry.subject, singleLine: true)) [\(state(entry, outbox: outbox))]"
        } + ["\(entries.count) poster."]
    }

    /// An entry's state in Swedish.
    static func state(_ entry: RegisterEntry, outbox: Set<Int>) -> String {
        SwedishWords.registerState(entry.state, outbox: entry.direction == .outgoing && outbox.contains(entry.number))
    }

    /// The register as CSV for Swedish Excel: UTF-8 with BOM, `;`, CRLF, and the date and the time in columns of
    /// their own (`2019-04-11`, `08:30`), which Excel reads as a date and a time.
    public static func csv(_ entries: [RegisterEntry], outbox: Set<Int> = []) -> Data {
        SpreadsheetCSV.render(
            header: ["diarienummer", "datum", "tid", "riktning", "motpart", "ärende", "slag", "status"],
            rows: entries.map {
                [
                    $0.registration, LocalDate(containing: $0.date).description, clock($0.date), $0.direction == .incoming ? "in" : "ut",
                    $0.counterpart, $0.subject, SwedishWords.kind($0.kind), state($0, outbox: outbox),
                ]
            })
    }

    /// The Swedish wall-clock time of an instant, e.g. `08:30`.
    static func clock(_ instant: Date) -> String {
        let parts = SwedishTime.calendar.dateComponents([.hour, .minute], from: instant)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// One line per audit entry.
    public static func auditTable(_ trail: [AuditEntry]) -> [String] {
        trail.map { "\(SwedishTime.short($0.at))  \($0.user)  \($0.command): \(TerminalText.safe($0.detail, singleLine: true))" }
    }

    /// The audit trail as CSV.
    public static func auditCSV(_ trail: [AuditEntry]) -> Data {
        SpreadsheetCSV.render(
            header: ["tid", "användare", "kommando", "ändring"],
            rows: trail.map { [SwedishTime.iso8601($0.at), $0.user, $0.command, $0.detail] })
    }
}
