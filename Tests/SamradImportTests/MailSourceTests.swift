import Foundation
import SamradImport
import Testing

@Suite("Finding messages in files and folders")
struct MailSourceTests {
    @Test("The format is told from the content")
    func detect() throws {
        #expect(try MailSource.detect(MailFixture.url("replies.mbox")) == .mbox)
        #expect(try MailSource.detect(MailFixture.url("gmail-base64-utf8.eml")) == .eml)
        #expect(try MailSource.detect(MailFixture.url("Maildir")) == .maildir)
        let folder = try MailFixture.url("Maildir/cur").deletingLastPathComponent().deletingLastPathComponent()
        let error = try #require(throws: MailReadError.self) { try MailSource.detect(folder) }
        #expect(error.kind == .unrecognizedSource)
        let missing = try #require(throws: MailReadError.self) {
            try MailSource.detect(URL(fileURLWithPath: "/nonexistent/svar.eml"))
        }
        #expect(missing.kind == .unreadableSource)
    }

    @Test("An mbox of three is split at its separators, numbered, with byte offsets, '>From ' unquoted")
    func mbox() throws {
        let url = try MailFixture.url("replies.mbox")
        let items = try MailSource.items(at: url, format: nil)
        #expect(items.count == 3)
        let mbox = try Data(contentsOf: url)
        let offsets = items.map { item -> Int in
            let text = item.provenance
            let start = text.range(of: "(byte ").map(\.upperBound) ?? text.endIndex
            return Int(text[start...].dropLast()) ?? -1
        }
        #expect(items.map(\.provenance).first == "replies.mbox#1 (byte 0)")
        #expect(items.enumerated().allSatisfy { $0.element.provenance.hasPrefix("replies.mbox#\($0.offset + 1) (byte ") })
        for offset in offsets.dropFirst() {
            #expect(mbox[offset...].starts(with: Data("\nFrom ".utf8).dropFirst()))
            #expect(mbox[offset - 1] == UInt8(ascii: "\n"))
        }
        let mails = try items.map { try MailReader.parse($0) }
        #expect(mails.map(\.messageID) == ["mbox-1@bun.kommun.example", "mbox-2@bostad.kommun.example", "mbox-3@sn.kommun.example"])
        #expect(mails[1].text.contains("\nFrom the board's point of view the goals are sound; Bostadsbolaget\n"))
        #expect(!mails[1].text.contains(">From"))
        #expect(mails[0].text == "Barn- och utbildningsnämnden tillstyrker samtliga målområden.")
        #expect(mails[2].text == "Socialnämnden avstår från att yttra sig om målområde 2.")
        #expect(mails[1].subject == "Re: Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]")
    }

    @Test("mboxrd quoting loses one '>' per line")
    func mboxrdQuoting() throws {
        try MailFixture.withTemporaryFolder { folder in
            let url = folder.appendingPathComponent("rd.mbox")
            let text = "From x Thu Apr 18 10:00:00 2019\nFrom: a@bun.kommun.example\nSubject: q\n\n>From one\n>>From two\n> From three\n"
            try Data(text.utf8).write(to: url)
            let items = try MailSource.items(at: url, format: .mbox)
            #expect(items.count == 1)
            let mail = try MailReader.parse(items[0])
            #expect(mail.text == "From one\n>From two\n> From three")
        }
    }

    static let unquoted = """
        From a@bun.kommun.example Thu May  9 10:00:00 2019
        From: a@bun.kommun.example
        Subject: Svar 1
        Message-ID: <unquoted-1@kommun.example>

        Nämnden har läst förslaget.
        From this point of view the goals are sound.

        From here on we agree.
        Mer text.

        From b@sn.kommun.example Thu May  9 11:00:00 2019
        From: b@sn.kommun.example
        Subject: Svar 2
        Message-ID: <unquoted-2@kommun.example>

        Socialnämnden tillstyrker.

        """

    @Test("A body line that begins with 'From ' unquoted stays in its message; no message after it is lost")
    func unquotedFromLinesStayInTheBody() throws {
        let data = Data(Self.unquoted.utf8)
        let items = try MailSource.mboxItems(data, name: "svar.mbox")
        let second = try #require(data.range(of: Data("From b@sn".utf8))).lowerBound
        #expect(items.map(\.provenance) == ["svar.mbox#1 (byte 0)", "svar.mbox#2 (byte \(second))"])
        let mails = try items.map { try MailReader.parse($0) }
        #expect(mails.map(\.messageID) == ["unquoted-1@kommun.example", "unquoted-2@kommun.example"])
        #expect(mails[0].text.hasSuffix("From this point of view the goals are sound.\n\nFrom here on we agree.\nMer text."))
        #expect(mails[1].text == "Socialnämnden tillstyrker.")
    }

    @Test("An unquoted body line that looks like a separator is reported as what it is, at its line")
    func unquotedSeparatorLikeLineIsNamed() throws {
        let text = Self.unquoted.replacingOccurrences(of: "From here on we agree.", with: "From kl 10:00 den 9 maj 2019 gäller detta.")
        let error = try #require(throws: MailReadError.self) { try MailSource.mboxItems(Data(text.utf8), name: "svar.mbox") }
        #expect(error.description.hasPrefix("svar.mbox#2 (byte "))
        #expect(error.reason.contains("'From kl 10:00 den 9 maj 2019 gäller detta.' (line 9)"), "\(error.reason)")
        #expect(error.reason.contains("was not quoted as '>From '"))
        #expect(!error.reason.contains("blank line"))
    }

    @Test("A Maildir's cur/ and new/ are read together, sorted by name; tmp/ is left alone")
    func maildir() throws {
        let items = try MailSource.items(at: MailFixture.url("Maildir"), format: nil)
        #expect(
            items.map(\.provenance) == [
                "Maildir/cur/1554969600.M101P2001.mx.kommun.example:2,S",
                "Maildir/new/1554973200.M102P2002.mx.kommun.example",
                "Maildir/cur/1554980000.M103P2003.mx.kommun.example:2,RS",
            ]
        )
        let mails = try items.map { try MailReader.parse($0) }
        #expect(mails.map(\.messageID) == ["maildir-1@kommun.example", "maildir-2@kommun.example", "maildir-3@kommun.example"])
        #expect(mails[2].from?.name == "Maria Öberg")
    }

    @Test("An .eml is one item named by its file; a file that is no mbox is refused as one")
    func emlAndWrongFormat() throws {
        let url = try MailFixture.url("html-only.eml")
        let items = try MailSource.items(at: url, format: nil)
        #expect(items.map(\.provenance) == ["html-only.eml"])
        let error = try #require(throws: MailReadError.self) { try MailSource.items(at: url, format: .mbox) }
        #expect(error.kind == .unrecognizedSource)
        #expect(error.description.contains("html-only.eml"))
    }
}
