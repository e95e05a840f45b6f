import Foundation
import SamradTestSupport
import Testing

/// `samrad import`, `unmatched`, `assign` and `fetch` on a round that has been sent.
@Suite("Feedback import", .serialized)
struct ImportTests {
    /// A folder with the sample round sent to the outbox on 11 April.
    static func sent() throws -> Samrad {
        var samrad = try Samrad()
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        #expect(try samrad("send", "mal-2019").status == 0)
        samrad.now = "2019-05-22T09:00"
        return samrad
    }

    static let replies = TestPaths.repository.appendingPathComponent("Sources/SamradApp/Demo/svar")
    static let fixtures = TestPaths.repository.appendingPathComponent("Tests/SamradImportTests/Fixtures/mail")

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// A reply that attaches one of the round's own documents sent back is read without it: SBN's answer stands in
    /// its attached PDF, and when the round had sent that very PDF, the reply says nothing of its own.
    @Test func aDocumentTheRoundSentIsNotReadWhenItComesBack() throws {
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let reply = Self.replies.appendingPathComponent("2019-05-15-sbn.eml")
        let extract = """
            import email, email.policy, sys
            message = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            part = next(p for p in message.walk() if p.get_content_type() == 'application/pdf')
            open(sys.argv[2], 'wb').write(part.get_content())
            """
        let document = samrad.folder.appendingPathComponent("consultations/protokoll.pdf")
        let extracted = try TestPaths.run("/usr/bin/python3", ["-c", extract, reply.path, document.path])
        #expect(extracted.status == 0, "\(extracted.error)")
        let round = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        let yaml = try String(contentsOf: round, encoding: .utf8)
        #expect(yaml.contains("attachments: [forslag-nya-mal.pdf]"))
        try yaml.replacingOccurrences(of: "attachments: [forslag-nya-mal.pdf]", with: "attachments: [forslag-nya-mal.pdf, protokoll.pdf]")
            .write(to: round, atomically: true, encoding: .utf8)
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        #expect(try samrad("send", "mal-2019").status == 0)
        samrad.now = "2019-05-22T09:00"
        #expect(try samrad("import", reply.path).status == 0)

        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let rows = try #require(status["rows"] as? [[String: Any]])
        let sbn = try #require(rows.first { $0["id"] as? String == "SBN" })
        let evidence = sbn["evidence"] as? [String: [String: Any]] ?? [:]
        #expect(!evidence.values.contains { $0["attachment"] != nil }, "\(evidence)")
        #expect((sbn["answers"] as? [String: String] ?? [:])["4"] == nil, "\(sbn)")
    }

    @Test func theSampleRepliesAreMatchedSplitAndCountedOnce() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let mails = try FileManager.default.contentsOfDirectory(atPath: Self.replies.path).filter { $0.hasSuffix(".eml") }.sorted()
        let first = try samrad(["import"] + mails.map { Self.replies.appendingPathComponent($0).path })
        #expect(first.status == 0, "\(first.output)\(first.error)")
        #expect(first.output.contains("1 automatic replies"))
        let csv = try samrad(
            "import", Self.replies.appendingPathComponent("2019-05-17-formular-bolag.csv").path, "--consultation", "mal-2019")
        #expect(csv.status == 0, "\(csv.error)")
        #expect(csv.output.contains("3 form answers"))

        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let rows = try #require(status["rows"] as? [[String: Any]])
        func answers(_ id: String) -> [String: String] {
            (rows.first { $0["id"] as? String == id }?["answers"] as? [String: String]) ?? [:]
        }
        #expect(answers("BUN") == ["1": "supports", "2": "supports", "3": "opposes", "4": "supports"])
        #expect(answers("KFN") == ["1": "declines", "2": "declines", "3": "declines", "4": "declines"])
        #expect(answers("SN")["4"] == "supports")
        #expect(answers("TN") == ["1": "supports", "2": "neutral"])
        #expect(answers("HVAB") == ["1": "opposes"])
        #expect(answers("HEAB") == ["1": "supports"])
        // Samhällsbyggnadsnämnden's answer stands in its attached protokollsutdrag (a PDF), not in the mail.
        #expect(answers("SBN") == ["1": "supports", "2": "declines", "3": "supports", "4": "opposes"])
        let sbn = try #require(rows.first { $0["id"] as? String == "SBN" }?["evidence"] as? [String: [String: Any]])
        #expect(sbn["4"]?["attachment"] as? String == "Protokollsutdrag SBN 2019-05-14 § 38.pdf")
        #expect(sbn["4"]?["page"] as? Int == 1)
        // The out-of-office reply from SN's chair is not an answer.
        #expect(rows.first { $0["id"] as? String == "TN" }?["late"] as? Bool == true)
        #expect(rows.first { $0["id"] as? String == "BUN" }?["late"] as? Bool == false)

        // Importing everything again adds nothing.
        let again = try samrad(["import"] + mails.map { Self.replies.appendingPathComponent($0).path })
        #expect(again.output.contains("nothing new"))
        #expect(!again.output.contains("replies ("))
        let csvAgain = try samrad(
            "import", Self.replies.appendingPathComponent("2019-05-17-formular-bolag.csv").path, "--consultation", "mal-2019")
        #expect(csvAgain.output.contains("3 already imported"))

        // The register numbers every message out and in without gaps.
        let register = try #require(try Self.json(try samrad("log", "mal-2019", "--format", "json").output) as? [[String: Any]])
        let numbers = register.compactMap { $0["number"] as? Int }
        #expect(numbers == Array(1...numbers.count))
        #expect(register.contains { $0["direction"] as? String == "in" && $0["kind"] as? String == "reply" })
    }

    @Test func malformedFilesAreRefusedWithTheirReasonAndTheGoodOnesImported() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let bad = ["malformed-truncated.eml", "malformed-broken-boundary.eml", "malformed-invalid-utf8-header.eml", "malformed-empty.eml"]
        let before = try samrad.databaseSnapshot()
        for name in bad {
            let result = try samrad("import", Self.fixtures.appendingPathComponent(name).path)
            #expect(result.status == 65, "\(name): \(result.output)")
            #expect(result.error.contains(name), "\(result.error)")
        }
        #expect(try samrad.databaseSnapshot() == before)

        let mixed = try samrad(
            "import", Self.fixtures.appendingPathComponent("malformed-truncated.eml").path,
            Self.replies.appendingPathComponent("2019-05-14-bun.eml").path)
        #expect(mixed.status == 65)
        #expect(mixed.output.contains("1 of 2 files refused; the other was imported."))
        #expect(mixed.output.contains("2019-05-14-bun.eml [eml]: 1 replies"))
    }

    @Test func aReplyIsMatchedByInReplyToEvenFromAnUnknownAddress() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let ledger = try #require(try Self.json(try samrad("deliveries", "mal-2019", "--json").output) as? [[String: Any]])
        let message = try #require(
            ledger.first { ($0["message"] as? [String: Any])?["body_id"] as? String == "GVN" }?["message"] as? [String: Any])
        let id = try #require(message["message_id"] as? String)
        try samrad.write(
            """
            From: Okänd Person <okand@privat.example>\r
            To: samrad@kommun.example\r
            Subject: Svar\r
            Date: Mon, 13 May 2019 10:00:00 +0200\r
            Message-ID: <svar-gvn@privat.example>\r
            In-Reply-To: <\(id)>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Målområde 2: Nämnden tillstyrker.\r
            """, to: "gvn.eml")
        let result = try samrad("import", "gvn.eml")
        #expect(result.status == 0, "\(result.error)")
        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let gvn = (status["rows"] as? [[String: Any]])?.first { $0["id"] as? String == "GVN" }
        #expect(gvn?["answers"] as? [String: String] == ["2": "supports"])
    }

    @Test func aBounceFailsTheDeliveryItNamesByItsToken() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let ledger = try #require(try Self.json(try samrad("deliveries", "mal-2019", "--json").output) as? [[String: Any]])
        let delivery = try #require(ledger.first { $0["recipient"] as? String == "hanna.jakobsson@kommun.example" })
        let token = try #require(delivery["token"] as? String)
        try samrad.write(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.kommun.example>\r
            To: bounces+\(token)@kommun.example\r
            Subject: Undelivered Mail Returned to Sender\r
            Date: Thu, 11 Apr 2019 08:07:00 +0200\r
            Message-ID: <bounce-1@mx.kommun.example>\r
            Auto-Submitted: auto-replied\r
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
            Diagnostic-Code: smtp; 550 5.1.1 User unknown\r
            --b1--\r
            """, to: "bounce.eml")
        let result = try samrad("import", "bounce.eml")
        #expect(result.output.contains("1 bounces"), "\(result.output)\(result.error)")
        let failed = try #require(
            try Self.json(try samrad("deliveries", "mal-2019", "--state", "failed", "--json").output) as? [[String: Any]])
        #expect(failed.map { $0["recipient"] as? String } == ["hanna.jakobsson@kommun.example"])
        #expect((failed.first?["reply"] as? String)?.contains("5.1.1") == true)
    }

    @Test func statusShowsTheLatestAttemptAfterABounceACorrectedAddressAndResend() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let ledger = try #require(try Self.json(try samrad("deliveries", "mal-2019", "--json").output) as? [[String: Any]])
        let delivery = try #require(ledger.first { $0["recipient"] as? String == "sn@kommun.example" })
        let token = try #require(delivery["token"] as? String)
        try samrad.write(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.kommun.example>\r
            To: bounces+\(token)@kommun.example\r
            Subject: Undelivered Mail Returned to Sender\r
            Date: Thu, 11 Apr 2019 08:07:00 +0200\r
            Message-ID: <bounce-sn@mx.kommun.example>\r
            Auto-Submitted: auto-replied\r
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
            Final-Recipient: rfc822; sn@kommun.example\r
            Action: failed\r
            Status: 5.1.1\r
            --b1--\r
            """, to: "bounce.eml")
        let imported = try samrad("import", "bounce.eml")
        #expect(imported.output.contains("1 bounces"), "\(imported.output)\(imported.error)")
        func row() throws -> [String: Any]? {
            let status = try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any]
            return (status?["rows"] as? [[String: Any]])?.first { $0["id"] as? String == "SN" }
        }
        #expect(try row()?["delivery"] as? String == "failed")
        #expect(try samrad("status", "mal-2019").output.contains("MISSLYCKADES"))
        // The coordinator corrects the address and resends: the new delivery is what status shows.
        let contacts = samrad.folder.appendingPathComponent("contacts/namnder.yaml")
        let fixed = try String(contentsOf: contacts, encoding: .utf8).replacingOccurrences(
            of: "mailbox: sn@kommun.example", with: "mailbox: socialnamnden@kommun.example")
        try fixed.write(to: contacts, atomically: true, encoding: .utf8)
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        let resent = try samrad("resend", "mal-2019", "--body", "SN")
        #expect(resent.status == 0, "\(resent.output)\(resent.error)")
        #expect(try row()?["delivery"] as? String == "sent")
        let text = try samrad("status", "mal-2019").output
        #expect(!text.contains("MISSLYCKADES"), "\(text)")
        // The failed delivery stays in the ledger as history.
        let history = try #require(
            try Self.json(try samrad("deliveries", "mal-2019", "--state", "failed", "--json").output) as? [[String: Any]])
        #expect(history.map { $0["recipient"] as? String } == ["sn@kommun.example"])
    }

    @Test func unmatchedMailWaitsAndCanBeAssigned() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        // The shared registry mailbox of VN and KRN: the matcher does not guess.
        try samrad.write(
            """
            From: Kansliet <kansliet.registrator@kommun.example>\r
            To: samrad@kommun.example\r
            Subject: SV: Begäran om synpunkter [KS 2019/017]\r
            Date: Wed, 15 May 2019 09:00:00 +0200\r
            Message-ID: <kansliet-1@kommun.example>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Krisledningsnämnden avstår från att yttra sig.\r
            """, to: "kansliet.eml")
        let result = try samrad("import", "kansliet.eml")
        #expect(result.output.contains("1 unmatched"))
        let waiting = try #require(try Self.json(try samrad("unmatched", "--json").output) as? [[String: Any]])
        #expect(waiting.map { $0["message_id"] as? String } == ["kansliet-1@kommun.example"])
        let assign = try samrad("assign", "<kansliet-1@kommun.example>", "KRN")
        #expect(assign.status == 0, "\(assign.error)")
        #expect(assign.output.contains("registered as KS 2019/017-"))
        #expect((try Self.json(try samrad("unmatched", "--json").output) as? [Any])?.isEmpty == true)
        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let krn = (status["rows"] as? [[String: Any]])?.first { $0["id"] as? String == "KRN" }
        #expect((krn?["answers"] as? [String: String])?["1"] == "declines")
    }

    @Test func aCSVRowNamingNoRecipientIsRefusedWithItsLine() throws {
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write("Nämnd;Målområde 1\r\nBUN;Vi tillstyrker.\r\nOkänd nämnd;Vi avstyrker.\r\n", to: "svar.csv")
        let before = try samrad.databaseSnapshot()
        let result = try samrad("import", "svar.csv")
        #expect(result.status == 65)
        #expect(result.error.contains("svar.csv:3:"), "\(result.error)")
        #expect(result.error.contains("Okänd nämnd"))
        #expect(try samrad.databaseSnapshot() == before)
    }

    @Test func fetchImportsNewMailFromDovecotOnce() throws {
        let dovecot = try DovecotServer(.init(tls: .required))
        defer { _ = dovecot.stop() }
        let samrad = try Self.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let bun = try String(contentsOf: Self.replies.appendingPathComponent("2019-05-14-bun.eml"), encoding: .utf8)
        try dovecot.deliver(bun)
        let imap = [
            "SAMRAD_IMAP_URL": "imaps://localhost:\(try #require(dovecot.imapsPort))/INBOX", "SAMRAD_IMAP_USER": dovecot.user,
            "SAMRAD_IMAP_PASSWORD": dovecot.password, "SAMRAD_IMAP_CA_FILE": try TestPKI.shared.get().caFile,
        ]
        let first = try samrad("fetch", environment: imap)
        #expect(first.status == 0, "\(first.output)\(first.error)")
        #expect(first.output.contains("1 reply"), "\(first.output)")
        #expect(!first.output.contains(dovecot.password))
        let second = try samrad("fetch", environment: imap)
        #expect(second.output.contains("nothing new"), "\(second.output)")
        let sn = try String(contentsOf: Self.replies.appendingPathComponent("2019-05-16-sn.eml"), encoding: .utf8)
        try dovecot.deliver(sn)
        // remind fetches too.
        let remind = try samrad("remind", environment: imap)
        #expect(remind.output.contains("fetched:"), "\(remind.output)\(remind.error)")
        let status = try #require(try Self.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        let totals = try #require(status["totals"] as? [String: Int])
        #expect(totals["answered"] == 2)
    }
}

extension Samrad {
    /// Runs with an argument list.
    @discardableResult
    func callAsFunction(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, error: String)
    {
        try TestPaths.run(Self.executable, arguments, environment: ["SAMRAD_NOW": now].merging(environment) { $1 }, in: folder)
    }
}
