import Foundation
import SamradApp
import SamradCore
import SamradImport
import SamradTestSupport
import Testing

/// The labelled corpus of answers (`Tests/Corpus/reading/corpus.yaml`), built into real messages, attachments and
/// form exports by `Tests/Corpus/make_reading_corpus.py`, read the way import reads them.
@Suite("Reading the labelled corpus")
struct ReadingCorpusTests {
    /// One case of `expected.json`.
    struct Case: Decodable {
        var id: String
        var category: String
        var file: String
        var expect: [String: String?]
    }

    static let goalAreas = [
        GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"),
        GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
        GoalArea(id: 3, title: "Kunskap, hälsa och fritid"),
        GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
    ]

    /// What the reading gives a case, per area id as text; an area it does not speak to is absent.
    static func read(_ file: URL) throws -> [String: String] {
        if file.pathExtension == "csv" {
            let data = try Data(contentsOf: file)
            let (text, _) = try CSVText.decode(data, file: file.lastPathComponent)
            let table = try CSVTable.parse(text, file: file.lastPathComponent)
            let answers = try CSVResponses.read(table, file: file.lastPathComponent, goalAreas: goalAreas, mapping: nil).answers
            var result: [String: String] = [:]
            for answer in answers {
                for area in FeedbackImporter.reading(of: answer, goalAreas: goalAreas).areas {
                    result[String(area.area)] = area.stance.rawValue
                }
            }
            return result
        }
        let mail = try MailReader.parse(try Data(contentsOf: file))
        let reading = FeedbackImporter.reading(
            of: mail, goalAreas: goalAreas, ownAddresses: ["kansli@kommun.example", "samrad@kommun.example"]
        ).reading
        return Dictionary(uniqueKeysWithValues: reading.areas.map { (String($0.area), $0.stance.rawValue) })
    }

    @Test func perAreaAccuracyIsAtLeast97PercentAndNoStanceIsInvented() throws {
        let folder = try TestPaths.temporaryFolder("samrad-corpus")
        defer { try? FileManager.default.removeItem(at: folder) }
        let build = try TestPaths.run(
            "/usr/bin/env",
            ["python3", TestPaths.repository.appendingPathComponent("Tests/Corpus/make_reading_corpus.py").path, folder.path])
        try #require(build.status == 0, "the corpus could not be built: \(build.error)")
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
        try #require(cases.count >= 80)

        var areas = 0
        var correct = 0
        var invented = 0
        var wrong: [String] = []
        var byCategory: [String: (areas: Int, correct: Int)] = [:]
        for item in cases {
            let read = try Self.read(folder.appendingPathComponent(item.file))
            for area in ["1", "2", "3", "4"] {
                let expected = item.expect[area] ?? nil
                let got = read[area]
                areas += 1
                byCategory[item.category, default: (0, 0)].areas += 1
                if expected == got {
                    correct += 1
                    byCategory[item.category, default: (0, 0)].correct += 1
                } else {
                    if expected == nil { invented += 1 }
                    wrong.append("\(item.id) area \(area): expected \(expected ?? "none"), read \(got ?? "none")")
                }
            }
        }
        let accuracy = Double(correct) / Double(areas)
        let table = byCategory.sorted { $0.key < $1.key }.map { category, counts in
            "\(category): \(counts.correct)/\(counts.areas)"
        }
        let summary =
            "\(correct)/\(areas) areas (\(String(format: "%.1f", accuracy * 100)) %), \(invented) invented\n"
            + table.joined(separator: ", ") + "\n" + wrong.joined(separator: "\n")
        print("reading corpus: \(summary)")
        #expect(accuracy >= 0.97, "\(summary)")
        #expect(invented == 0, "\(summary)")
    }
}
