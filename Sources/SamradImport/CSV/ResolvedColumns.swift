import SamradCore

/// Which column of a table holds what: found from the round's mapping, else by the columns' names.
struct ResolvedColumns {
    /// The column naming the body.
    var body: Int
    /// The column with the submission time.
    var date: Int?
    /// Goal area id → its text column.
    var areas: [Int: Int]
    /// Goal area id → its stance column.
    var stances: [Int: Int]
    /// The general comment column.
    var general: Int?
    /// Columns that match nothing, in file order.
    var unused: [Int]

    // Names as the form tools write them, compared without case or accents, most specific first.

    /// Names of a column that names the body.
    static let bodyNames = ["Nämnd/bolag", "Nämnd", "Bolag", "Organisation"]
    /// Words of a question that asks for the body, e.g. "Vilken nämnd eller vilket bolag svarar?".
    static let bodyWords = ["nämnd", "bolag", "organisation"]
    /// Names of columns that identify the body less directly: a name, an address, a code.
    static let bodyFallbackNames = ["Namn", "E-postadress", "Email Address", "Email", "E-post", "Kod"]
    /// Names of the submission time's column, the completion before the start.
    static let dateNames = [
        "Completion time", "Slutförandetid", "Tid för slutförande", "Tidsstämpel", "Timestamp", "Submitted", "Inskickad",
        "Datum", "Date", "Starttid", "Start time",
    ]
    /// Word stems of a stance column's name.
    static let stanceStems = ["ställningstagande", "tillstyrker", "avstyrker", "stance", "ståndpunkt"]
    /// Names of a general comment's column.
    static let generalNames = ["Synpunkter", "Kommentar", "Kommentarer", "Comment", "Comments", "Yttrande", "Fritext"]
    /// Word stems of a general comment column's name, e.g. "Övriga synpunkter".
    static let generalStems = ["övrig", "allmän", "generell", "general", "other"]
    /// Columns that form tools add and that hold nothing to import.
    static let metadataNames = ["ID", "Name", "Last modified time", "Senast ändrad", "Svars-id", "Response ID", "Respondent ID"]

    /// Resolves the columns, throwing when the body or every answer column is missing or a name is ambiguous.
    init(table: CSVTable, file: String, goalAreas: [GoalArea], mapping: CSVMapping?) throws(CSVImportError) {
        let names = table.header.map(ColumnName.init)
        let problems = Problems(file: file, line: table.headerLine, header: table.header)
        let mapping = mapping ?? CSVMapping()
        var claimed = Set<Int>()

        func mapped(_ column: String?, _ role: String) throws(CSVImportError) -> Int? {
            guard let column else { return nil }
            let index = try problems.column(named: column, role: role, in: names)
            claimed.insert(index)
            return index
        }
        func first(in candidates: [String]) -> Int? {
            for candidate in candidates {
                if let index = names.indices.first(where: { !claimed.contains($0) && names[$0].isOne(of: [candidate]) }) {
                    claimed.insert(index)
                    return index
                }
            }
            return nil
        }

        // What the round's file names comes first, so that guessing never takes its columns.
        let areaIDs = Set(goalAreas.map(\.id))
        if let id = Set(mapping.areas.keys).union(mapping.stances.keys).subtracting(areaIDs).min() {
            throw problems.unknownGoalArea(id, goalAreas: goalAreas)
        }
        var body = try mapped(mapping.body, "body")
        var date = try mapped(mapping.date, "date")
        var general = try mapped(mapping.general, "general")
        var areas: [Int: Int] = [:]
        var stances: [Int: Int] = [:]
        for (id, column) in mapping.areas.sorted(by: { $0.key < $1.key }) {
            areas[id] = try mapped(column, "areas: \(id)")
        }
        for (id, column) in mapping.stances.sorted(by: { $0.key < $1.key }) {
            stances[id] = try mapped(column, "stances: \(id)")
        }

        if mapping.date == nil { date = first(in: Self.dateNames) }
        if mapping.body == nil { body = first(in: Self.bodyNames) }

        // Stance columns: a stance word and the area's title or number anywhere in the name.
        let stanceLike = Set(names.indices.filter { !claimed.contains($0) && names[$0].hasWord(startingWith: Self.stanceStems) })
        for index in stanceLike.sorted() {
            let name = names[index]
            guard let id = name.areaByTitle(goalAreas) ?? name.areaByNumber(goalAreas, anywhere: true),
                mapping.stances[id] == nil
            else { continue }
            if let other = stances[id] {
                throw problems.ambiguous(
                    [other, index], role: "the stance on goal area \(id)", example: { "stances: { \(id): \"\($0)\" }" })
            }
            stances[id] = index
            claimed.insert(index)
        }

        // Text columns: the area's title in the name, or its number in a form such as "Målområde 2", "2." or "Q2".
        for index in names.indices where !claimed.contains(index) && !stanceLike.contains(index) {
            let name = names[index]
            guard let id = name.areaByTitle(goalAreas) ?? name.areaByNumber(goalAreas, anywhere: false), mapping.areas[id] == nil
            else { continue }
            if let other = areas[id] {
                throw problems.ambiguous([other, index], role: "the answer on goal area \(id)", example: { "areas: { \(id): \"\($0)\" }" })
            }
            areas[id] = index
            claimed.insert(index)
        }

        if mapping.general == nil {
            let candidates = names.indices.filter { index in
                !claimed.contains(index) && !stanceLike.contains(index)
                    && (names[index].isOne(of: Self.generalNames) || names[index].hasWord(startingWith: Self.generalStems))
            }
            if candidates.count > 1 { throw problems.ambiguous(candidates, role: "the general comment", example: { "general: \"\($0)\"" }) }
            general = candidates.first
            if let general { claimed.insert(general) }
        }

        if body == nil {
            // A question such as "Vilken nämnd eller vilket bolag svarar?" before a name, an address or a code.
            let candidates = names.indices.filter {
                !claimed.contains($0) && !stanceLike.contains($0) && names[$0].hasWord(startingWith: Self.bodyWords)
            }
            if candidates.count > 1 { throw problems.ambiguous(candidates, role: "the body that answered", example: { "body: \"\($0)\"" }) }
            body = candidates.first
            if let body { claimed.insert(body) } else { body = first(in: Self.bodyFallbackNames) }
        }

        guard let body else { throw problems.noBodyColumn() }
        guard !areas.isEmpty || !stances.isEmpty || general != nil else { throw problems.noAnswerColumns(goalAreas: goalAreas) }

        let known = Self.bodyNames + Self.bodyFallbackNames + Self.dateNames + Self.metadataNames
        self.body = body
        self.date = date
        self.areas = areas
        self.stances = stances
        self.general = general
        self.unused = names.indices.filter { !claimed.contains($0) && !names[$0].isOne(of: known) }
    }

    /// Builds the errors about columns, for one file.
    private struct Problems {
        var file: String
        var line: Int
        var header: [String]

        /// The header's names, quoted and listed.
        var columnList: String { header.map { "'\($0)'" }.joined(separator: ", ") }

        func column(named column: String, role: String, in names: [ColumnName]) throws(CSVImportError) -> Int {
            if let exact = header.firstIndex(of: column) { return exact }
            let folded = ColumnName.fold(column)
            let matches = names.indices.filter { names[$0].folded == folded }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 { throw ambiguous(matches, role: "'\(column)', named in the round's csv: \(role)", example: nil) }
            throw CSVImportError(
                .unknownColumn, file: file, line: line,
                "the round's file maps csv: \(role) to the column '\(column)', which the header on line \(line) does not have; "
                    + "the columns are \(columnList)",
                fix: "correct the column name under csv: in the round's file, or export the file again with that column")
        }

        func ambiguous(_ indices: [Int], role: String, example: ((String) -> String)?) -> CSVImportError {
            let columns = indices.map { "'\(header[$0])'" }.joined(separator: " and ")
            let fix =
                example.map { "say which column it is in the round's file, e.g. csv: { \($0(header[indices[0]])) }" }
                ?? "rename one of the columns so that their names differ"
            return CSVImportError(.ambiguousColumn, file: file, line: line, "the columns \(columns) could both hold \(role)", fix: fix)
        }

        func unknownGoalArea(_ id: Int, goalAreas: [GoalArea]) -> CSVImportError {
            let ids = goalAreas.map { String($0.id) }.joined(separator: ", ")
            return CSVImportError(
                .unknownColumn, file: file, line: nil,
                "the round's csv: mapping names goal area \(id), but the round's goal areas are \(ids)",
                fix: "use the id of one of the round's goal_areas under csv: areas and csv: stances")
        }

        func noBodyColumn() -> CSVImportError {
            let expected = (ResolvedColumns.bodyNames + ResolvedColumns.bodyFallbackNames).map { "'\($0)'" }.joined(separator: ", ")
            return CSVImportError(
                .noBodyColumn, file: file, line: line,
                "no column names the body that answered; the columns on line \(line) are \(columnList)",
                fix: "name the column \(expected), or say which column it is in the round's file: csv: { body: \"<column>\" }")
        }

        func noAnswerColumns(goalAreas: [GoalArea]) -> CSVImportError {
            let example = goalAreas.first.map { "'Målområde \($0.id)' or '\($0.title)'" } ?? "'Målområde 1'"
            return CSVImportError(
                .noAnswerColumns, file: file, line: line,
                "no column holds answers: none names a goal area or a general comment; the columns on line \(line) are \(columnList)",
                fix: "name the answer columns after the goal areas, e.g. \(example), or map them in the round's file: "
                    + "csv: { areas: { 1: \"<column>\" } }")
        }
    }
}
