import Foundation
import SamradTestSupport
import Testing

/// Help that can be copied: at 80 columns no example in any command's help is wrapped.
@Suite("Help at 80 columns")
struct HelpTests {
    /// `samrad help PATH…` rendered at `columns`.
    static func help(_ path: [String], columns: Int) throws -> String {
        let result = try TestPaths.run(Samrad.executable, ["help"] + path, environment: ["COLUMNS": "\(columns)"])
        #expect(result.status == 0, "help \(path): \(result.error)")
        return result.output
    }

    /// The subcommands a help page lists.
    static func subcommands(_ help: String) -> [String] {
        guard let section = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [] }
        return section.split(separator: "\n").prefix { $0.hasPrefix("  ") && !$0.hasPrefix("  See ") }.compactMap {
            $0.split(separator: " ").first.map(String.init)
        }.filter { $0 != "help" }
    }

    /// Every command path, the groups' subcommands included.
    static func commands() throws -> [[String]] {
        var paths: [[String]] = [[]]
        var index = 0
        while index < paths.count {
            let path = paths[index]
            paths += subcommands(try help(path, columns: 1000)).map { path + [$0] }
            index += 1
        }
        return paths
    }

    @Test func noExampleInAnyHelpIsWrappedAt80Columns() throws {
        let paths = try Self.commands()
        #expect(paths.count > 30)
        var examples = 0
        for path in paths {
            // The overview (abstract and discussion) as written: its indented lines are the examples.
            let wide = try Self.help(path, columns: 1000).components(separatedBy: "\nUSAGE:")[0]
            let narrow = try Self.help(path, columns: 80)
            let narrowLines = Set(narrow.components(separatedBy: "\nUSAGE:")[0].split(separator: "\n").map(String.init))
            for line in wide.split(separator: "\n").map(String.init) where line.hasPrefix("  ") {
                examples += 1
                #expect(line.count < 80, "samrad help \(path.joined(separator: " ")): \(line.count) columns: \(line)")
                #expect(narrowLines.contains(line), "samrad help \(path.joined(separator: " ")) wraps: \(line)")
            }
            #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 80 || !$0.hasPrefix("  samrad") })
        }
        #expect(examples > 40)
    }
}
