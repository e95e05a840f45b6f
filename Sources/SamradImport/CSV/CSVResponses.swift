import Foundation
import SamradCore

/// Reads the answers in a CSV export of a form (Microsoft Forms, Google Forms, Netigate) or an Excel sheet.
///
/// ```swift
/// let (text, _) = try CSVText.decode(data, file: path)
/// let table = try CSVTable.parse(text, file: path)
/// let (answers, warnings) = try CSVResponses.read(table, file: path, goalAreas: round.goalAreas, mapping: nil)
/// ```
public enum CSVResponses {
    /// Maps each row of a table to a body's answer on the round's goal areas.
    ///
    /// Without a mapping, columns are found by name, ignoring case and accents, as form tools name them:
    /// the body ("Nämnd/bolag", "Nämnd", "Bolag", "Organisation", "Namn", "E-postadress", "Email Address",
    /// "Email", "Kod"), the date ("Completion time", "Tidsstämpel", "Timestamp", "Starttid", …), a goal area by its
    /// number ("Målområde 1", "1.", "Mål 1", "Q1 …") or its title in the name, its stance by "Ställningstagande",
    /// "Tillstyrker" or "Stance" with the area's number or title, and a general comment ("Övriga synpunkter", …).
    /// A mapping names columns instead; what it leaves out is still found by name.
    ///
    /// - Parameters:
    ///   - table: the parsed file.
    ///   - file: the file as the user named it, for messages.
    ///   - goalAreas: the round's goal areas.
    ///   - mapping: the round's `csv:` mapping, if it has one.
    ///   - window: when answers can have been written: from the round's mailout to now. A date outside it is refused,
    ///     unless the mapping names the column's date format.
    /// - Returns: one answer per row that has one, and warnings for rows skipped and columns not imported.
    /// - Throws: when no column names the body or holds answers, a column is ambiguous, a date cannot be read or
    ///   falls outside the window, or a row has answers but no body.
    public static func read(
        _ table: CSVTable, file: String, goalAreas: [GoalArea], mapping: CSVMapping?, window: ClosedRange<Date>? = nil
    ) throws(CSVImportError) -> (answers: [CSVAnswer], warnings: [Diagnostic]) {
        let columns = try ResolvedColumns(table: table, file: file, goalAreas: goalAreas, mapping: mapping)
        var warnings: [Diagnostic] = []
        for index in columns.unused where table.rows.contains(where: { !clean($0.cells[index]).isEmpty }) {
            let column = table.header[index]
            warnings.append(
                Diagnostic(
                    .warning, at: SourceLocation(file: file, line: table.headerLine),
                    "the column '\(column)' is not imported: its name matches no goal area, stance, comment, body or date",
                    fix: "if it holds answers, map it under csv: (areas, stances or general) in the round's file, "
                        + "e.g. csv: { general: \"\(column)\" }"))
        }

        let dates = columns.date.map { index in
            CSVDateReader(column: table.rows.map { clean($0.cells[index]) }, named: mapping?.dateOrder, window: window)
        }
        let areaIDs = Set(columns.areas.keys).union(columns.stances.keys).sorted()
        var answers: [CSVAnswer] = []
        for row in table.rows {
            let cells = row.cells.map(clean)
            guard cells.contains(where: { !$0.isEmpty }) else { continue }  // a row of empty cells, e.g. `;;;;` from Excel

            var areas: [Int: CSVAnswer.Area] = [:]
            for id in areaIDs {
                let text = columns.areas[id].map { cells[$0] } ?? ""
                let stance = columns.stances[id].map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                if !text.isEmpty || stance != nil { areas[id] = CSVAnswer.Area(text: text, stance: stance) }
            }
            let general = columns.general.map { cells[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            let bodyCell = cells[columns.body]
            let bodyColumn = table.header[columns.body]

            guard !areas.isEmpty || general != nil else {
                let who = bodyCell.isEmpty ? "the row" : "'\(bodyCell)'"
                warnings.append(
                    Diagnostic(
                        .warning, at: SourceLocation(file: file, line: row.line),
                        "line \(row.line) is skipped: \(who) has no answer on any goal area and no comment",
                        fix: "if the row should hold answers, check that its answer columns are named after the goal areas "
                            + "or mapped under csv: in the round's file"))
                continue
            }
            guard !bodyCell.isEmpty else {
                throw CSVImportError(
                    .missingBody, file: file, line: row.line,
                    "line \(row.line) has answers but its column '\(bodyColumn)' is empty, so it cannot be told whose they are",
                    fix: "fill in the body's code, name or address in '\(bodyColumn)' on line \(row.line), or delete the line")
            }

            var submittedAt: Date?
            if let index = columns.date, let dates, !cells[index].isEmpty {
                guard let instant = dates.instant(cells[index]) else {
                    throw unreadableDate(cells[index], column: table.header[index], line: row.line, file: file)
                }
                if let window, mapping?.dateOrder == nil, !window.contains(instant) {
                    throw outsideRound(
                        cells[index], read: instant, column: table.header[index], line: row.line, file: file, window: window)
                }
                submittedAt = instant
            }
            answers.append(CSVAnswer(line: row.line, bodyCell: bodyCell, submittedAt: submittedAt, areas: areas, general: general))
        }
        return (answers, warnings)
    }

    private static func outsideRound(
        _ value: String, read instant: Date, column: String, line: Int, file: String, window: ClosedRange<Date>
    ) -> CSVImportError {
        let when =
            instant > window.upperBound
            ? "after now (\(SwedishTime.short(window.upperBound)))" : "before the mailout (\(SwedishTime.short(window.lowerBound)))"
        return CSVImportError(
            .unreadableDate, file: file, line: line,
            "line \(line) has '\(value)' in '\(column)', read as \(SwedishTime.short(instant)), which is \(when)",
            fix: "if the form tool writes the date another way, say how in the round's file, e.g. csv: { date_format: M/D/YY } "
                + "(month first) or D/M/YY (day first), and add the round again")
    }

    private static func unreadableDate(_ value: String, column: String, line: Int, file: String) -> CSVImportError {
        // Excel writes a date cell formatted as a number as its serial number, e.g. 43599,57 for 2019-05-14 13:45.
        let serial = Double(value.replacingOccurrences(of: ",", with: ".")) != nil
        let fix =
            serial
            ? "the cell holds a number, as Excel writes a date cell formatted as a number: format the column '\(column)' "
                + "as a date and time (ÅÅÅÅ-MM-DD tt:mm) and save the file again"
            : "write it as 2019-05-14 13:45 (Swedish time) or as the form tool exported it, or leave the cell empty"
        return CSVImportError(
            .unreadableDate, file: file, line: line, "line \(line) has '\(value)' in '\(column)', which is not a date and time", fix: fix)
    }

    /// A cell without white space at either end, its line breaks written as `\n`.
    static func clean(_ cell: String) -> String {
        let trimmed = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.unicodeScalars.contains("\r") else { return trimmed }
        return trimmed.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
