import Foundation
import SamradCore
import Testing

@testable import SamradReport

/// The compilation as a Word document: opened by python-docx, converted to PDF by LibreOffice, hostile text kept as text.
@Suite("The report as a Word document")
struct DOCXReportTests {
    let report: ConsultationReport
    let hostile: ConsultationReport

    init() throws {
        report = try HemstaReport.make()
        hostile = try HostileReport.make()
    }

    /// What python-docx reads in a document.
    struct Read: Decodable {
        var paragraphs: [[String]]
        var tables: [[[String]]]
        var title: String
    }

    func read(_ data: Data) throws -> Read? {
        guard let python = ExternalTool.python() else { return nil }
        return try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("report.docx")
            try data.write(to: file)
            let script = try fixturesDirectory().appendingPathComponent("read_docx.py").path
            let run = try python.run([script, file.path], in: directory)
            try #require(run.status == 0, "python-docx could not open the document: \(run.errors)")
            return try JSONDecoder().decode(Read.self, from: run.output)
        }
    }

    @Test func pythonDocxReadsTheHeadingsTablesAndEvidence() throws {
        let data = try DOCXReport.render(report)
        try keepArtifact(data, named: "report.docx")
        guard let read = try read(data) else { return }
        let headings = read.paragraphs.filter { $0[0].hasPrefix("Heading") || $0[0] == "Title" }
        #expect(headings.first == ["Title", "Sammanställning: Nya mål för mandatperioden (Dnr KS 2019/017)"])
        let areas = headings.filter { $0[0] == "Heading 1" }.map { $0[1] }
        #expect(areas.prefix(4) == report.areas.map { "Målområde \($0.goalArea.id). \($0.goalArea.title)" }[...])
        let contributions = headings.filter { $0[0] == "Heading 3" }.map { $0[1] }
        #expect(contributions.count == report.areas.flatMap(\.contributions).count + report.general.count)
        #expect(contributions.first == "KS 2019/017-3 · Barn- och utbildningsnämnden · tillstyrker · 14 maj 2019")
        let texts = read.paragraphs.map { $0[1] }
        #expect(texts.contains("Underlag: «Vi tillstyrker.» (bilaga Yttrande HBAB.pdf, s. 2; meningen nämner målområdet)"))
        // A stance table per area, the status matrix and the timeline.
        #expect(read.tables.count == report.areas.count + 2)
        #expect(read.tables.first?.first == ["Ställningstagande", "Antal"])
        #expect(read.tables.last?.count == report.timeline.count + 1)
        #expect(read.title == "Sammanställning: Nya mål för mandatperioden")
    }

    @Test func theSameReportGivesTheSameBytes() throws {
        #expect(try DOCXReport.render(report) == DOCXReport.render(report))
    }

    @Test func hostileTextStaysText() throws {
        guard let read = try read(try DOCXReport.render(hostile)) else { return }
        let shown = (read.paragraphs.map { $0[1] } + read.tables.flatMap { $0.flatMap { $0 } }).joined(separator: "\n")
        for text in HostileReport.externalTexts(hostile) {
            // What Word shows is the text itself, less the control characters XML cannot hold.
            let expected = String(String.UnicodeScalarView(text.unicodeScalars.filter { !WordDocument.dropped($0) }))
            let lines = expected.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .split(separator: "\n")
            for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                #expect(shown.contains(line.trimmingCharacters(in: .whitespaces)), "\(line)")
            }
        }
    }

    @Test func libreOfficeConvertsItToPDF() throws {
        guard let soffice = ExternalTool.require("soffice", install: "apt-get install libreoffice-writer-nogui"),
            let pdftotext = ExternalTool.require("pdftotext", install: "apt-get install poppler-utils")
        else { return }
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("sammanstallning.docx")
            try DOCXReport.render(report).write(to: file)
            let profile = directory.appendingPathComponent("profile")
            let convert = try soffice.run(
                [
                    "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", "pdf", "--outdir", directory.path,
                    file.path,
                ], timeout: 240, in: directory)
            let pdf = directory.appendingPathComponent("sammanstallning.pdf")
            try #require(FileManager.default.fileExists(atPath: pdf.path), "LibreOffice made no PDF: \(convert.errors)")
            let text = try pdftotext.run([pdf.path, "-"], in: directory)
            // Words as the PDF shows them, with its line breaks as spaces.
            let shown = String(decoding: text.output, as: UTF8.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for area in report.areas {
                #expect(shown.contains("Målområde \(area.goalArea.id). \(area.goalArea.title)"))
            }
            #expect(shown.contains("Tidslinje"))
        }
    }
}
