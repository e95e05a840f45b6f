import Foundation
import Testing

/// The mail fixtures shipped with the tests.
enum MailFixture {
    /// `Fixtures/mail/<name>` in the test bundle.
    static func url(_ name: String) throws -> URL {
        let root = try #require(Bundle.module.resourceURL, "the test bundle has no resources")
        let url = root.appendingPathComponent("Fixtures/mail").appendingPathComponent(name)
        #expect(FileManager.default.fileExists(atPath: url.path), "missing fixture \(name)")
        return url
    }

    /// The bytes of `Fixtures/mail/<name>`.
    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    /// Runs `body` with a fresh folder under the system's temporary folder, removed afterwards.
    static func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }
}
