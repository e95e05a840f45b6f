import CSV
import Foundation

/// A CSV file split into a header and rows, each row with the line it starts on.
///
/// ```swift
/// let table = try CSVTable.parse(text, file: "svar/bun.csv")
/// for row in table.rows { print(row.line, row.cells) }
/// ```
public struct CSVTable: Sendable, Equatable {
    /// The column names, trimmed of surrounding white space.
    public var header: [String]
    /// The 1-based line the header starts on (after any blank lines at the top).
    public var headerLine: Int
    /// The records after the header, blank lines left out; each has as many cells as the header.
    public var rows: [Row]
    /// The character that separates cells: `;`, `,` or a tab.
    public var delimiter: Character

    /// One record of the file.
    public struct Row: Sendable, Equatable {
        /// The 1-based line where the record starts (a quoted cell may continue on later lines).
        public var line: Int
        /// The cells, as written (quotes removed, white space kept).
        public var cells: [String]

        /// Creates a row.
        public init(line: Int, cells: [String]) {
            self.line = line
            self.cells = cells
        }
    }

    /// Creates a table from parts already split.
    public init(header: [String], headerLine: Int = 1, rows: [Row], delimiter: Character) {
        self.header = header
        self.headerLine = headerLine
        self.rows = rows
        self.delimiter = delimiter
    }

    /// The delimiters tried, in the order that breaks a tie: Swedish Excel's `;` first.
    static let delimiters: [Unicode.Scalar] = [";", "\t", ","]

    /// How many records after the header decide the delimiter.
    static let sampleSize = 50

    /// Splits CSV text into a header and rows, finding the delimiter from the header and the first records.
    ///
    /// The delimiter is the one of `;`, tab and `,` that gives the header more than one cell and every sampled
    /// record the header's cell count; a Swedish Excel file whose numbers have decimal commas splits on `;`.
    ///
    /// - Parameters:
    ///   - text: the file's text, e.g. from ``CSVText/decode(_:file:)``.
    ///   - file: the file as the user named it, for error messages.
    /// - Throws: when the file holds no header, no delimiter can be found, or a row has the wrong number of cells.
    public static func parse(_ text: String, file: String) throws(CSVImportError) -> CSVTable {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        let delimiter = try detectDelimiter(in: text, file: file)
        let records = records(in: text, delimiter: delimiter, limit: nil)
        guard let first = records.first else { throw noHeader(file: file) }

        let header = first.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var rows: [Row] = []
        rows.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            guard record.cells.count == header.count else {
                throw cellCountError(record, header: header, headerLine: first.line, delimiter: delimiter, file: file)
            }
            rows.append(Row(line: record.line, cells: record.cells))
        }
        return CSVTable(header: header, headerLine: first.line, rows: rows, delimiter: Character(delimiter))
    }

    // MARK: - Delimiter

    private static func detectDelimiter(in text: String, file: String) throws(CSVImportError) -> Unicode.Scalar {
        struct Candidate {
            var delimiter: Unicode.Scalar
            var headerCells: Int
            var matchingRecords: Int
            var sampledRecords: Int
            var consistent: Bool { headerCells > 1 && matchingRecords == sampledRecords }
        }
        var candidates: [Candidate] = []
        var headerLine = 1
        for delimiter in delimiters {
            let sample = records(in: text, delimiter: delimiter, limit: sampleSize + 1)
            guard let header = sample.first else { throw noHeader(file: file) }
            headerLine = header.line
            let rest = sample.dropFirst()
            candidates.append(
                Candidate(
                    delimiter: delimiter, headerCells: header.cells.count,
                    matchingRecords: rest.count(where: { $0.cells.count == header.cells.count }), sampledRecords: rest.count))
        }
        // The first of the most cells wins a tie, so `;` beats `,` when both split evenly.
        func best(_ list: [Candidate], by key: (Candidate) -> (Int, Int)) -> Candidate? {
            list.reduce(nil) { best, next in
                guard let best else { return next }
                return key(next) > key(best) ? next : best
            }
        }
        if let consistent = best(candidates.filter(\.consistent), by: { ($0.headerCells, 0) }) {
            return consistent.delimiter
        }
        // None splits every sampled record evenly: take the likeliest, and let the row check name the bad line.
        if let likeliest = best(candidates.filter { $0.headerCells > 1 }, by: { ($0.matchingRecords, $0.headerCells) }) {
            return likeliest.delimiter
        }
        throw CSVImportError(
            .delimiter, file: file, line: headerLine,
            "the header on line \(headerLine) is a single cell: no ';', ',' or tab separates the column names",
            fix: "export the answers as CSV with one column per question (Excel: 'CSV (semikolonavgränsad)' or 'CSV UTF-8')")
    }

    // MARK: - Records

    /// One record as the CSV library split it, with the line it starts on.
    struct Record {
        var line: Int
        var cells: [String]
    }

    /// Splits text into records with the CSV library, leaving out blank lines.
    ///
    /// The library keeps the line breaks inside quoted cells and ends each record at exactly one line
    /// break (LF, CR LF or CR), so a record's first line is one more than the line breaks before it.
    static func records(in text: String, delimiter: Unicode.Scalar, limit: Int?) -> [Record] {
        // `CSVReader(string:)` throws only when asked to read a header row, which it is not.
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter) else {
            return []
        }
        var records: [Record] = []
        var line = 1
        while let cells = reader.next() {
            let start = line
            line += 1 + cells.reduce(0) { $0 + LineCounter.breaks(in: $1) }
            if cells.count == 1, cells[0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            records.append(Record(line: start, cells: cells))
            if let limit, records.count >= limit { break }
        }
        return records
    }

    // MARK: - Errors

    private static func noHeader(file: String) -> CSVImportError {
        CSVImportError(
            .emptyFile, file: file, line: nil, "the file is empty: it holds only blank lines",
            fix: "export the answers again from the form tool or Excel; the file must hold a header line and one line per answer")
    }

    private static func cellCountError(
        _ record: Record, header: [String], headerLine: Int, delimiter: Unicode.Scalar, file: String
    ) -> CSVImportError {
        let name = delimiter == "\t" ? "tab" : "'\(delimiter)'"
        let spansLines = record.cells.contains { LineCounter.breaks(in: $0) > 0 }
        let quoteHint = spansLines ? "; the record runs over several lines, so a quote (\") may be left open" : ""
        return CSVImportError(
            .cellCount, file: file, line: record.line,
            "line \(record.line) has \(record.cells.count) cells but the header on line \(headerLine) has \(header.count)",
            fix: "every line needs \(header.count) cells separated by \(name): look for a missing or extra \(name) on line "
                + "\(record.line)\(quoteHint); a cell that holds \(name) must be quoted")
    }
}
