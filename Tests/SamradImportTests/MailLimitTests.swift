import Foundation
import SamradImport
import Testing

/// What the reader does with replies far beyond what a person writes: a text of many megabytes,
/// thousands of attachments.
@Suite("Limits on what a reply's reading takes")
struct MailLimitTests {
    static func message(contentType: String, encoding: String = "8bit", body: String) -> Data {
        Data(
            """
            From: bun@kommun.example\r
            To: samrad@kommun.example\r
            Subject: Svar\r
            Message-ID: <limits@kommun.example>\r
            MIME-Version: 1.0\r
            Content-Type: \(contentType)\r
            Content-Transfer-Encoding: \(encoding)\r
            \r
            \(body)
            """.utf8)
    }

    /// A line of Swedish text, repeated to `bytes` bytes or a little more.
    static func text(bytes: Int) -> String {
        let line = "Nämnden tillstyrker förslaget om målområde 2 och ser positivt på arbetet.\r\n"
        return String(repeating: line, count: bytes / line.utf8.count + 1)
    }

    @Test func aTextPartOverTheLimitIsReadUpToItAtALineEndAndFlagged() throws {
        let limit = MailReader.maximumTextBytes
        let mail = try MailReader.parse(Self.message(contentType: "text/plain; charset=utf-8", body: Self.text(bytes: limit + 3_000_000)))
        #expect(mail.truncatedText)
        #expect(mail.text.utf8.count <= limit)
        #expect(mail.text.utf8.count > limit * 9 / 10, "CR LF becomes LF, so a little less than the limit")
        #expect(mail.text.hasSuffix("ser positivt på arbetet."), "cut at a line end, no character cut in two")
        #expect(mail.warnings.contains { $0.message.contains("longer than 10 MB; only its first 10 MB were read") })
    }

    @Test func aBase64TextPartIsDecodedOnlyUpToTheLimit() throws {
        let limit = MailReader.maximumTextBytes
        let encoded = Data(Self.text(bytes: limit + 1_000_000).utf8).base64EncodedString(options: .lineLength76Characters)
        let mail = try MailReader.parse(Self.message(contentType: "text/plain; charset=utf-8", encoding: "base64", body: encoded))
        #expect(mail.truncatedText)
        #expect(mail.text.utf8.count <= limit)
        #expect(mail.text.hasPrefix("Nämnden tillstyrker"))
    }

    @Test func aTextUnderTheLimitAndATextAttachmentOverItAreKeptWhole() throws {
        let short = try MailReader.parse(Self.message(contentType: "text/plain; charset=utf-8", body: Self.text(bytes: 1_000_000)))
        #expect(!short.truncatedText)
        #expect(short.warnings.isEmpty)

        let large = Self.text(bytes: MailReader.maximumTextBytes + 1_000)
        let body = """
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Se bifogad fil.\r
            --b\r
            Content-Type: text/plain; charset=utf-8; name="protokoll.txt"\r
            Content-Disposition: attachment; filename="protokoll.txt"\r
            \r
            \(large)\r
            --b--\r
            """
        let mail = try MailReader.parse(Self.message(contentType: "multipart/mixed; boundary=\"b\"", body: body))
        #expect(!mail.truncatedText)
        #expect(mail.text == "Se bifogad fil.")
        #expect(mail.attachments.first?.data.count == Data(large.utf8).count)
    }

    @Test func attachmentsBeyondTheLimitStayInTheMessageAndAreCounted() throws {
        let count = MailReader.maximumAttachments + 100
        var body = "--b\r\nContent-Type: text/plain\r\n\r\nSe bilagorna.\r\n"
        for index in 0..<count {
            body +=
                "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"b\(index).pdf\"\r\n\r\n\(index)\r\n"
        }
        body += "--b--\r\n"
        let mail = try MailReader.parse(Self.message(contentType: "multipart/mixed; boundary=\"b\"", body: body))
        #expect(mail.attachments.count == MailReader.maximumAttachments)
        #expect(mail.attachments.last?.filename == "b\(MailReader.maximumAttachments - 1).pdf")
        #expect(mail.omittedAttachments == 100)
        #expect(mail.warnings.contains { $0.message.contains("has \(count) attachments; the first 500 are kept as files") })
    }
}

@Suite("File names with a NUL")
struct NULFileNameTests {
    @Test(
        "A NUL in an attachment's name becomes '?' instead of ending the name",
        arguments: [
            "attachment; filename*=utf-8''svar.pdf%00.exe",
            "attachment; filename*0*=utf-8''svar.pdf%00; filename*1=.exe",
            "attachment; filename=\"=?utf-8?q?svar.pdf=00.exe?=\"",
        ]
    )
    func nulDoesNotCutTheName(disposition: String) throws {
        let body = """
            --b\r
            Content-Type: text/plain\r
            \r
            Se bilagan.\r
            --b\r
            Content-Type: application/pdf\r
            Content-Disposition: \(disposition)\r
            Content-Transfer-Encoding: base64\r
            \r
            JVBERi0xLjQK\r
            --b--\r
            """
        let mail = try MailReader.parse(MailLimitTests.message(contentType: "multipart/mixed; boundary=\"b\"", body: body))
        #expect(mail.attachments.map(\.filename) == ["svar.pdf?.exe"])
    }
}
