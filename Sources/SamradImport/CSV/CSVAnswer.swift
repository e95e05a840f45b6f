import Foundation

/// One body's answer, read from one row of a CSV export.
public struct CSVAnswer: Sendable, Equatable {
    /// What the row says on one goal area.
    public struct Area: Sendable, Equatable {
        /// The text, trimmed, with line breaks as `\n`; empty when the row gives only a stance.
        public var text: String
        /// The stance as written (e.g. "Tillstyrker"), or `nil` when the cell is empty or there is no stance column.
        public var stance: String?

        /// Creates the answer on a goal area.
        public init(text: String, stance: String? = nil) {
            self.text = text
            self.stance = stance
        }
    }

    /// The 1-based line where the row starts.
    public var line: Int
    /// The body cell as written, trimmed: a code, a name or an address for the matcher to resolve.
    public var bodyCell: String
    /// When the answer was submitted, read as Swedish time; `nil` without a date column or with an empty cell.
    public var submittedAt: Date?
    /// Goal area id → the answer on it; an area whose cells are empty is absent.
    public var areas: [Int: Area]
    /// The general comment, or `nil` when there is none.
    public var general: String?

    /// Creates an answer.
    public init(line: Int, bodyCell: String, submittedAt: Date? = nil, areas: [Int: Area] = [:], general: String? = nil) {
        self.line = line
        self.bodyCell = bodyCell
        self.submittedAt = submittedAt
        self.areas = areas
        self.general = general
    }
}
