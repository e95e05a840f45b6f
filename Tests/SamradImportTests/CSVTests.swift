import Foundation
import SamradCore
import Testing

@testable import SamradImport

private let goalAreas = [
    GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"),
    GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
    GoalArea(id: 3, title: "Kunskap, hälsa och fritid"),
    GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
]

/// A fixture's bytes, from `Fixtures/csv/`.
private func fixture(_ name: String) throws -> Data {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/csv/\(name)", withExtension: nil))
    return try Data(contentsOf: url)
}

/// Everything the import reads from one file.
private struct Imported {
    var encoding: String
    var table: CSVTable
    var answers: [CSVAnswer]
    var warnings: [Diagnostic]
}

/// Decodes, splits and maps bytes as the importer does.
private func read(_ data: Data, file: String, mapping: CSVMapping? = nil) throws(CSVImportError) -> Imported {
    let (text, encoding) = try CSVText.decode(data, file: file)
    let table = try CSVTable.parse(text, file: file)
    let (answers, warnings) = try CSVResponses.read(table, file: file, goalAreas: goalAreas, mapping: mapping)
    return Imported(encoding: encoding, table: table, answers: answers, warnings: warnings)
}

private func read(fixture name: String, mapping: CSVMapping? = nil) throws -> Imported {
    try read(fixture(name), file: name, mapping: mapping)
}

private func read(_ text: String, file: String = "test.csv", mapping: CSVMapping? = nil) throws(CSVImportError) -> Imported {
    try read(Data(text.utf8), file: file, mapping: mapping)
}

/// An instant written with its offset, e.g. `2019-05-14T13:45:10+02:00`.
private func instant(_ text: String) throws -> Date {
    try #require(SwedishTime.parseInstant(text))
}

private typealias Area = CSVAnswer.Area

// MARK: - Form tools and Excel

@Suite struct CSVFormatTests {
    @Test func microsoftForms() throws {
        let imported = try read(fixture: "microsoft-forms.csv")
        #expect(imported.encoding == "UTF-8 with BOM")
        #expect(imported.table.delimiter == ",")
        #expect(imported.table.header.first == "ID")
        #expect(imported.table.header.count == 13)
        #expect(imported.table.rows.map(\.line) == [2, 5])
        #expect(imported.warnings == [])
        #expect(
            imported.answers == [
                CSVAnswer(
                    line: 2, bodyCell: "Barn- och utbildningsnämnden", submittedAt: try instant("2019-05-14T13:45:10+02:00"),
                    areas: [
                        1: Area(text: "Bra inriktning.\nSkolans lokaler behöver\nnämnas.", stance: "Tillstyrker"),
                        2: Area(text: "Vi vill se fler \"feriejobb\" för unga.", stance: "Tillstyrker"),
                        4: Area(text: "Trygga skolvägar."),
                    ]),
                CSVAnswer(
                    line: 5, bodyCell: "Hemsta Bostäder AB", submittedAt: try instant("2019-05-16T09:05:00+02:00"),
                    areas: [1: Area(text: "Bostadsbyggandet bör prioriteras.", stance: "Avstyrker")],
                    general: "Vi återkommer efter styrelsemötet."),
            ])
    }

    @Test func googleForms() throws {
        let imported = try read(fixture: "google-forms.csv")
        #expect(imported.encoding == "UTF-8")
        #expect(imported.table.delimiter == ",")
        #expect(imported.table.rows.map(\.line) == [2, 3])
        #expect(imported.warnings == [])
        #expect(
            imported.answers == [
                CSVAnswer(
                    line: 2, bodyCell: "linnea.persson@kommun.example", submittedAt: try instant("2019-05-14T13:45:10+02:00"),
                    areas: [
                        1: Area(text: "Fler trygghetsboenden.", stance: "Tillstyrker"),
                        3: Area(text: "Kultur för äldre, särskilt på landsbygden."),
                    ]),
                // 02/05 is 2 May: the column's 14/05 shows that the day comes first.
                CSVAnswer(
                    line: 3, bodyCell: "oskar.forsberg@kommun.example", submittedAt: try instant("2019-05-02T09:15:00+02:00"),
                    areas: [1: Area(text: "", stance: "Varken eller"), 2: Area(text: "Ny teknik i VA-nätet.")]),
            ])
    }

    @Test func netigate() throws {
        let imported = try read(fixture: "netigate.csv")
        #expect(imported.encoding == "UTF-8")
        #expect(imported.table.delimiter == ";")
        #expect(imported.table.rows.map(\.line) == [2, 3, 4, 5])
        #expect(
            imported.answers == [
                CSVAnswer(
                    line: 2, bodyCell: "BUN", submittedAt: try instant("2019-05-14T13:45:10+02:00"),
                    areas: [1: Area(text: "Fler förskoleplatser i Hemsta.")]),
                CSVAnswer(
                    line: 3, bodyCell: "HBAB", submittedAt: try instant("2019-05-15T08:30:00+02:00"),
                    areas: [4: Area(text: "Belysning i bostadsområden och trygghetsvandringar.")]),
                CSVAnswer(
                    line: 5, bodyCell: "KFN", submittedAt: try instant("2019-05-17T07:00:00+02:00"),
                    areas: [3: Area(text: "Bibliotekens öppettider.")], general: "Tack för dialogen."),
            ])
        let warning = try #require(imported.warnings.only)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "netigate.csv", line: 4))
        #expect(warning.message == "line 4 is skipped: 'TN' has no answer on any goal area and no comment")
    }

    @Test func swedishExcel() throws {
        let imported = try read(fixture: "excel-sv.csv")
        #expect(imported.encoding == "Windows-1252")
        #expect(imported.table.delimiter == ";")
        #expect(imported.table.header.first == "Nämnd")
        #expect(imported.table.rows.map(\.line) == [2, 3, 4])
        #expect(imported.table.rows.map { $0.cells.last } == ["12,5", "3,75", "0,5"])
        #expect(
            imported.answers == [
                CSVAnswer(
                    line: 2, bodyCell: "Barn- och utbildningsnämnden", submittedAt: try instant("2019-05-14T00:00:00+02:00"),
                    areas: [1: Area(text: "Satsa på skolgårdar – gröna ytor.", stance: "Tillstyrker")]),
                CSVAnswer(
                    line: 3, bodyCell: "Miljö- och byggnadsnämnden", submittedAt: try instant("2019-05-16T08:30:00+02:00"),
                    areas: [
                        2: Area(text: "Näringslivets behov", stance: "Varken eller"),
                        4: Area(text: "Tillgänglighet; även digitalt.", stance: "Tillstyrker"),
                    ]),
                CSVAnswer(
                    line: 4, bodyCell: "Kultur- och fritidsnämnden", submittedAt: try instant("2019-05-17T16:05:00+02:00"),
                    areas: [3: Area(text: "Fritidsgårdar’s öppettider, 1 000 €.", stance: "Avstyrker")]),
            ])
        let warning = try #require(imported.warnings.only)
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "excel-sv.csv", line: 1))
        #expect(warning.message.contains("'Budget (mnkr)' is not imported"))
    }

    @Test func excelUnicodeText() throws {
        let imported = try read(fixture: "excel-unicode.txt")
        #expect(imported.encoding == "UTF-16LE")
        #expect(imported.table.delimiter == "\t")
        #expect(imported.table.header.first == "Nämnd/bolag")
        #expect(imported.table.rows.map(\.line) == [2, 3])
        #expect(imported.warnings == [])
        #expect(
            imported.answers == [
                CSVAnswer(line: 2, bodyCell: "Hemsta Bostäder AB", areas: [1: Area(text: "Fler hyresrätter.")]),
                CSVAnswer(
                    line: 3, bodyCell: "Socialnämnden",
                    areas: [3: Area(text: "Förebyggande arbete\nmed unga."), 4: Area(text: "Trygghet i centrum.")],
                    general: "Inga övriga synpunkter."),
            ])
    }

    @Test func quotedCellOverSeveralLines() throws {
        let imported = try read(fixture: "quoted-multiline.csv")
        #expect(imported.encoding == "UTF-8")
        #expect(imported.table.rows.map(\.line) == [2, 5])
        #expect(imported.table.rows[0].cells[1] == "Vi tillstyrker \"Hållbar tillväxt\".\nSe bilaga,\r\nsidan 2.")
        #expect(
            imported.answers == [
                CSVAnswer(
                    line: 2, bodyCell: "SN", areas: [1: Area(text: "Vi tillstyrker \"Hållbar tillväxt\".\nSe bilaga,\nsidan 2.")],
                    general: "Inga."),
                CSVAnswer(line: 5, bodyCell: "TN", areas: [1: Area(text: "Kort, men \"tydligt\".")]),
            ])
    }
}

// MARK: - Malformed files

@Suite struct CSVMalformedTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var kind: CSVImportError.Kind
        var line: Int?
        var mentions: [String]
        var testDescription: String { file }
    }

    @Test(arguments: [
        Case(file: "missing-cell.csv", kind: .cellCount, line: 5, mentions: ["line 5 has 4 cells", "on line 1 has 5", "';'"]),
        Case(file: "bad-date.csv", kind: .unreadableDate, line: 3, mentions: ["'31/31/2019 25:00:00'", "'Tidsstämpel'"]),
        Case(
            file: "no-body-column.csv", kind: .noBodyColumn, line: 1,
            mentions: ["'Tidsstämpel', 'Målområde 1', 'Målområde 2'", "csv: { body:"]),
        Case(file: "empty.csv", kind: .emptyFile, line: nil, mentions: ["empty"]),
        Case(file: "invalid-bytes.csv", kind: .undecodable, line: 3, mentions: ["0x81 on line 3", "Windows-1252"]),
    ])
    func malformed(_ expected: Case) throws {
        let data = try fixture(expected.file)
        let error = try #require(throws: CSVImportError.self) { try read(data, file: expected.file) }
        #expect(error.kind == expected.kind)
        #expect(error.file == expected.file)
        #expect(error.line == expected.line)
        for text in expected.mentions {
            #expect(error.description.contains(text), "\(error)")
        }
        #expect(!error.fix.isEmpty)
        let location = expected.line.map { "\(expected.file):\($0): error: " } ?? "\(expected.file): error: "
        #expect(error.description.hasPrefix(location))
    }
}

// MARK: - Encodings

@Suite struct CSVTextTests {
    @Test func utf16BigEndian() throws {
        let data = Data([0xFE, 0xFF] + Array("Nämnd\tMål\n".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        let (text, encoding) = try CSVText.decode(data)
        #expect(encoding == "UTF-16BE")
        #expect(text == "Nämnd\tMål\n")
    }

    @Test func utf8WithoutBOM() throws {
        let (text, encoding) = try CSVText.decode(Data("Nämnd;Mål\r\n".utf8))
        #expect(encoding == "UTF-8")
        #expect(text == "Nämnd;Mål\r\n")
    }

    @Test func everyDefinedWindows1252Byte() throws {
        // The specials of 0x80–0x9F as Python's cp1252 codec has them, then Latin-1 å ä ö.
        let bytes: [UInt8] = [0x80, 0x82, 0x84, 0x85, 0x8A, 0x8E, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9F, 0xE5, 0xE4, 0xF6]
        let (text, encoding) = try CSVText.decode(Data(bytes))
        #expect(encoding == "Windows-1252")
        #expect(text == "€‚„…ŠŽ‘’“”–—™Ÿåäö")
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var bytes: [UInt8]
        var kind: CSVImportError.Kind
        var line: Int?
        var testDescription: String { bytes.map { String($0, radix: 16) }.joined(separator: " ") }
    }

    @Test(arguments: [
        Bad(bytes: [0xEF, 0xBB, 0xBF], kind: .emptyFile, line: nil),
        Bad(bytes: [0xFF, 0xFE], kind: .emptyFile, line: nil),
        Bad(bytes: [0xFF, 0xFE, 0x41, 0x00, 0x42], kind: .undecodable, line: nil),
        Bad(bytes: [0xFF, 0xFE, 0x0A, 0x00, 0x00, 0xD8, 0x41, 0x00], kind: .undecodable, line: 2),
        Bad(bytes: [0xEF, 0xBB, 0xBF, 0x61, 0x0A, 0x62, 0x0D, 0x0A, 0xE5, 0x0A], kind: .undecodable, line: 3),
        // Valid UTF-8 "å" on line 1, then a lone 0xE5 on line 2: a damaged UTF-8 file, not Windows-1252.
        Bad(bytes: [0xC3, 0xA5, 0x0D, 0x0A, 0xE5, 0x0A], kind: .undecodable, line: 2),
        Bad(bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], kind: .notText, line: nil),
        Bad(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], kind: .notText, line: nil),
        Bad(bytes: [0x61, 0x0A, 0x00, 0x62], kind: .notText, line: 2),
        Bad(bytes: [0x61, 0x3B, 0x62, 0x0A, 0x8D], kind: .undecodable, line: 2),
    ])
    func undecodable(_ bad: Bad) throws {
        let error = try #require(throws: CSVImportError.self) { try CSVText.decode(Data(bad.bytes), file: "x.csv") }
        #expect(error.kind == bad.kind)
        #expect(error.line == bad.line)
        #expect(error.file == "x.csv")
    }
}

// MARK: - Splitting

@Suite struct CSVTableTests {
    @Test func semicolonWinsOverDecimalCommas() throws {
        let table = try CSVTable.parse("Nämnd;Andel;Antal\nBUN;12,5;3\nSN;3,75;1,0\n", file: "t.csv")
        #expect(table.delimiter == ";")
        #expect(table.rows.map(\.cells) == [["BUN", "12,5", "3"], ["SN", "3,75", "1,0"]])
    }

    @Test func commaWinsWhenSemicolonsAreQuoted() throws {
        let table = try CSVTable.parse("Nämnd,Målområde 1\nBUN,\"a; b; c\"\n", file: "t.csv")
        #expect(table.delimiter == ",")
        #expect(table.rows.map(\.cells) == [["BUN", "a; b; c"]])
    }

    @Test func headerTrimmedAndBlankLinesIgnored() throws {
        let table = try CSVTable.parse("\n\n Nämnd ;\tMål 1 \r\nBUN;x\r\n\r\n\r\n", file: "t.csv")
        #expect(table.header == ["Nämnd", "Mål 1"])
        #expect(table.headerLine == 3)
        #expect(table.rows == [CSVTable.Row(line: 4, cells: ["BUN", "x"])])
    }

    @Test func lastLineWithoutBreakKeepsItsEmptyLastCell() throws {
        let table = try CSVTable.parse("Nämnd;Mål 1;Mål 2\rBUN;x;", file: "t.csv")
        #expect(table.rows == [CSVTable.Row(line: 2, cells: ["BUN", "x", ""])])
    }

    @Test func blankFile() throws {
        let error = try #require(throws: CSVImportError.self) { try CSVTable.parse("\r\n \n", file: "t.csv") }
        #expect(error.kind == .emptyFile)
    }

    @Test func singleColumn() throws {
        let error = try #require(throws: CSVImportError.self) { try CSVTable.parse("Nämnd\nBUN\n", file: "t.csv") }
        #expect(error.kind == .delimiter)
        #expect(error.line == 1)
    }

    @Test func extraCellAfterMultilineRecord() throws {
        let text = "Nämnd,Mål 1\nBUN,\"a\nb\nc\"\nSN,x,y\n"
        let error = try #require(throws: CSVImportError.self) { try CSVTable.parse(text, file: "t.csv") }
        #expect(error.kind == .cellCount)
        #expect(error.line == 5)
        #expect(error.reason == "line 5 has 3 cells but the header on line 1 has 2")
    }
}

// MARK: - Columns and rows

@Suite struct CSVResponsesTests {
    @Test func mappingNamesColumns() throws {
        let mapping = CSVMapping(body: "Email", date: "start time", areas: [3: "Övriga synpunkter"])
        let imported = try read(fixture: "microsoft-forms.csv", mapping: mapping)
        #expect(imported.answers.map(\.bodyCell) == ["sofia.hakansson@kommun.example", "nils.bergqvist@bostader.kommun.example"])
        #expect(
            imported.answers.map(\.submittedAt) == [try instant("2019-05-14T13:40:02+02:00"), try instant("2019-05-16T09:02:11+02:00")])
        // The mapping takes area 3 and leaves "Synpunkter på målområde 3 …" unused, with a warning only if it holds text.
        #expect(imported.answers[1].areas[3] == Area(text: "Vi återkommer efter styrelsemötet."))
        #expect(imported.answers[1].general == nil)
        #expect(imported.answers[0].areas[1]?.stance == "Tillstyrker")
    }

    @Test func mappingWithUnknownColumn() throws {
        let error = try #require(throws: CSVImportError.self) {
            try read("Nämnd,Mål 1\nBUN,x\n", mapping: CSVMapping(body: "Organisation"))
        }
        #expect(error.kind == .unknownColumn)
        #expect(error.line == 1)
        #expect(error.reason.contains("'Organisation'") && error.reason.contains("'Nämnd', 'Mål 1'"))
    }

    @Test func mappingWithUnknownGoalArea() throws {
        let error = try #require(throws: CSVImportError.self) { try read("Nämnd,Mål 1\nBUN,x\n", mapping: CSVMapping(areas: [7: "Mål 1"])) }
        #expect(error.kind == .unknownColumn)
        #expect(error.reason.contains("goal area 7"))
    }

    @Test(arguments: [
        ("Målområde 1", 1), ("1. Hållbar", 1), ("Mål 2", 2), ("Q3 Synpunkter", 3), ("q4.", 4), ("MÅLOMRÅDE 2", 2),
        ("Synpunkter på målområde 2. Utbildning, arbete och näringsliv", 2),
        ("Q3. Vad tycker ni om Kunskap, hälsa och fritid?", 3),
        ("kunskap halsa och fritid", 3),
    ])
    func areaColumnNames(name: String, area: Int) throws {
        let imported = try read("Kod;\(name)\nBUN;Text\n")
        #expect(imported.answers.first?.areas == [area: Area(text: "Text")])
    }

    @Test(arguments: [
        ("Ställningstagande 2", 2), ("Tillstyrker ni målområde 3?", 3), ("Stance on goal area 4", 4),
        ("Ställningstagande: Delaktighet, tillgänglighet och trygghet", 4),
    ])
    func stanceColumnNames(name: String, area: Int) throws {
        let imported = try read("Nämnd;Målområde \(area);\(name)\nBUN;Text;Tillstyrker\n")
        #expect(imported.answers.first?.areas == [area: Area(text: "Text", stance: "Tillstyrker")])
    }

    @Test(arguments: ["Nämnd/bolag", "NÄMND", "Bolag", "Organisation", "Namn", "E-postadress", "Email Address", "Email", "Kod"])
    func bodyColumnNames(name: String) throws {
        let imported = try read("\(name);Målområde 1\nBUN;Text\n")
        #expect(imported.answers.map(\.bodyCell) == ["BUN"])
    }

    @Test(arguments: ["Tidsstämpel", "Timestamp", "Starttid", "Completion time", "Slutförandetid", "Datum", "Submitted"])
    func dateColumnNames(name: String) throws {
        let imported = try read("Nämnd;\(name);Målområde 1\nBUN;2019-05-14 13:45;Text\n")
        #expect(imported.answers.map(\.submittedAt) == [try instant("2019-05-14T13:45:00+02:00")])
    }

    @Test func twoColumnsForOneArea() throws {
        let text = "Nämnd;Målområde 1;Synpunkter om hållbar tillväxt och samhällsplanering\nBUN;a;b\n"
        let error = try #require(throws: CSVImportError.self) { try read(text) }
        #expect(error.kind == .ambiguousColumn)
        #expect(error.fix.contains("csv: { areas: { 1: \"Målområde 1\" } }"))
    }

    @Test func noAnswerColumns() throws {
        let error = try #require(throws: CSVImportError.self) { try read("Nämnd;Datum\nBUN;2019-05-14\n") }
        #expect(error.kind == .noAnswerColumns)
        #expect(error.line == 1)
    }

    @Test func answersWithoutBody() throws {
        let error = try #require(throws: CSVImportError.self) { try read("Nämnd;Målområde 1\nBUN;a\n ;b\n") }
        #expect(error.kind == .missingBody)
        #expect(error.line == 3)
    }

    @Test func excelSerialNumberForADate() throws {
        let error = try #require(throws: CSVImportError.self) { try read("Nämnd;Datum;Målområde 1\nBUN;43599,57;a\n") }
        #expect(error.kind == .unreadableDate)
        #expect(error.line == 2)
        #expect(error.fix.contains("format the column 'Datum' as a date"))
    }

    @Test func unusedColumnWithTextIsWarnedAbout() throws {
        let imported = try read("Nämnd;Målområde 1;Risker\nBUN;a;b\nSN;c;\n")
        #expect(imported.answers.count == 2)
        #expect(
            imported.warnings.map(\.description) == [
                "test.csv:1: warning: the column 'Risker' is not imported: its name matches no goal area, stance, comment, body or date\n"
                    + "    fix: if it holds answers, map it under csv: (areas, stances or general) in the round's file, "
                    + "e.g. csv: { general: \"Risker\" }"
            ])
    }

    @Test func emptyRowsAreLeftOutQuietly() throws {
        let imported = try read("Nämnd;Målområde 1;Målområde 2\r\nBUN;a;\r\n;;\r\n;;\r\n")
        #expect(imported.answers.map(\.line) == [2])
        #expect(imported.warnings == [])
    }
}

// MARK: - Dates

@Suite struct CSVDateTests {
    @Test(arguments: [
        ("2019-05-14 13:45:10", "2019-05-14T13:45:10+02:00"),
        ("2019-05-14T13:45", "2019-05-14T13:45:00+02:00"),
        ("14/05/2019 13:45:10", "2019-05-14T13:45:10+02:00"),
        ("5/14/2019 1:45:10 PM", "2019-05-14T13:45:10+02:00"),
        ("5/14/2019 12:05:00 AM", "2019-05-14T00:05:00+02:00"),
        ("5/14/19 13:45", "2019-05-14T13:45:00+02:00"),
        ("2019-05-14", "2019-05-14T00:00:00+02:00"),
        ("2019-01-14 13:45", "2019-01-14T13:45:00+01:00"),
        ("14.05.2019 13.45", "2019-05-14T13:45:00+02:00"),
        ("2019-05-14T11:45:10Z", "2019-05-14T13:45:10+02:00"),
        ("02/05/2019 09:15:00", "2019-05-02T09:15:00+02:00"),
    ])
    func readsForms(value: String, expected: String) throws {
        let reader = CSVDateReader(column: [value])
        #expect(reader.instant(value).map(SwedishTime.iso8601) == expected)
    }

    @Test func columnDecidesMonthFirst() {
        let reader = CSVDateReader(column: ["02/05/2019 09:15:00", "5/14/2019 13:45:10"])
        #expect(reader.order == .monthFirst)
        #expect(reader.instant("02/05/2019 09:15:00").map(SwedishTime.iso8601) == "2019-02-05T09:15:00+01:00")
    }

    @Test(arguments: ["31/31/2019", "2019-02-30", "14/05/2019 25:00", "5/14/2019 13:00 PM", "maj 2019", "2019-05-14 13", "igår"])
    func rejects(value: String) {
        #expect(CSVDateReader(column: [value]).instant(value) == nil)
    }

    /// From the mailout to the day after the deadline.
    static let round = SwedishTime.instant(mailoutDay, hour: 0, minute: 0)...SwedishTime.instant(importDay, hour: 0, minute: 0)
    static let mailoutDay = LocalDate(containing: SwedishTime.parseInstant("2019-04-11") ?? Date())
    static let importDay = LocalDate(containing: SwedishTime.parseInstant("2019-05-20") ?? Date())

    @Test func anAmbiguousDateIsReadInTheOrderThatPutsItInTheRound() {
        // A form tool's M/D/YY: 4/12/19 is 12 April, not 4 December (months after the import).
        let reader = CSVDateReader(column: ["4/12/19 9:20:45", "5/3/19 10:01:00"], window: Self.round)
        #expect(reader.order == .monthFirst)
        #expect(reader.instant("4/12/19 9:20:45").map(SwedishTime.iso8601) == "2019-04-12T09:20:45+02:00")
        // Day first when that is the order that fits.
        let dayFirst = CSVDateReader(column: ["12/4/19 9:20:45", "3/5/19 10:01:00"], window: Self.round)
        #expect(dayFirst.order == .dayFirst)
    }

    @Test func aNamedFormatIsTakenAsWritten() {
        let reader = CSVDateReader(column: ["4/12/19 9:20:45"], named: .dayFirst, window: Self.round)
        #expect(reader.instant("4/12/19 9:20:45").map(SwedishTime.iso8601) == "2019-12-04T09:20:45+01:00")
        #expect(CSVColumns.DateOrder(format: "M/D/YY") == .monthFirst)
        #expect(CSVColumns.DateOrder(format: "DD.MM.YYYY") == .dayFirst)
        #expect(CSVColumns.DateOrder(format: "YYYY-MM-DD") == .yearFirst)
        #expect(CSVColumns.DateOrder(format: "igår") == nil)
    }

    @Test func aDateOutsideTheRoundIsRefusedWithItsLine() throws {
        let text = "Nämnd;Tidsstämpel;Målområde 1\nBUN;2019-05-14 10:00;Tillstyrker\nSN;2019-12-04 09:20;Avstyrker\n"
        let table = try CSVTable.parse(text, file: "svar.csv")
        #expect {
            try CSVResponses.read(table, file: "svar.csv", goalAreas: goalAreas, mapping: nil, window: Self.round)
        } throws: { error in
            let error = error as? CSVImportError
            return error?.kind == .unreadableDate && error?.line == 3 && error?.description.contains("after now") == true
                && error?.fix.contains("date_format") == true
        }
        var mapping = CSVMapping()
        mapping.dateOrder = .yearFirst
        let named = try CSVResponses.read(table, file: "svar.csv", goalAreas: goalAreas, mapping: mapping, window: Self.round)
        #expect(named.answers.count == 2)
    }
}

extension Array {
    /// The one element, or `nil` when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
