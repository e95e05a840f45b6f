import Foundation
import SamradApp
import Testing

/// `SAMRAD_DB=postgres://…` before the commands run on PostgreSQL: a plain refusal (78), never a path.
@Suite("A PostgreSQL database for the commands")
struct PostgresSelectionTests {
    @Test(arguments: ["postgres://samrad:hemligt@db.kommun.example/samrad", "PostgreSQL://samrad@127.0.0.1/samrad?sslmode=disable"])
    func isRefusedAsConfigurationWithoutEchoingTheURL(_ url: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-pgsel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let settings = try Workspace.Settings.fromEnvironment(["SAMRAD_DB": url, "SAMRAD_OUTBOX": folder.path])
        let error = try #require(throws: SamradError.self) { _ = try Workspace.open(settings, environment: [:]) }
        #expect(error.exitStatus == 78)
        #expect(error.description.contains("names a PostgreSQL server"))
        #expect(error.description.contains("docs/deploy.md"))
        #expect(!error.description.contains("hemligt"))
        #expect(!error.description.contains("db.kommun.example"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
