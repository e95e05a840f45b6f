import Foundation
import SamradApp
import SamradTestSupport
import Testing

/// `SAMRAD_DB=postgres://…` (or `--db`) names a PostgreSQL server, never a path; what is wrong with it is a
/// configuration error that does not echo a password, and the attachments folder is not made from the URL.
@Suite("A PostgreSQL database for the commands")
struct PostgresSelectionTests {
    @Test func aURLIsAServerAndAnythingElseAFile() throws {
        func isServer(_ text: String) throws -> Bool {
            if case .postgres = try DatabaseLocation(text, environment: [:]) { return true }
            return false
        }
        #expect(try isServer("postgres://samrad@db.kommun.example/samrad"))
        #expect(try isServer("PostgreSQL://samrad@127.0.0.1/samrad?sslmode=disable"))
        #expect(try !isServer("/srv/samrad/postgres.sqlite"))
        #expect(try !isServer("postgres.sqlite"))
        let settings = try Workspace.Settings.fromEnvironment(["SAMRAD_DB": "postgres://samrad@127.0.0.1/samrad?sslmode=disable"])
        #expect(settings.attachmentFolder.path == FileManager.default.currentDirectoryPath + "/attachments")
        #expect(!settings.attachmentFolder.path.contains("postgres"))
    }

    @Test(arguments: [
        "postgres://samrad:hemligt@db.kommun.example/samrad", "postgres://samrad@db.kommun.example/samrad?sslmode=disable",
    ])
    func aURLThatCannotBeUsedIsAConfigurationErrorWithoutThePassword(_ url: String) throws {
        let error = try #require(throws: SamradError.self) { _ = try Workspace.Settings.fromEnvironment(["SAMRAD_DB": url]) }
        #expect(error.exitStatus == 78)
        #expect(error.description.contains("SAMRAD_DB"))
        #expect(!error.description.contains("hemligt"))
    }

    @Test func aServerThatDoesNotAnswerIsATemporaryFailure() throws {
        let port = try TestTools.freePort()
        let settings = try Workspace.Settings.fromEnvironment(["SAMRAD_DB": "postgres://samrad@127.0.0.1:\(port)/samrad?sslmode=disable"])
        let error = try #require(throws: SamradError.self) { _ = try Workspace.open(settings, environment: [:]) }
        #expect(error.exitStatus == 75, "\(error)")
        #expect(error.description.contains("127.0.0.1:\(port)"))
        #expect(error.description.contains("SAMRAD_DB"))
    }
}
