import SamradCore

/// Why a CSV file cannot be imported: the file, the line, what is wrong and what to do.
///
/// Printed the way compilers print theirs:
/// ```
/// svar.csv:7: error: line 7 has 4 cells but the header on line 1 has 5
///     fix: …
/// ```
public struct CSVImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for callers that treat some kinds differently.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: String, Sendable {
            case emptyFile
            case notText
            case undecodable
            case delimiter
            case cellCount
            case unknownColumn
            case ambiguousColumn
            case noBodyColumn
            case noAnswerColumns
            case missingBody
            case unreadableDate
        }

        private let code: Code

        private init(_ code: Code) { self.code = code }

        /// The file has no bytes, or nothing but a byte-order mark or blank lines.
        public static let emptyFile = Kind(.emptyFile)
        /// The file is not text at all: a workbook, or text with NUL bytes.
        public static let notText = Kind(.notText)
        /// The bytes are not valid in the file's encoding.
        public static let undecodable = Kind(.undecodable)
        /// No `;`, `,` or tab separates the header's cells.
        public static let delimiter = Kind(.delimiter)
        /// A row has more or fewer cells than the header.
        public static let cellCount = Kind(.cellCount)
        /// The round's `csv:` mapping names a column the file does not have, or a goal area the round does not have.
        public static let unknownColumn = Kind(.unknownColumn)
        /// Two columns could hold the same thing, and guessing would be unsafe.
        public static let ambiguousColumn = Kind(.ambiguousColumn)
        /// No column names the body that answered.
        public static let noBodyColumn = Kind(.noBodyColumn)
        /// No column holds an answer on a goal area or a general comment.
        public static let noAnswerColumns = Kind(.noAnswerColumns)
        /// A row has answers but an empty body cell.
        public static let missingBody = Kind(.missingBody)
        /// A date cell is not in any form that form tools or Excel write.
        public static let unreadableDate = Kind(.unreadableDate)

        /// The kind's name, e.g. `cellCount`.
        public var description: String { code.rawValue }
    }

    /// What kind of problem it is.
    public var kind: Kind
    /// The file as the user named it.
    public var file: String
    /// The 1-based line where the problem is; `nil` when it concerns the whole file.
    public var line: Int?
    /// What is wrong, naming the offending value.
    public var reason: String
    /// What the user can do about it.
    public var fix: String

    /// Creates an error.
    public init(_ kind: Kind, file: String, line: Int?, _ reason: String, fix: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.reason = reason
        self.fix = fix
    }

    /// The same problem as a diagnostic, to print or collect beside others (line 1 when it concerns the whole file).
    public var diagnostic: Diagnostic {
        Diagnostic(.error, at: SourceLocation(file: file, line: line ?? 1), reason, fix: fix)
    }

    /// `file:line: error: reason` and the fix on its own line.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): error: \(reason)\n    fix: \(fix)"
    }
}
