import Foundation
import SamradTestSupport
import Testing

/// What a newcomer copies: the README's tour, the demo's closing lines, and the registry and round they edit.
@Suite("The tour as written", .serialized)
struct TourTests {
    @Test func theRegistryAndTheRoundAtTheTopAreRealFoldersWithTheDemosFiles() throws {
        let files = FileManager.default
        for name in ["contacts", "consultations"] {
            let top = TestPaths.repository.appendingPathComponent(name)
            let attributes = try files.attributesOfItem(atPath: top.path)
            #expect(attributes[.type] as? FileAttributeType == .typeDirectory, "\(name) is not a real folder")
            // The demo bundles its own copy; the two stay alike, so the tour and the demo tell one story.
            let bundled = TestPaths.repository.appendingPathComponent("Sources/SamradApp/Demo/\(name)")
            let names = try files.contentsOfDirectory(atPath: bundled.path).sorted()
            #expect(try files.contentsOfDirectory(atPath: top.path).sorted() == names)
            for file in names {
                #expect(
                    files.contentsEqual(atPath: top.appendingPathComponent(file).path, andPath: bundled.appendingPathComponent(file).path),
                    "\(name)/\(file) differs from the demo's")
            }
        }
    }

    @Test func loadingAMissingRegistryFolderCreatesNothing() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let result = try samrad("contacts", "load", "kontakter")
        #expect(result.status == 66)
        #expect(result.error.contains("the registry folder kontakter does not exist"))
        #expect(!FileManager.default.fileExists(atPath: samrad.folder.appendingPathComponent("samrad.sqlite").path))
    }

    /// The tour's commands, copied from the README into a shell in a fresh folder that holds copies of `contacts/`
    /// and `consultations/` (made with `cp -r`, as a reader would), with the built samrad on the PATH. Commands that
    /// need what the tour does not make (reply files, an IMAP server, a letter, a password, a server, a round on the portal) are left out.
    @Test func theToursCommandsWorkAsWritten() throws {
        let readme = try String(contentsOf: TestPaths.repository.appendingPathComponent("README.md"), encoding: .utf8)
        let tour = try #require(
            readme.components(separatedBy: "## A tour\n").dropFirst().first?.components(separatedBy: "```sh\n").dropFirst().first?
                .components(separatedBy: "```").first)
        let needsMore = [
            "samrad import", "samrad fetch", "samrad assign", "samrad answer", "--attach", "samrad demo", "user add", "samrad serve",
            "portal revoke",
        ]
        let commands = tour.split(separator: "\n").map(String.init).filter { line in !needsMore.contains { line.contains($0) } }
        #expect(commands.count >= 20)
        let folder = try TestPaths.temporaryFolder("samrad-tour")
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["contacts", "consultations"] {
            let copy = try TestPaths.run("/bin/cp", ["-r", TestPaths.repository.appendingPathComponent(name).path, folder.path])
            #expect(copy.status == 0, "\(copy.error)")
        }
        let bin = URL(fileURLWithPath: Samrad.executable).deletingLastPathComponent().path
        for command in commands {
            let result = try TestPaths.run(
                "/bin/sh", ["-c", command],
                environment: ["PATH": "\(bin):/usr/bin:/bin", "SAMRAD_NOW": "2019-04-11T08:00"], in: folder)
            #expect(result.status == 0, "\(command): \(result.error)")
        }
    }

    @Test func theDemosClosingCommandsWorkWithoutSamradOnThePath() throws {
        let folder = try TestPaths.temporaryFolder("samrad-demo-lines")
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try TestPaths.run(
            Samrad.executable, ["demo", "--dir", folder.appendingPathComponent("demo").path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(demo.status == 0, "\(demo.error)")
        let lines = demo.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains(" --db ") }
        #expect(lines.count == 4)
        for line in lines {
            #expect(!line.hasPrefix("samrad "), "\(line)")
            let result = try TestPaths.run("/bin/sh", ["-c", line], environment: ["PATH": "/usr/bin:/bin"], in: folder)
            #expect(result.status == 0, "\(line): \(result.error)")
        }
    }
}
