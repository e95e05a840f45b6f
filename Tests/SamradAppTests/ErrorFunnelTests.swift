import Foundation
import SamradApp
import SamradCore
import SamradImport
import SamradMail
import SamradStore
import Testing

/// One funnel from every module's errors to sysexits.
@Suite("From errors to exit statuses")
struct ErrorFunnelTests {
    struct Unexpected: Error {}

    @Test(arguments: [
        (IMAPError.Code.loginRefused, false, Int32(78)), (.loginRefused, true, 75), (.certificate, false, 69), (.tlsExpected, false, 78),
        (.tlsUnavailable, false, 69), (.unreachable, true, 69), (.timedOut, true, 75), (.connectionLost, true, 75),
        (.noSuchMailbox, false, 78), (.messageTooLarge, false, 65),
    ])
    func imapFailures(code: IMAPError.Code, temporary: Bool, status: Int32) {
        #expect(SamradError.from(IMAPError(code, temporary: temporary, "x")).exitStatus == status)
    }

    @Test func storeAndFileFailures() throws {
        let database = try AppDatabase.inMemory()
        #expect(throws: StoreError.self) {
            try database.assign(
                "none", to: RoundBody(consultation: "x", body: "y"), late: false, contributions: [], review: [], now: Date(),
                audit: { _ in AuditNote(command: "assign", consultation: "x", detail: "x", user: "u", at: Date()) })
        }
        do {
            _ = try database.assign(
                "none", to: RoundBody(consultation: "x", body: "y"), late: false, contributions: [], review: [], now: Date(),
                audit: { _ in AuditNote(command: "assign", consultation: "x", detail: "x", user: "u", at: Date()) })
        } catch {
            #expect(SamradError.from(error).exitStatus == 66)
        }
        #expect(SamradError.from(CocoaError(.fileReadNoSuchFile)).exitStatus == 66)
        #expect(SamradError.from(ValidationFailure([])).exitStatus == 65)
    }

    @Test func eachModulesErrorCarriesItsOwnStatusThroughTheFunnel() throws {
        // A file that is not there: the core's InputFileError, 66.
        let missing = #expect(throws: InputFileError.self) { try InputFile.read("/nonexistent/samrad/svar.eml") }
        #expect(try #require(missing).exitStatus == .noInput)
        #expect(SamradError.from(try #require(missing)).exitStatus == 66)
        // A round file with bad data: the core's ValidationFailure, 65.
        let invalid = #expect(throws: ValidationFailure.self) {
            try ConsultationReader.read("id: [", file: "r.yaml", registry: Registry([]))
        }
        #expect(SamradError.from(try #require(invalid)).exitStatus == 65)
        // A template that does not parse: the mail module's failure, 65.
        let template = #expect(throws: MessageTemplates.Failure.self) { try MessageTemplates.text("{{#a}}", shownAs: "t.mustache") }
        #expect(SamradError.from(try #require(template)).exitStatus == 65)
        // Every status a module's error can carry is one the funnel passes on unchanged.
        for status in Sysexits.allCases {
            #expect(SamradError.from(Carrying(exitStatus: status)).exitStatus == status.rawValue)
        }
    }

    private struct Carrying: ExitStatusError {
        var exitStatus: Sysexits
        var description: String { "carries \(exitStatus)" }
    }

    @Test func whatSamradDoesNotExpectIs70AndSaysSo() {
        let error = SamradError.from(Unexpected())
        #expect(error.exitStatus == 70)
        #expect(error.description.hasPrefix("internal error, a fault in Samråd itself"))
        #expect(SamradError.from(SamradError(.usage, "u")).exitStatus == 64)
    }
}
