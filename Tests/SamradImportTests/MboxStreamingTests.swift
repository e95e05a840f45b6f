import Foundation
import Testing

@testable import SamradImport

/// The mbox read one message at a time, with GMime's parser over the open file, against the mbox split in
/// memory and each message parsed on its own: the same messages, offsets, bytes, readings and refusals.
@Suite("Reading an mbox one message at a time")
struct MboxStreamingTests {
    static let separator = "From svar@kommun.example Thu Apr 18 10:14:52 2019\n"

    /// Every message of `mbox` as the streaming reader gives it, and as the split and a parse of each give it:
    /// provenance, bytes and a dump of the reading, or the refusal.
    static func bothWays(_ mbox: Data, in folder: URL) throws -> (streamed: [String], split: [String], inPlace: Int) {
        let url = folder.appendingPathComponent("svar.mbox")
        try mbox.write(to: url)
        var streamed: [String] = []
        let reader = try MboxReader(url)
        do {
            while let (item, mail) = try reader.next() { streamed.append(describe(item, mail)) }
        } catch {
            streamed.append("refused: \(error)")
        }
        return (streamed, try split(mbox), reader.readInPlace)
    }

    /// The messages of `mbox` split in memory and each parsed on its own, up to the refusal of the first message
    /// that cannot be read: the streaming reader gives the messages before a refused one, then the refusal.
    static func split(_ mbox: Data) throws -> [String] {
        var split: [String] = []
        do {
            for item in try MailSource.mboxItems(mbox, name: "svar.mbox") {
                split.append(describe(item, try MailReader.parse(item)))
            }
        } catch {
            // The whole file is refused at once; the messages before the refused one are those of the mbox cut there.
            let refusal = "refused: \(error)"
            if split.isEmpty, let match = refusal.firstMatch(of: /^refused: svar\.mbox#(\d+) \(byte (\d+)\)/), match.1 != "1",
                let offset = Int(match.2)
            {
                split = try Self.split(mbox.prefix(offset))
            }
            split.append(refusal)
        }
        return split
    }

    /// Compares message by message, so that a difference shows the one message that differs.
    static func expectSame(
        _ streamed: [String], _ split: [String], _ comment: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(streamed.count == split.count, "\(comment)", sourceLocation: sourceLocation)
        for (one, other) in zip(streamed, split) where one != other {
            #expect(one == other, "\(comment)", sourceLocation: sourceLocation)
        }
    }

    static func describe(_ item: MailItem, _ mail: ParsedMail) -> String {
        var text = "\(item.provenance) \(item.data.count) bytes sha256:\(SHA256.hex(item.data))\n"
        var reading = ""
        dump(mail, to: &reading)
        // Where the attachments' bytes lie in memory differs from run to run; their digests do not.
        text += reading.split(separator: "\n").filter { !$0.contains("pointer") }.joined(separator: "\n")
        for attachment in mail.attachments { text += "\nattachment sha256:\(SHA256.hex(attachment.data))" }
        return text
    }

    /// The fixture messages, each between two ordinary ones, as an mbox.
    static func mbox(around fixture: Data, lineEnd: String = "\n") -> Data {
        func message(_ number: Int) -> String {
            "From: a\(number)@bun.kommun.example\nSubject: Svar \(number)\nMessage-ID: <m\(number)@kommun.example>\n\n"
                + "Nämnden tillstyrker målområde \(number).\n>From the start we agreed.\n"
        }
        var data = Data((separator + message(1) + "\n" + separator).utf8)
        var body = fixture
        if body.starts(with: Data("From ".utf8)), let newline = body.firstIndex(of: 0x0A) { body = body[(newline + 1)...] }
        data.append(body)
        if data.last != 0x0A { data.append(0x0A) }
        data.append(Data(("\n" + separator + message(2) + "\n" + separator + message(3)).utf8))
        guard lineEnd != "\n" else { return data }
        return Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: lineEnd).utf8)
    }

    static let fixtures: [String] = {
        let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/mail")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder?.path ?? "")) ?? []
        return names.filter { $0.hasSuffix(".eml") }.sorted()
    }()

    @Test("Each fixture between two replies reads the same streamed as split, LF and CR LF", arguments: fixtures)
    func fixtureBetweenReplies(_ name: String) throws {
        let fixture = try MailFixture.data(name)
        try MailFixture.withTemporaryFolder { folder in
            for lineEnd in ["\n", "\r\n"] {
                let (streamed, split, _) = try Self.bothWays(Self.mbox(around: fixture, lineEnd: lineEnd), in: folder)
                #expect(!streamed.isEmpty)
                Self.expectSame(streamed, split, "\(name), line ends \(lineEnd.debugDescription)")
            }
        }
    }

    @Test("The shipped mbox reads the same streamed, and its messages that need nothing undone are read where GMime parsed them")
    func shippedMbox() throws {
        try MailFixture.withTemporaryFolder { folder in
            let (streamed, split, inPlace) = try Self.bothWays(try MailFixture.data("replies.mbox"), in: folder)
            #expect(streamed.count == 3)
            Self.expectSame(streamed, split)
            // The second message has a quoted ">From " line, the third ends the file: only the first is read in place.
            #expect(inPlace == 1)
        }
    }

    @Test("Plain replies in LF mbox are read where GMime parsed them, all but the last")
    func plainRepliesAreReadInPlace() throws {
        var text = ""
        for number in 1...40 {
            text += Self.separator + "From: a\(number)@bun.kommun.example\nSubject: Svar\nMessage-ID: <p\(number)@kommun.example>\n"
            text +=
                number % 2 == 0
                ? "Content-Type: multipart/mixed; boundary=\"b\(number)\"\n\n--b\(number)\nContent-Type: text/plain; charset=utf-8\n\n"
                    + "Vi tillstyrker.\n--b\(number)\nContent-Type: application/pdf; name=\"y.pdf\"\nContent-Transfer-Encoding: base64\n\n"
                    + "JVBERi0xLjQK\n--b\(number)--\n\n"
                : "\nVi avstyrker målområde 2.\n\n"
        }
        try MailFixture.withTemporaryFolder { folder in
            let (streamed, split, inPlace) = try Self.bothWays(Data(text.utf8), in: folder)
            #expect(streamed.count == 40)
            Self.expectSame(streamed, split)
            #expect(inPlace == 39)
        }
    }

    @Test("Body lines that begin with 'From ', quoted or not, and a separator-like line read the same streamed")
    func fromLines() throws {
        let unquoted = MailSourceTests.unquoted
        let separatorLike = unquoted.replacingOccurrences(of: "From here on we agree.", with: "From kl 10:00 den 9 maj 2019 gäller detta.")
        let noBlankBefore = unquoted.replacingOccurrences(
            of: "From here on we agree.", with: "Se nedan.\nFrom x@kommun.example Thu May  9 10:00:00 2019\nFrom: x")
        let mboxrd = "From x Thu Apr 18 10:00:00 2019\nFrom: a@bun.kommun.example\nSubject: q\n\n>From one\n>>From two\n> From three\n"
        try MailFixture.withTemporaryFolder { folder in
            for text in [unquoted, separatorLike, noBlankBefore, mboxrd] {
                let (streamed, split, _) = try Self.bothWays(Data(text.utf8), in: folder)
                Self.expectSame(streamed, split)
            }
            let (refused, _, _) = try Self.bothWays(Data(separatorLike.utf8), in: folder)
            #expect(refused.last?.hasPrefix("refused: svar.mbox#2 (byte ") == true)
        }
    }

    @Test("A file that is no mbox is refused as one, unread")
    func notAnMbox() throws {
        let error = try #require(throws: MailReadError.self) { _ = try MboxReader(try MailFixture.url("html-only.eml")) }
        #expect(error.kind == .unrecognizedSource)
        #expect(error.description.contains("html-only.eml"))
    }
}
