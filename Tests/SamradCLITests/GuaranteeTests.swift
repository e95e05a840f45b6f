import Foundation
import SamradTestSupport
import Testing

/// What Samråd promises — no message lost or sent twice, cron keeps going — under slow servers,
/// outages and failed runs, each case against real servers and processes.
@Suite("Guarantees under slow servers, outages and failed runs", .serialized)
struct GuaranteeTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// The round's ledger, as `deliveries --json` prints it.
    static func ledger(_ samrad: Samrad) throws -> [[String: Any]] {
        try #require(try json(try samrad("deliveries", "mal-2019", "--json").output) as? [[String: Any]])
    }

    /// The round's schedule, as `schedule --json` prints it.
    static func schedule(_ samrad: Samrad) throws -> [[String: Any]] {
        try #require(try json(try samrad("schedule", "mal-2019", "--json").output) as? [[String: Any]])
    }

    /// How many times each recipient got each message (by Message-ID).
    static func copies(_ stored: [AiosmtpdServer.Stored]) -> [String: Int] {
        var copies: [String: Int] = [:]
        for message in stored {
            copies["\(message.recipients.joined(separator: ",")) \(DeliveryTests.messageID(message.data) ?? "")", default: 0] += 1
        }
        return copies
    }

    static func plainSMTP(_ server: AiosmtpdServer) -> [String: String] {
        ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none"]
    }

    // MARK: - 1. A send slower than its lease, and cron's remind at the same time

    /// `send` at a rate limit claims a batch and is held there (a fault hook) while cron's `remind`
    /// runs five minutes on: the lease a batch used to have has run out, but the new lease, renewed
    /// before each message and sized from the rate and the time limits, still holds.
    @Test func aSendSlowerThanTheOldLeaseIsNotDoubledByARemindAtTheSameTime() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:00"
        let smtp = Self.plainSMTP(server)
        let send = try samrad.running(
            "send", "mal-2019", "--connections", "1",
            environment: smtp.merging(["SAMRAD_SMTP_RATE": "20/s", "SAMRAD_FAULT": "after-claim:pause@1"]) { $1 })
        try send.waitForLine(containing: "fault after-claim: paused")
        var cron = samrad
        cron.now = "2019-04-11T08:05"
        let remind = try cron("remind", environment: smtp)
        #expect(remind.status == 0, "\(remind.output)\(remind.error)")
        send.resume()
        let sent = send.finish()
        #expect(sent.status == 0, "\(sent.output)\(sent.error)")
        #expect(!sent.output.contains("taken over"), "\(sent.output)")

        let ledger = try Self.ledger(cron)
        #expect(ledger.allSatisfy { $0["state"] as? String == "sent" })
        let copies = Self.copies(try server.stored())
        #expect(copies.count == ledger.count, "\(copies.count) arrived for \(ledger.count) deliveries")
        #expect(copies.values.allSatisfy { $0 == 1 }, "\(copies.values.filter { $0 > 1 }.count) recipients got a message twice")
    }

    /// The same, with the send held for longer than even its new lease (as a process stopped in a
    /// debugger would be): the remind takes the claim over, and the send, when it goes on, finds its
    /// renewal refused, drops those deliveries and says so.
    @Test func aSendWhoseClaimWasTakenOverDropsItAndSaysSo() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:00"
        let smtp = Self.plainSMTP(server)
        let send = try samrad.running(
            "send", "mal-2019", "--connections", "1",
            environment: smtp.merging(["SAMRAD_SMTP_RATE": "20/s", "SAMRAD_FAULT": "after-claim:pause@1"]) { $1 })
        try send.waitForLine(containing: "fault after-claim: paused")
        var cron = samrad
        cron.now = "2019-04-11T08:30"
        let remind = try cron("remind", environment: smtp)
        #expect(remind.status == 0, "\(remind.output)\(remind.error)")
        send.resume()
        let sent = send.finish()
        #expect(sent.output.contains("deliveries were taken over by another run"), "\(sent.output)")
        #expect(!sent.output.contains("may get the message twice"), "\(sent.output)")

        let ledger = try Self.ledger(cron)
        #expect(ledger.allSatisfy { $0["state"] as? String == "sent" })
        let copies = Self.copies(try server.stored())
        #expect(copies.count == ledger.count)
        #expect(copies.values.allSatisfy { $0 == 1 }, "\(copies.values.filter { $0 > 1 }.count) recipients got a message twice")
    }

    // MARK: - 2. A remind that fails leaves everything due

    @Test func aRemindThatFailsRecordsNothingAndTheNextRunSendsEverything() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        let due = try samrad("remind", "--dry-run").output.split(separator: "\n").filter { $0.hasPrefix("due: mal-2019") }
        #expect(due.count > 40)
        let attachment = samrad.folder.appendingPathComponent("consultations/forslag-nya-mal.pdf")
        let aside = samrad.folder.appendingPathComponent("forslag-nya-mal.pdf")
        try FileManager.default.moveItem(at: attachment, to: aside)

        let failed = try samrad("remind")
        #expect(failed.status == 66, "\(failed.output)\(failed.error)")
        #expect(failed.error.contains("forslag-nya-mal.pdf"), "\(failed.error)")
        #expect(try Self.ledger(samrad).isEmpty)
        let nextDue = try TestPaths.run(
            "/usr/bin/env", ["sqlite3", samrad.folder.appendingPathComponent("samrad.sqlite").path, "SELECT next_due_at FROM consultation"])
        #expect(nextDue.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "next due moved to \(nextDue.output)")

        try FileManager.default.moveItem(at: aside, to: attachment)
        var later = samrad
        later.now = "2019-04-11T08:20"
        let next = try later("remind")
        #expect(next.status == 0, "\(next.output)\(next.error)")
        let written = next.output.split(separator: "\n").filter { $0.hasPrefix("written: mal-2019") }
        #expect(written.count == due.count)
        let ledger = try Self.ledger(later)
        #expect(!ledger.isEmpty && ledger.allSatisfy { $0["state"] as? String == "sent" })
    }

    // MARK: - 3. The IMAP server is down

    @Test func anUnreachableMailboxIsAWarningAndTheSendsStillGo() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        let imap = [
            "SAMRAD_IMAP_URL": "imaps://127.0.0.1:\(try TestTools.freePort())/INBOX", "SAMRAD_IMAP_USER": "samrad",
            "SAMRAD_IMAP_PASSWORD": "hemligt",
        ]
        let remind = try samrad("remind", environment: imap)
        #expect(remind.status == 75, "\(remind.output)\(remind.error)")
        #expect(remind.error.contains("warning: the replies were not fetched"), "\(remind.error)")
        #expect(remind.error.contains("cannot connect to the IMAP server"), "\(remind.error)")
        #expect(remind.output.contains("written: mal-2019 BUN mailout"))
        let ledger = try Self.ledger(samrad)
        #expect(ledger.count > 40 && ledger.allSatisfy { $0["state"] as? String == "sent" })
    }

    // MARK: - 4. A wrong SMTP password

    @Test func aWrongSMTPPasswordFailsNoRecipientAndTheCorrectedOneDelivers() throws {
        let password = "hemligt-lösen-7"
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS, credentials: ("samrad", password)))
        defer { server.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        var smtp = [
            "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": "fel-lösen",
            "SAMRAD_SMTP_CA_FILE": try TestPKI.shared.get().caFile,
        ]
        let wrong = try samrad("send", "mal-2019", "--connections", "1", environment: smtp)
        #expect(wrong.status == 78, "\(wrong.output)\(wrong.error)")
        #expect(wrong.error.contains("SAMRAD_SMTP_USER"), "\(wrong.error)")
        #expect(wrong.error.contains("SAMRAD_SMTP_PASSWORD_FILE or SAMRAD_SMTP_PASSWORD"), "\(wrong.error)")
        #expect(!wrong.output.contains("fel-lösen") && !wrong.error.contains("fel-lösen"))
        let untried = try Self.ledger(samrad)
        #expect(untried.count > 40)
        #expect(untried.allSatisfy { $0["state"] as? String == "queued" && $0["attempts"] as? Int == 0 }, "\(untried.prefix(2))")
        #expect(server.events().filter { $0.hasPrefix("AUTH") }.count == 1, "\(server.events())")
        #expect(try server.stored().isEmpty)

        smtp["SAMRAD_SMTP_PASSWORD"] = password
        let retry = try samrad("send", "mal-2019", "--retry", environment: smtp)
        #expect(retry.status == 0, "\(retry.output)\(retry.error)")
        #expect(retry.output.contains("Every delivery of the mailout of mal-2019 is sent"), "\(retry.output)")
        let ledger = try Self.ledger(samrad)
        #expect(ledger.allSatisfy { $0["state"] as? String == "sent" })
        #expect(try server.stored().count == ledger.count)
    }

    // MARK: - 5. send reports the round

    @Test func sendReportsWhatIsStillToGoInTheRoundNotOnlyThisRun() throws {
        let server = try AiosmtpdServer(.init(rejections: ["bun@kommun.example": 451, "sn@kommun.example": 550]))
        defer { server.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let smtp = Self.plainSMTP(server)
        let first = try samrad("send", "mal-2019", environment: smtp)
        #expect(first.status == 75, "\(first.output)\(first.error)")
        #expect(first.output.contains("1 deferred (next try 2019-04-11 "), "\(first.output)")
        #expect(first.output.contains("1 failed"), "\(first.output)")
        // Run again at once: this run sends nothing, and the round still has one deferred and one failed.
        let again = try samrad("send", "mal-2019", environment: smtp)
        #expect(again.status == 75, "\(again.output)")
        #expect(again.output.contains("This run: 0 deliveries sent, 0 deferred, 0 failed."), "\(again.output)")
        #expect(again.output.contains("Still to go for the mailout of mal-2019: 1 deferred (next try"), "\(again.output)")
        #expect(again.output.contains("failed   sn@kommun.example (SN): 550"), "\(again.output)")
    }

    // MARK: - 6. Catch-up bursts

    @Test func aStaleRoundGetsTheMailoutAloneAndNoReminderThatFellDueBeforeIt() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        // The first cron run is on Monday 27 May, after both reminders after the deadline (21 and 24 May).
        samrad.now = "2019-05-27T08:05"
        let remind = try samrad("remind")
        #expect(remind.status == 0, "\(remind.error)")
        let lines = remind.output.split(separator: "\n").filter { $0.hasPrefix("written:") }
        #expect(lines.filter { $0.contains(" mailout ") }.count == 21)
        #expect(lines.allSatisfy { $0.contains(" mailout ") }, "\(lines.filter { !$0.contains(" mailout ") })")
        let late = try Self.schedule(samrad).filter { ($0["kind"] as? String)?.hasPrefix("after_deadline") == true }
        #expect(late.count == 42)
        #expect(late.allSatisfy { $0["state"] as? String == "skipped" })
        #expect(late.allSatisfy { ($0["reason"] as? String)?.contains("before the body was sent the mailout on 2019-05-27") == true })
    }

    @Test func aCronThatWasDownSendsTheLatestOverdueReminderAndSkipsTheOther() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("remind").status == 0)
        // No cron run from then until Monday 27 May.
        samrad.now = "2019-05-27T08:05"
        let remind = try samrad("remind")
        let lines = remind.output.split(separator: "\n").filter { $0.hasPrefix("written:") }
        #expect(lines.filter { $0.contains("after_deadline 5") }.count == 21, "\(remind.output)")
        #expect(lines.filter { $0.contains("after_deadline 2") }.isEmpty, "\(remind.output)")
        let superseded = try Self.schedule(samrad).filter { $0["kind"] as? String == "after_deadline 2" }
        #expect(superseded.count == 21)
        #expect(superseded.allSatisfy { $0["state"] as? String == "skipped" })
        #expect(superseded.allSatisfy { ($0["reason"] as? String)?.hasSuffix("skipped: superseded by after_deadline 5") == true })
        // The next run sends neither.
        samrad.now = "2019-05-27T09:05"
        #expect(try samrad("remind").output.isEmpty)
    }

    // MARK: - 7. A body that joins the registry after the mailout

    static func addBody(_ id: String, to samrad: Samrad) throws {
        let file = samrad.folder.appendingPathComponent("contacts/namnder.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "\n  - { id: \(id), name: Nämnden \(id), kind: board, mailbox: \(id.lowercased())@kommun.example }\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    @Test func aBodyThatJoinsAfterTheMailoutWaitsForTheCoordinator() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("remind").status == 0)
        samrad.now = "2019-04-15T09:00"
        try Self.addBody("NYN", to: samrad)
        #expect(try samrad("contacts", "load", "contacts").output.contains("added      NYN"))

        samrad.now = "2019-04-15T09:05"
        let remind = try samrad("remind")
        #expect(!remind.output.contains("written: mal-2019 NYN"), "\(remind.output)")
        #expect(
            remind.output.contains(
                "waiting: mal-2019 NYN joined the registry after the mailout; 'samrad send mal-2019 --include-new' mails it"),
            "\(remind.output)")
        let schedule = try Self.schedule(samrad).filter { $0["body"] as? String == "NYN" }
        #expect(!schedule.isEmpty && schedule.allSatisfy { $0["state"] as? String == "waiting" })
        #expect(schedule.allSatisfy { ($0["reason"] as? String)?.contains("--include-new") == true })
        let send = try samrad("send", "mal-2019")
        #expect(send.output.contains("Waiting: NYN joined the registry after the mailout"), "\(send.output)")
        #expect(try Self.ledger(samrad).allSatisfy { ($0["message"] as? [String: Any])?["body_id"] as? String != "NYN" })

        let include = try samrad("send", "mal-2019", "--include-new")
        #expect(include.status == 0, "\(include.output)\(include.error)")
        #expect(include.output.contains("1 new messages recorded"), "\(include.output)")
        let nyn = try Self.ledger(samrad).filter { ($0["message"] as? [String: Any])?["body_id"] as? String == "NYN" }
        #expect(nyn.map { $0["state"] as? String } == ["sent"])
        let audit = try samrad("log", "mal-2019", "--audit")
        #expect(audit.output.contains("send: 1 mailout messages recorded, including bodies that joined later: NYN"), "\(audit.output)")
    }

    @Test func aBodyTheRoundsFileNamesIsMailedByTheNextRemind() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("remind").status == 0)
        samrad.now = "2019-04-15T09:00"
        try Self.addBody("NYB", to: samrad)
        try samrad("contacts", "load", "contacts")
        let round = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        let text = try String(contentsOf: round, encoding: .utf8)
        try text.replacingOccurrences(
            of: "recipients: { kinds: [board, company], exclude: [KS] }",
            with: "recipients: { kinds: [board, company], ids: [NYB], exclude: [KS] }"
        ).write(to: round, atomically: true, encoding: .utf8)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").output.contains("revision 2"))
        let remind = try samrad("remind")
        #expect(remind.output.contains("written: mal-2019 NYB mailout"), "\(remind.output)")
        #expect(!remind.output.contains("waiting:"))
    }

    @Test func aBodyMailedAfterTheDeadlineGetsNoReminderThatFellDueBeforeItsMailout() throws {
        var samrad = try RemindTests.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("remind").status == 0)
        samrad.now = "2019-05-20T09:00"
        try Self.addBody("NYN", to: samrad)
        try samrad("contacts", "load", "contacts")
        samrad.now = "2019-05-27T08:00"
        #expect(try samrad("send", "mal-2019", "--include-new").status == 0)
        samrad.now = "2019-05-27T08:05"
        let remind = try samrad("remind")
        #expect(!remind.output.contains("mal-2019 NYN"), "\(remind.output)")
        let nyn = try Self.schedule(samrad).filter {
            $0["body"] as? String == "NYN" && ($0["kind"] as? String)?.hasPrefix("after_deadline") == true
        }
        #expect(nyn.count == 2 && nyn.allSatisfy { $0["state"] as? String == "skipped" })
    }

    // MARK: - 8. The audit trail of commands that change data

    @Test func importAndAssignLeaveTheirLineInTheAuditTrail() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let reply = ImportTests.replies.appendingPathComponent("2019-05-14-bun.eml").path
        #expect(try samrad("import", reply).status == 0)
        try samrad.write(
            """
            From: Kansliet <kansliet.registrator@kommun.example>\r
            To: samrad@kommun.example\r
            Subject: SV: Begäran om synpunkter [KS 2019/017]\r
            Date: Wed, 15 May 2019 09:00:00 +0200\r
            Message-ID: <kansliet-2@kommun.example>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Krisledningsnämnden avstår från att yttra sig.\r
            """, to: "kansliet.eml")
        #expect(try samrad("import", "kansliet.eml").output.contains("1 unmatched"))
        #expect(try samrad("assign", "<kansliet-2@kommun.example>", "KRN").status == 0)
        let trail = try #require(try Self.json(try samrad("log", "mal-2019", "--audit", "--format", "json").output) as? [[String: Any]])
        let commands = trail.compactMap { $0["command"] as? String }
        #expect(commands.contains("import"), "\(commands)")
        let assign = try #require(trail.first { $0["command"] as? String == "assign" })
        #expect((assign["detail"] as? String)?.contains("<kansliet-2@kommun.example> to KRN: KS 2019/017-") == true, "\(assign)")
    }
}
