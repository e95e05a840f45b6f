import Foundation
import SamradTestSupport
import Testing

/// libcurl and poppler are opened on first use, not when `samrad` starts: a command that sends or reads no PDF
/// does not pay for them, and one that needs a library that cannot be opened says which and what to install.
@Suite("Libraries opened on first use", .serialized)
struct LibraryLoadingTests {
    /// A folder that stands first on the library path with an unloadable file of the given name.
    static func brokenLibrary(_ name: String, in samrad: Samrad) throws -> [String: String] {
        let folder = samrad.folder.appendingPathComponent("broken-libraries")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not a shared object".utf8).write(to: folder.appendingPathComponent(name))
        return ["LD_LIBRARY_PATH": folder.path]
    }

    @Test func theProgramIsNotLinkedAgainstLibcurlOrPoppler() throws {
        let result = try TestPaths.run("/usr/bin/readelf", ["--dynamic", Samrad.executable])
        #expect(result.status == 0, "\(result.error)")
        let needed = result.output.split(separator: "\n").filter { $0.contains("(NEEDED)") }
        #expect(needed.contains { $0.contains("libgmime-3.0") }, "readelf read no NEEDED entries: \(result.output)")
        #expect(!needed.contains { $0.contains("libcurl") || $0.contains("poppler") || $0.contains("cairo") }, "\(needed)")
    }

    @Test func aSendWithoutLibcurlSaysSoAndTheNextSendDeliversEverything() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        var environment = try Self.brokenLibrary("libcurl.so.4", in: samrad)
        environment["SAMRAD_SMTP_URL"] = "smtp://127.0.0.1:1"
        environment["SAMRAD_SMTP_TLS"] = "none"
        let failed = try samrad("send", "mal-2019", environment: environment)
        #expect(failed.status == 78, "\(failed.output)\(failed.error)")
        #expect(failed.error.contains("libcurl could not be opened"), "\(failed.error)")
        #expect(failed.error.contains("broken-libraries/libcurl.so.4"), "\(failed.error)")
        // Nothing was claimed or lost: the next run (to the outbox) sends the whole mailout.
        let sent = try samrad("send", "mal-2019")
        #expect(sent.status == 0, "\(sent.error)")
        #expect(sent.output.contains("Every delivery of the mailout of mal-2019 is sent (42)"), "\(sent.output)")
    }

    @Test func aPDFThatCannotBeReadWithoutPopplerGoesToReviewWithTheReason() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let reply = ImportTests.replies.appendingPathComponent("2019-05-15-sbn.eml").path
        let imported = try samrad("import", reply, environment: try Self.brokenLibrary("libpoppler-glib.so.8", in: samrad))
        #expect(imported.status == 0, "\(imported.output)\(imported.error)")
        let review = try samrad("review", "mal-2019")
        #expect(review.output.contains("unread-attachment  (SBN"), "\(review.output)")
        #expect(review.output.contains("this installation cannot read PDFs"), "\(review.output)")
        #expect(review.output.contains("install the package libpoppler-glib8"), "\(review.output)")

        // With poppler there, the same reply read in another folder takes its stances from the PDF.
        let other = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: other.folder) }
        #expect(try other("import", reply).status == 0)
        #expect(!(try other("review", "mal-2019").output.contains("unread-attachment")))
    }
}
