import Foundation

/// CSV that opens correctly in Swedish Excel: UTF-8 with a byte-order mark, `;` between cells,
/// CRLF between rows, RFC 4180 quoting, and formulas neutralised (see ``CSVReport``).
public enum SpreadsheetCSV {
    /// The whole file: the header row, then the rows.
    public static func render(header: [String], rows: [[String]], delimiter: Character = ";") -> Data {
        let text = ([header] + rows).map { row in
            row.map { CSVReport.cell($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
        }.joined()
        return Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    }
}
