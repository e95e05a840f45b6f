import ArgumentParser
import Foundation
import SamradApp
import SamradReport

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The compilation of a round for the strategic development programme.",
        discussion: """
            Every contribution per goal area with its body, stance, date, register number and where its stance was read; the stance summary; who has not answered and who was late; the status matrix; the timeline. HTML is one self-contained file in Swedish, accessible and printable; DOCX is a Word document for the case file; CSV opens in Swedish Excel; the JSON follows docs/report.schema.json. Examples:
              samrad report mal-2019 --format html -o sammanstallning.html
              samrad report mal-2019 --format docx -o sammanstallning.docx
              samrad report mal-2019 --format csv --delimiter , -o bidrag.csv
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html, docx, csv, json
    }

    @ParentCommand var root: SamradCommand
    @Argument(help: "The round's id.") var id: String
    @Option(help: "md, html, docx, csv or json.") var format: Format = .md
    @Option(name: .shortAndLong, help: "The file to write (default: standard output).") var output: String?
    @Option(help: "The CSV delimiter (default ';', as Swedish Excel reads it).") var delimiter: String = ";"

    func run() throws {
        try reporting {
            guard delimiter.count == 1, let separator = delimiter.first, !"\"\r\n".contains(separator) else {
                throw SamradError(.usage, "--delimiter takes one character other than a quote or a line break, e.g. ';' or ','")
            }
            if format == .docx && output == nil {
                throw SamradError(.usage, "a Word document is written to a file: add -o FILE, e.g. -o sammanstallning.docx")
            }
            let report = try RoundReport(try root.workspace()).build(id)
            let data: Data
            switch format {
            case .md: data = Data(MarkdownReport.render(report).utf8)
            case .html: data = Data(HTMLReport.render(report).utf8)
            case .docx: data = try DOCXReport.render(report)
            case .csv: data = CSVReport.render(report, delimiter: separator)
            case .json: data = try JSONReport.render(report)
            }
            guard let output else {
                FileHandle.standardOutput.write(data)
                return 0
            }
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw SamradError(.noInput, "cannot write \(output): \(error.localizedDescription)")
            }
            say("Wrote the report of \(id) to \(output).")
            return 0
        }
    }
}
