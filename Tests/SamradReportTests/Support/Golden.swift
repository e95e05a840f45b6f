import Foundation
import Testing

/// Golden files under `Fixtures/golden/`: the test compares byte for byte and, on a difference,
/// says where and how to look. `SAMRAD_UPDATE_GOLDEN=1 swift test` rewrites them in the source
/// tree; review the change with `git diff` before committing it.
enum Golden {
    static func check(_ actual: Data, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["SAMRAD_UPDATE_GOLDEN"] == "1" {
            // This file is Tests/SamradReportTests/Support/Golden.swift.
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/golden/\(name)")
            try actual.write(to: source)
            return
        }
        let url = try fixturesDirectory().appendingPathComponent("golden/\(name)")
        guard let expected = try? Data(contentsOf: url) else {
            Issue.record("No golden file \(name); make it with SAMRAD_UPDATE_GOLDEN=1 swift test", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let actualFile = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-actual-\(name)")
        try actual.write(to: actualFile)
        Issue.record(
            Comment(rawValue: hint(expected: expected, actual: actual, name: name, actualFile: actualFile.path)),
            sourceLocation: sourceLocation)
    }

    /// Where two texts part, with the lines around it.
    private static func hint(expected: Data, actual: Data, name: String, actualFile: String) -> String {
        let old = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let new = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let line = zip(old.indices, zip(old, new)).first { $0.1.0 != $0.1.1 }?.0 ?? min(old.count, new.count)
        func show(_ lines: [String], _ index: Int) -> String {
            index < lines.count ? String(reflecting: lines[index]) : "(end of file)"
        }
        return """
            \(name) differs from its golden file at line \(line + 1) (\(old.count) lines expected, \(new.count) rendered):
              expected: \(show(old, line))
              rendered: \(show(new, line))
            See all of it: diff -u Tests/SamradReportTests/Fixtures/golden/\(name) \(actualFile)
            If the change is intended: SAMRAD_UPDATE_GOLDEN=1 swift test --filter ReportRendererTests, then review git diff.
            """
    }
}
