import Foundation
import SamradCore
import SamradImport
import Testing

private let roundSubject = "SV: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]"

private func parse(_ name: String) throws -> ParsedMail {
    try MailReader.parse(MailFixture.data(name))
}

private func utc(_ text: String) -> Date? {
    ISO8601DateFormatter().date(from: text)
}

@Suite("Replies as mail clients write them")
struct ClientReplyTests {
    @Test("Outlook: quoted-printable Windows-1252, HTML alternative, Thread-Index, Word attachment")
    func outlook() throws {
        let mail = try parse("outlook-qp-windows1252.eml")
        #expect(mail.from?.name == "Anna Berg")
        #expect(mail.from?.address.description == "anna.berg@bun.kommun.example")
        #expect(mail.to.map(\.address.description) == ["samrad+3f9a2c81d0@kommun.example"])
        #expect(mail.cc.map(\.name) == ["Barn- och utbildningsnämnden"])
        #expect(mail.subject == roundSubject)
        #expect(mail.messageID == "HE1PR0701MB2345B0C1D2E3F4A5B6C7D8E9F0A1B2C3D4@HE1PR0701MB2345.bun.kommun.example")
        #expect(mail.inReplyTo == ["mal-2019.BUN.mailout.3f9a2c81d0@kommun.example"])
        #expect(mail.references == ["mal-2019.BUN.mailout.3f9a2c81d0@kommun.example"])
        #expect(mail.date == utc("2019-04-18T08:14:51Z"))
        #expect(mail.header("Thread-Index") == "AQHU8DJ3c4Lk0y3QkUmG1aQ8kZ7yXKY4nVeA")
        #expect(mail.header("thread-topic") == "Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]")

        // text/plain is preferred over the HTML alternative; Windows-1252 dashes and quotes survive.
        #expect(
            mail.text.contains(
                "Målområde 2. Utbildning, arbete och näringsliv – nämnden tillstyrker med tillägget att ”alla elever ska nå målen i grundskolan”."
            )
        )
        #expect(mail.text.contains("Målområde 4. Delaktighet, tillgänglighet och trygghet – nämnden avstår från att yttra sig."))
        #expect(mail.text.contains("Från: Kommunledningskontoret <kansli@kommun.example>\nSkickat: den 11 april 2019 08:00"))
        #expect(!mail.text.contains("MsoNormal"))
        #expect(!mail.text.contains("\r"))
        #expect(mail.text.hasPrefix("Hej,\n\nBarn- och utbildningsnämnden har behandlat ärendet"))

        #expect(mail.attachments.count == 1)
        let attachment = try #require(mail.attachments.first)
        #expect(attachment.filename == "Protokollsutdrag BUN §5 mål 2019.docx")
        #expect(attachment.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(attachment.data.count == 4711)
        #expect(attachment.data.prefix(4) == Data("PK\u{3}\u{4}".utf8))

        // Every header in input order: GMime keeps Content-Type on the body; it comes back in its place.
        let names = mail.headers.map(\.name)
        #expect(names.first == "Received")
        let contentType = try #require(names.firstIndex(of: "Content-Type"))
        let mimeVersion = try #require(names.firstIndex(of: "MIME-Version"))
        #expect(contentType + 1 == mimeVersion)
        #expect(mail.warnings.isEmpty)
    }

    @Test("Gmail: base64 UTF-8, a subject split over encoded-words, '> ' quoting")
    func gmail() throws {
        let mail = try parse("gmail-base64-utf8.eml")
        #expect(mail.subject == roundSubject)
        #expect(mail.from == Mailbox(name: "Erik Lund", address: try EmailAddress("erik.lund@sn.kommun.example")))
        #expect(mail.inReplyTo == ["mal-2019.SN.mailout.a1b2c3d4e5@kommun.example"])
        #expect(mail.messageID == "CAJx3fQ2kW9=ZPz0r8Hn_1vYq+TgE4dLbS7uN6mVcA0oXw@mail.gmail.example")
        #expect(mail.deliveredTo.map(\.description) == ["samrad+a1b2c3d4e5@kommun.example"])
        #expect(mail.returnPath?.description == "erik.lund@sn.kommun.example")
        #expect(mail.text.hasPrefix("Hej!\n\nSocialnämnden tillstyrker förslaget i stort."))
        #expect(mail.text.contains("Målområde 3. Kunskap, hälsa och fritid: vi vill att målet om psykisk hälsa\nförtydligas"))
        #expect(mail.text.contains("Den tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret <\nkansli@kommun.example>:"))
        #expect(mail.text.contains("> Kommunstyrelsen har tagit fram ett förslag till nya mål för\n> mandatperioden."))
        #expect(!mail.text.contains("\r"))
        #expect(mail.attachments.isEmpty)
        #expect(mail.date == utc("2019-04-23T11:01:58Z"))
    }

    @Test("Thunderbird: ISO-8859-1, format=flowed unwrapped, bottom-posted")
    func thunderbird() throws {
        let mail = try parse("thunderbird-flowed-latin1.eml")
        #expect(mail.from?.name == "Maria Öberg")
        #expect(mail.subject == roundSubject)
        #expect(mail.inReplyTo == ["mal-2019.TN.mailout.77e0c4a9b1@kommun.example"])
        #expect(mail.references == ["mal-2019.TN.mailout.77e0c4a9b1@kommun.example"])
        #expect(
            mail.text.contains(
                "Målområde 1. Hållbar tillväxt och samhällsplanering: nämnden tillstyrker men vill att målet om "
                    + "kollektivtrafik och cykelvägar formuleras så att det går att följa upp.\n"
            )
        )
        #expect(
            mail.text.hasPrefix(
                "Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n"
                    + "> Kommunstyrelsen har tagit fram ett förslag till nya mål för mandatperioden. "
                    + "Vi vill ha era synpunkter senast den 17 maj 2019.\n"
            )
        )
        #expect(mail.text.contains("Målområde 2. Utbildning, arbete och näringsliv: varken eller."))
        #expect(mail.text.contains("Tekniska nämnden\n--\nMaria Öberg, nämndsekreterare"))
        #expect(mail.header("User-Agent") == "Mozilla/5.0 (X11; Linux x86_64; rv:60.0) Gecko/20100101 Thunderbird/60.6.1")
    }

    @Test("Apple Mail: mixed → alternative + PDF whose name is RFC 2231 UTF-8 in two continuations")
    func appleMail() throws {
        let mail = try parse("apple-mail-nested.eml")
        #expect(mail.from?.name == "Sofia Åkesson")
        #expect(mail.subject == roundSubject)
        #expect(mail.messageID == "8E2F4A61-3B7C-4D95-A1E0-6F2C9B8D7E53@kfn.kommun.example")
        #expect(mail.inReplyTo == ["mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example"])
        #expect(mail.text.contains("Kultur- och fritidsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid."))
        #expect(mail.text.contains("> 11 apr. 2019 kl. 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:"))
        #expect(!mail.text.contains("<div"))
        #expect(mail.attachments.map(\.filename) == ["Yttrande från Kultur- och fritidsnämnden.pdf"])
        #expect(mail.attachments.map(\.contentType) == ["application/pdf"])
        #expect(mail.attachments.map(\.data.count) == [3187])
        #expect(mail.attachments.first?.data.prefix(5) == Data("%PDF-".utf8))
    }

    @Test("An HTML-only reply becomes readable text: paragraphs apart, list items as lines, entities decoded, style and script dropped")
    func htmlOnly() throws {
        let mail = try parse("html-only.eml")
        #expect(mail.from?.name == "Karin Sjöberg")
        #expect(mail.subject == roundSubject)
        #expect(mail.inReplyTo == ["mal-2019.MBN.mailout.c0ffee1234@kommun.example"])
        #expect(
            mail.text == """
                Hej,

                Miljö- och byggnadsnämnden avstyrker målområde 1 i sin nuvarande form.

                - Formuleringen „hållbar tillväxt” behöver konkretiseras.
                - Tillgänglighet & trygghet bör följas upp årligen – se bilaga.

                Med vänlig hälsning
                Karin Sjöberg
                Miljö- och byggnadsförvaltningen
                """
        )
    }

    @Test("A forwarded reply: the secretary's note outside, the chair's reply parsed inside")
    func forwarded() throws {
        let mail = try parse("forwarded-reply.eml")
        #expect(mail.from?.address.description == "eva.holm@vn.kommun.example")
        #expect(mail.subject == "VB: " + roundSubject)
        #expect(mail.text.contains("Vidarebefordrar ordförandens svar för Vård- och omsorgsnämnden."))
        #expect(mail.attachments.isEmpty)
        #expect(mail.forwarded.count == 1)
        let inner = try #require(mail.forwarded.first)
        #expect(inner.from == Mailbox(name: "Lars Nyström", address: try EmailAddress("lars.nystrom@vn.kommun.example")))
        #expect(inner.subject == roundSubject)
        #expect(inner.messageID == "b7e1c2d3-0001-4a5b-9c8d-ordforande@vn.kommun.example")
        #expect(inner.inReplyTo == ["mal-2019.VN.mailout.9b8a7c6d5e@kommun.example"])
        #expect(inner.text.contains("Vård- och omsorgsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid\n"))
        #expect(inner.date == utc("2019-05-02T14:05:44Z"))
    }

    @Test("A Swedish out-of-office reply with Auto-Submitted")
    func swedishOutOfOffice() throws {
        let mail = try parse("autoreply-sv-auto-submitted.eml")
        #expect(mail.subject == "Frånvaro: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]")
        #expect(mail.header("Auto-Submitted") == "auto-replied")
        #expect(mail.header("X-Auto-Response-Suppress") == "All")
        #expect(mail.header("Precedence") == "auto_reply")
        #expect(mail.inReplyTo == ["mal-2019.KFN.mailout.5d7e9f1a3b@kommun.example"])
        #expect(mail.text.hasPrefix("Jag är på semester till och med den 22 april och läser inte min e-post."))
    }

    @Test("An English out-of-office reply with only X-Autoreply")
    func englishOutOfOffice() throws {
        let mail = try parse("autoreply-en-x-autoreply.eml")
        #expect(mail.subject == "Automatic reply: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]")
        #expect(mail.header("X-Autoreply") == "yes")
        #expect(mail.header("Auto-Submitted") == nil)
        #expect(mail.headerValues("X-Autoreply") == ["yes"])
        #expect(mail.text.hasPrefix("I am out of the office until 23 April"))
    }

    @Test("A DSN bounce: recipients, status, diagnostic and the original Message-ID from text/rfc822-headers")
    func bounce() throws {
        let mail = try parse("bounce-dsn.eml")
        #expect(mail.subject == "Undelivered Mail Returned to Sender")
        #expect(mail.to.map(\.address.description) == ["bounces+0123456789abcdef@kommun.example"])
        #expect(mail.deliveredTo.map(\.description) == ["bounces+0123456789abcdef@kommun.example"])
        #expect(mail.returnPath == nil)
        #expect(mail.from?.address.description == "MAILER-DAEMON@mx.kommun.example")
        #expect(mail.header("Auto-Submitted") == "auto-replied")
        #expect(mail.text.contains("could not\nbe delivered to one or more recipients"))
        #expect(mail.attachments.isEmpty)
        #expect(mail.forwarded.isEmpty)
        let report = try #require(mail.report)
        #expect(
            report.recipients == [
                DeliveryReport.Recipient(
                    finalRecipient: "vd@bostad.kommun.example", action: "failed", status: "5.1.1",
                    diagnostic: "550 5.1.1 <vd@bostad.kommun.example>: Recipient address rejected: User unknown in virtual mailbox table"
                )
            ]
        )
        #expect(report.originalMessageID == "mal-2019.BOSTAD.mailout.0123456789abcdef@kommun.example")
        #expect(report.originalRecipients.map(\.description) == ["vd@bostad.kommun.example"])
    }

    @Test("8-bit header bytes valid in the declared charset are read in it")
    func eightBitHeaderInDeclaredCharset() throws {
        let mail = try parse("eightbit-header-declared-latin1.eml")
        #expect(mail.subject == roundSubject)
        #expect(mail.text == "Nämnden tillstyrker.")
    }
}

@Suite("Malformed input is refused with the part and the reason")
struct MalformedMailTests {
    @Test(
        "Each malformed fixture is refused with its kind",
        arguments: [
            ("malformed-truncated.eml", MailReadError.Kind.truncatedMultipart, nil, "'--=_trunc_a1--'"),
            (
                "malformed-broken-boundary.eml", .brokenBoundary, nil,
                "'----=_Part_1_1554962400000' of the message body (multipart/mixed) never occurs"
            ),
            ("malformed-nested-broken-boundary.eml", .brokenBoundary, "2", "'inner-ok' of the multipart/alternative part never occurs"),
            ("malformed-missing-boundary.eml", .missingBoundary, nil, "has no boundary parameter"),
            ("malformed-invalid-utf8-header.eml", .invalidHeaderEncoding, nil, "'Subject' has 8-bit bytes that are not UTF-8"),
            ("malformed-empty.eml", .emptyInput, nil, "empty (0 bytes)"),
            ("malformed-no-header.eml", .noHeader, nil, "the first line 'Hej,' is not a header field"),
        ] as [(String, MailReadError.Kind, String?, String)]
    )
    func refused(fixture: String, kind: MailReadError.Kind, part: String?, reason: String) throws {
        let data = try MailFixture.data(fixture)
        let error = try #require(throws: MailReadError.self) { try MailReader.parse(data) }
        #expect(error.kind == kind, "\(error)")
        #expect(error.part == part)
        #expect(error.reason.contains(reason), "\(error.reason)")
        #expect(!error.fix.isEmpty)
        #expect(error.description.contains("\n    fix: "))
    }

    @Test("The invalid header is named with the declared charset and the offending byte")
    func invalidHeaderDetail() throws {
        let data = try MailFixture.data("malformed-invalid-utf8-header.eml")
        let error = try #require(throws: MailReadError.self) { try MailReader.parse(data) }
        #expect(error.reason.contains("0xE4"))
        #expect(error.reason.contains("utf-8"))
    }

    @Test("A part header in an undeclared 8-bit charset is refused, naming the part")
    func invalidPartHeader() throws {
        var data = Data(
            """
            From: a@bun.kommun.example\r
            Subject: bilaga\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Se bilagan.\r
            --b\r
            Content-Type: application/pdf\r
            Content-Disposition: attachment; filename="Yttrande 
            """.utf8
        )
        data.append(contentsOf: [0xE5])  // "å" in ISO-8859-1, which nothing declares
        data.append(contentsOf: Data(".pdf\"\r\n\r\n%PDF\r\n--b--\r\n".utf8))
        let error = try #require(throws: MailReadError.self) { try MailReader.parse(data) }
        #expect(error.kind == .invalidHeaderEncoding)
        #expect(error.part == "2")
        #expect(error.reason.contains("'Content-Disposition'"))
        #expect(error.reason.contains("nor valid in the declared charset utf-8"))
    }

    @Test("An empty text/plain alternative gives way to the HTML one")
    func emptyPlainAlternative() throws {
        let text = """
            From: a@bun.kommun.example
            Subject: tomt
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="alt"

            --alt
            Content-Type: text/plain; charset=utf-8

            \u{20}
            --alt
            Content-Type: text/html; charset=utf-8

            <p>N&auml;mnden tillstyrker.</p>
            --alt--

            """
        let mail = try MailReader.parse(Data(text.utf8))
        #expect(mail.text == "Nämnden tillstyrker.")
    }

    @Test("Input of only blank lines is empty; a blank first line means no header")
    func blankInputs() throws {
        let blank = try #require(throws: MailReadError.self) { try MailReader.parse(Data("\r\n\r\n  \n".utf8)) }
        #expect(blank.kind == .emptyInput)
        let noHeader = try #require(throws: MailReadError.self) { try MailReader.parse(Data("\nHej\n".utf8)) }
        #expect(noHeader.kind == .noHeader)
        let notMail = try #require(throws: MailReadError.self) {
            try MailReader.parse(Data("Synpunkter: se nedan\n\nVi tillstyrker.\n".utf8))
        }
        #expect(notMail.kind == .noHeader)
        #expect(notMail.reason.contains("'Synpunkter'"))
    }

    @Test("A message/partial fragment is refused")
    func partial() throws {
        let text = """
            From: a@bun.kommun.example\r
            Subject: del 1\r
            MIME-Version: 1.0\r
            Content-Type: message/partial; id="abc@bun.kommun.example"; number=1; total=2\r
            \r
            From: a@bun.kommun.example\r
            Subject: hela\r
            \r
            första halvan\r

            """
        let error = try #require(throws: MailReadError.self) { try MailReader.parse(Data(text.utf8)) }
        #expect(error.kind == .partialMessage)
        #expect(error.reason.contains("fragment 1 of 2"))
    }

    @Test("An inner multipart ended by its parent's boundary is read, with a warning")
    func innerMultipartWithoutClosingBoundary() throws {
        let text = """
            From: a@bun.kommun.example
            Subject: inre
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/plain; charset=utf-8

            Nämnden tillstyrker.

            --outer
            Content-Type: application/pdf; name="a.pdf"

            %PDF
            --outer--

            """
        let mail = try MailReader.parse(Data(text.utf8))
        #expect(mail.text == "Nämnden tillstyrker.")
        #expect(mail.attachments.map(\.filename) == ["a.pdf"])
        #expect(mail.warnings.contains { $0.part == "1" && $0.message.contains("no closing boundary '--inner--'") })
    }

    @Test("An error from an item names where the item came from")
    func provenanceInErrors() throws {
        let item = MailItem(data: Data(), provenance: "svar.mbox#2 (byte 5)")
        let error = try #require(throws: MailReadError.self) { try MailReader.parse(item) }
        #expect(error.source == "svar.mbox#2 (byte 5)")
        #expect(error.description.hasPrefix("svar.mbox#2 (byte 5): the input is empty"))
    }
}

@Suite("CPython's email test messages")
struct CPythonCorpusTests {
    /// Why the corpus test could not even start.
    struct CorpusMissing: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder of msg_*.txt shipped with CPython's test suite, as an interpreter on this machine names it.
    ///
    /// Tries `python3` on the PATH, then Debian's `/usr/bin/python3` (whose test suite is the
    /// package libpython3.11-testsuite).
    private static func corpusFolder() throws -> URL {
        let script = "import test.test_email, os; print(os.path.join(os.path.dirname(test.test_email.__file__), 'data'))"
        var tried: [String] = []
        for interpreter in ["python3", "/usr/bin/python3"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [interpreter, "-c", script]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = Pipe()
            do {
                try process.run()
            } catch {
                tried.append("\(interpreter): \(error)")
                continue
            }
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 0, !path.isEmpty { return URL(fileURLWithPath: path) }
            tried.append("\(interpreter): exit \(process.terminationStatus)")
        }
        throw CorpusMissing(
            description: "no Python interpreter here has CPython's test_email data (\(tried.joined(separator: "; "))); "
                + "install Python's test suite (Debian: libpython3.11-testsuite)"
        )
    }

    @Test("Every msg_*.txt either parses or is refused with a reason; nothing crashes")
    func corpus() throws {
        let folder = try Self.corpusFolder()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasPrefix("msg_") && $0.hasSuffix(".txt") }.sorted()
        try #require(!files.isEmpty, "CPython's email test messages are missing from \(folder.path)")
        var parsed = 0
        var refused: [String] = []
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                _ = try MailReader.parse(MailItem(data: data, provenance: name))
                parsed += 1
            } catch {
                #expect(!error.description.isEmpty)
                #expect(error.description.hasPrefix(name))
                refused.append("\(name) (\(error.kind)): \(error.reason)")
            }
        }
        print("CPython email corpus: \(files.count) messages, \(parsed) parsed, \(refused.count) refused")
        for line in refused { print("  refused \(line)") }
        #expect(parsed + refused.count == files.count)
        #expect(files.count >= 40)
    }
}
