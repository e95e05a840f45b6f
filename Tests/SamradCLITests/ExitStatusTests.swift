import Foundation
import SamradTestSupport
import Testing

/// Exit statuses (sysexits) from one funnel: each kind of failure its own, and 70 only for a
/// fault in Samråd itself.
@Suite("Exit statuses", .serialized)
struct ExitStatusTests {
    static func dovecotIMAP(_ dovecot: DovecotServer, mailboxes: [String] = ["INBOX"], password: String? = nil) throws -> [String: String] {
        let port = try #require(dovecot.imapsPort)
        return [
            "SAMRAD_IMAP_URL": mailboxes.map { "imaps://localhost:\(port)/\($0)" }.joined(separator: " "),
            "SAMRAD_IMAP_USER": dovecot.user, "SAMRAD_IMAP_PASSWORD": password ?? dovecot.password,
            "SAMRAD_IMAP_CA_FILE": try TestPKI.shared.get().caFile,
        ]
    }

    @Test func aMissingImportFileIs66() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let result = try samrad("import", "no-such-reply.eml")
        #expect(result.status == 66, "\(result.output)\(result.error)")
        #expect(result.error.contains("no-such-reply.eml does not exist"), "\(result.error)")
    }

    /// Another process holds the database's write lock for longer than samrad waits (15 s): try again later.
    @Test func aLockedDatabaseIs75() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("init").status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: TestTools.python)
        holder.arguments = [
            "-c",
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            sys.stdin.readline()
            db.execute('ROLLBACK')
            """,
            samrad.folder.appendingPathComponent("samrad.sqlite").path,
        ]
        let input = Pipe()
        let output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(line.hasPrefix("locked"), "the lock holder said \(line.debugDescription)")

        let result = try samrad("contacts", "load", "contacts")
        #expect(result.status == 75, "\(result.output)\(result.error)")
        #expect(result.error.contains("the database is locked by another process"), "\(result.error)")
        #expect(result.error.contains("try again"), "\(result.error)")
    }

    @Test func aFaultInSamradItselfIs70AndNothingElseIs() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let result = try samrad("send", "mal-2019", environment: ["SAMRAD_FAULT": "after-claim:throw"])
        #expect(result.status == 70, "\(result.output)\(result.error)")
        #expect(result.error.contains("internal error, a fault in Samråd itself"), "\(result.error)")
        #expect(result.error.contains("please report it"))
        // What it claimed is not lost: the next send takes it after the lease.
        var later = samrad
        later.now = "2019-04-11T09:00"
        #expect(try later("send", "mal-2019").status == 0)
    }

    @Test func theIMAPServersRefusalsHaveTheirOwnStatus() throws {
        let dovecot = try DovecotServer(.init(tls: .required))
        defer { _ = dovecot.stop() }
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }

        let login = try samrad("fetch", environment: try Self.dovecotIMAP(dovecot, password: "fel-lösen"))
        #expect(login.status == 78, "\(login.output)\(login.error)")
        #expect(login.error.contains("refused the login as \(dovecot.user)"), "\(login.error)")

        var wrongCA = try Self.dovecotIMAP(dovecot)
        wrongCA["SAMRAD_IMAP_CA_FILE"] = try TestPKI.shared.get().otherCAFile
        let certificate = try samrad("fetch", environment: wrongCA)
        #expect(certificate.status == 69, "\(certificate.output)\(certificate.error)")
        #expect(certificate.error.contains("certificate"), "\(certificate.error)")

        // imap:// to the port that speaks TLS from the first byte: said at once, not after the response time limit.
        var plain = try Self.dovecotIMAP(dovecot)
        plain["SAMRAD_IMAP_URL"] = "imap://localhost:\(try #require(dovecot.imapsPort))/INBOX"
        let started = Date()
        let mismatch = try samrad("fetch", environment: plain)
        let seconds = Date().timeIntervalSince(started)
        #expect(mismatch.status == 78, "\(mismatch.output)\(mismatch.error)")
        #expect(mismatch.error.contains("write it as imaps://localhost:\(try #require(dovecot.imapsPort))/INBOX"), "\(mismatch.error)")
        #expect(seconds < 10, "took \(seconds) s")
    }

    @Test func fetchReadsTheRepliesAndTheBouncesEachWithItsOwnState() throws {
        let dovecot = try DovecotServer(.init(tls: .required))
        defer { _ = dovecot.stop() }
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try dovecot.createMailbox("Studsar")
        try dovecot.deliver(try String(contentsOf: ImportTests.replies.appendingPathComponent("2019-05-14-bun.eml"), encoding: .utf8))
        let ledger = try GuaranteeTests.ledger(samrad)
        let token = try #require(ledger.first { $0["recipient"] as? String == "hanna.jakobsson@kommun.example" }?["token"] as? String)
        try dovecot.deliver(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.kommun.example>\r
            To: bounces+\(token)@kommun.example\r
            Subject: Undelivered Mail Returned to Sender\r
            Date: Thu, 11 Apr 2019 08:07:00 +0200\r
            Message-ID: <bounce-2@mx.kommun.example>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r
            \r
            --b1\r
            Content-Type: text/plain\r
            \r
            The mail could not be delivered.\r
            --b1\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; mx.kommun.example\r
            \r
            Final-Recipient: rfc822; hanna.jakobsson@kommun.example\r
            Action: failed\r
            Status: 5.1.1\r
            --b1--\r
            """, to: "Studsar")
        let imap = try Self.dovecotIMAP(dovecot, mailboxes: ["INBOX", "Studsar"])
        let first = try samrad("fetch", environment: imap)
        #expect(first.status == 0, "\(first.output)\(first.error)")
        #expect(first.output.contains("/INBOX (TLS, login as \(dovecot.user)): 1 reply"), "\(first.output)")
        #expect(first.output.contains("/Studsar (TLS, login as \(dovecot.user)): 1 bounce"), "\(first.output)")
        let failed = try #require(
            try GuaranteeTests.json(try samrad("deliveries", "mal-2019", "--state", "failed", "--json").output) as? [[String: Any]])
        #expect(failed.map { $0["recipient"] as? String } == ["hanna.jakobsson@kommun.example"])

        // Each mailbox remembers its own last UID: a new bounce is the only thing the next fetch reads.
        let second = try samrad("fetch", environment: imap)
        #expect(second.output.split(separator: "\n").allSatisfy { $0.contains("nothing new") }, "\(second.output)")
    }
}
