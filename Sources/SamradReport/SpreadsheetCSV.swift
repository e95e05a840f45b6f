import Foundation

/// CSV that opens correctly in Swedish Excel: UTF-8 with a byte-order mark, `;` between cells,
/// CRLF between rows, RFC 4180 quoting, and formulas neutralised.
public enum SpreadsheetCSV {
    /// The whole file: the header row, then the rows.
    public static func render(header: [String], rows: [[String]], delimiter: Character = ";") -> Data {
        var text = "\u{FEFF}"
        for row in [header] + rows {
            text += row.map { cell($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
        }
        return Data(text.utf8)
    }

    /// One cell: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'` so no spreadsheet runs it as a
    /// formula (OWASP's advice on CSV injection); quoted when it holds the delimiter, a quote or a line break.
    public static func cell(_ value: String, delimiter: Character = ";") -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        if text.contains(delimiter) || text.contains("\"") || text.contains("\n") || text.contains("\r") {
            text = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
