import Foundation
import FuzzSupport
import SamradImport

/// The CSV reader: decoding (BOM, UTF-16, Windows-1252), the table, and the answers per goal area.
@main
enum FuzzCSV {
    static func main() {
        FuzzDriver.run { input in
            guard let (text, _) = try? CSVText.decode(Data(input), file: "fuzz.csv"),
                let table = try? CSVTable.parse(text, file: "fuzz.csv")
            else { return }
            for row in table.rows {
                precondition(row.cells.count == table.header.count, "a row of \(row.cells.count) cells under \(table.header.count) columns")
            }
            _ = try? CSVResponses.read(table, file: "fuzz.csv", goalAreas: FuzzInput.goalAreas, mapping: nil)
        }
    }
}
