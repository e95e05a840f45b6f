import Foundation
import SamradCore
import SamradImport
import SamradTestSupport
import Testing

/// Every input in `Fuzz/Regressions/TARGET/` — what fuzzing (`Scripts/fuzz`) once crashed on, and
/// the hostile inputs of the probe — read the way the fuzz target reads it, without a crash and
/// keeping the target's invariants.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        let folder = TestPaths.repository.appendingPathComponent("Fuzz/Regressions/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static let goalAreas = [
        GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"), GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
        GoalArea(id: 3, title: "Kunskap, hälsa och fritid"), GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
    ]

    @Test func theMIMEReaderReadsOrRefusesEveryRegression() throws {
        let inputs = try Self.inputs("mime")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            do {
                let mail = try MailReader.parse(data)
                #expect(mail.attachments.count <= MailReader.maximumAttachments, "\(name)")
            } catch {
                #expect(!error.description.isEmpty, "\(name)")
            }
        }
    }

    @Test func theMboxSplitterKeepsEveryRegressionInsideItsInput() throws {
        let inputs = try Self.inputs("mbox")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            guard let items = try? MailSource.mboxItems(data, name: name) else { continue }
            #expect(items.reduce(0) { $0 + $1.data.count } <= data.count, "\(name)")
        }
    }

    @Test func theCSVReaderGivesEveryRowOfARegressionAllItsColumns() throws {
        let inputs = try Self.inputs("csv")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            guard let (text, _) = try? CSVText.decode(data, file: name), let table = try? CSVTable.parse(text, file: name) else { continue }
            #expect(table.rows.allSatisfy { $0.cells.count == table.header.count }, "\(name)")
            _ = try? CSVResponses.read(table, file: name, goalAreas: Self.goalAreas, mapping: nil)
        }
    }

    @Test func theYAMLReadersReportEveryRegressionWithALine() throws {
        let inputs = try Self.inputs("yaml")
        #expect(!inputs.isEmpty)
        let registry = Registry([])
        for (name, data) in inputs {
            let text = String(decoding: data, as: UTF8.self)
            let failures = [
                Self.failure { () throws(ValidationFailure) in _ = try RegistryReader.read([RegistryReader.File(name: name, text: text)]) },
                Self.failure { () throws(ValidationFailure) in _ = try ConsultationReader.read(text, file: name, registry: registry) },
                Self.failure { () throws(ValidationFailure) in _ = try ClosedDaysReader.read(text, file: name) },
            ]
            for failure in failures.compactMap({ $0 }) {
                // Each problem at a line of its own, in a message and a fix, never the file dumped.
                #expect(failure.diagnostics.allSatisfy { $0.location.line >= 1 }, "\(name): \(failure)")
                #expect(failure.diagnostics.allSatisfy { $0.description.split(separator: "\n").count <= 2 }, "\(name): \(failure)")
            }
        }
    }

    /// What a reader refused the input for; nil when it read it.
    static func failure(_ read: () throws(ValidationFailure) -> Void) -> ValidationFailure? {
        do {
            try read()
            return nil
        } catch {
            return error
        }
    }

    @Test func theReplyReaderReadsEveryRegression() throws {
        let inputs = try Self.inputs("reply")
        #expect(!inputs.isEmpty)
        for (name, data) in inputs {
            let text = String(decoding: data, as: UTF8.self)
            let reading = AnswerReader.read(reply: text, goalAreas: Self.goalAreas)
            #expect(reading.areas.allSatisfy { (1...4).contains($0.area) }, "\(name)")
        }
    }
}
