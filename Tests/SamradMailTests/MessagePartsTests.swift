import Foundation
import SamradCore
import SamradTestSupport
import Testing

@testable import SamradMail

/// A mailout carries one attachment in thousands of messages: each message is pieces, the attachment's base64 one
/// of them, shared and never copied, and the transport sends the pieces in turn.
@Suite("Messages as pieces, the attachment shared")
struct MessagePartsTests {
    static func message(to body: String, attachment: SamradMail.Attachment) throws -> MailMessage {
        MailMessage(
            from: Mailbox(name: "Miljöenheten", address: try EmailAddress("miljo@kommun.example")),
            to: [Mailbox(name: nil, address: try EmailAddress("\(body)@kommun.example"))],
            subject: "Begäran om synpunkter: Avfallsplan 2020–2030 [KS 2019/044]",
            date: Date(timeIntervalSince1970: 1_555_308_000),
            messageID: "avfall-2019.\(body).mailout@kommun.example",
            body: .multipart(
                subtype: "mixed",
                parts: [
                    .text("Till \(body)\n\nSe bifogad plan.\n", subtype: "plain"), .attachment(attachment),
                    .text("Slut.\n", subtype: "plain"),
                ]))
    }

    static func attachment(size: Int) -> SamradMail.Attachment {
        var bytes = [UInt8](repeating: 0, count: size)
        var state: UInt32 = 2019
        for index in bytes.indices {
            state = state &* 1_103_515_245 &+ 12_345
            bytes[index] = UInt8(truncatingIfNeeded: state >> 16)
        }
        return SamradMail.Attachment(filename: "plan.pdf", contentType: "application/pdf", data: Data(bytes))
    }

    @Test func thePiecesAreTheWholeMessageAndTheAttachmentIsOneOfThem() throws {
        let attachment = Self.attachment(size: 200_000)
        let message = try Self.message(to: "tn", attachment: attachment)
        let pieces = try MIMEWriter.renderParts(message)
        #expect(pieces.count == 3)
        #expect(pieces.reduce(into: Data()) { $0.append($1) } == (try MIMEWriter.render(message)))
        #expect(pieces[1] == attachment.base64Body)
        #expect(pieces.allSatisfy { $0.last == 0x0A && $0.dropLast().last == 0x0D })
    }

    @Test func everyMessageSharesTheAttachmentsBytes() throws {
        let attachment = Self.attachment(size: 200_000)
        let first = try MIMEWriter.renderParts(try Self.message(to: "tn", attachment: attachment))
        let second = try MIMEWriter.renderParts(try Self.message(to: "mbn", attachment: attachment))
        func address(_ data: Data) -> UnsafeRawPointer? { data.withUnsafeBytes { $0.baseAddress } }
        #expect(address(first[1]) != nil)
        #expect(address(first[1]) == address(second[1]))
        #expect(address(first[1]) == address(attachment.base64Body))
        #expect(first[0] != second[0])
    }

    @Test func aFaultInALaterPieceIsNamedByItsLineInTheWholeMessage() throws {
        let head = "From: miljo@kommun.example\r\nTo: tn@kommun.example\r\n\r\nHej\r\n"
        let pieces = [Data(head.utf8), Data("rad 5\r\nrad 6 med bara LF\nrad 7\r\n".utf8)]
        let problem = try #require(SMTPMessageCheck.problem(inMessage: pieces))
        #expect(problem.contains("line 6 of the message ends in a bare LF"), "\(problem)")
        #expect(SMTPMessageCheck.problem(inMessage: [Data(head.utf8), Data("a\r\n".utf8), Data("b\r\n".utf8)]) == nil)
        let unterminated = try #require(SMTPMessageCheck.problem(inMessage: [Data(head.utf8), Data("sista rad".utf8)]))
        #expect(unterminated.contains("does not end with CR LF"), "\(unterminated)")
        let long = String(repeating: "x", count: 999)
        #expect(SMTPMessageCheck.problem(inMessage: [Data(head.utf8), Data("\(long)\r\n".utf8)]) != nil)
    }

    @Test func aSharedPieceIsScannedOnceAndAnotherWithTheSameLengthIsStillChecked() throws {
        let head = Data("From: miljo@kommun.example\r\nTo: tn@kommun.example\r\n\r\n".utf8)
        let line = String(repeating: "x", count: 76) + "\r\n"
        let clean = Data(String(repeating: line, count: 100).utf8)
        var faulty = [UInt8](clean)
        faulty[500] = 0x0A  // a bare LF inside a line
        let known = SMTPMessageCheck.CleanPieces()
        #expect(!known.contains(clean))
        #expect(SMTPMessageCheck.problem(inMessage: [head, clean], known: known) == nil)
        #expect(known.contains(clean))
        // The same bytes held by another value (a copy in another buffer) and faulty bytes of the same length are scanned.
        #expect(!known.contains(Data([UInt8](clean))))
        let problem = try #require(SMTPMessageCheck.problem(inMessage: [head, Data(faulty)], known: known))
        #expect(problem.contains("bare LF"), "\(problem)")
        #expect(!known.contains(Data(faulty)))
        // A small piece might sit inline in its value: it is never taken as known.
        let small = Data("kort\r\n".utf8)
        #expect(SMTPMessageCheck.problem(inMessage: [head, small], known: known) == nil)
        #expect(!known.contains(small))
    }

    @Test func theServerReceivesThePiecesJoinedAcrossLibcurlsReads() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none",
            ]))
        defer { transport.close() }
        // A piece larger than libcurl's 1 MiB upload buffer, an empty piece, and small ones on either side.
        let attachment = Self.attachment(size: 1_600_000)
        let message = try Self.message(to: "tn", attachment: attachment)
        var pieces = try MIMEWriter.renderParts(message)
        pieces.insert(Data(), at: 1)
        let mail = OutgoingMail(messageID: message.messageID, fileStem: "avfall-2019-TN-mailout", parts: pieces)
        let outcome = transport.deliver(mail, envelope: try SMTPFixtures.envelope(to: "tn@kommun.example"))
        #expect(outcome.kind == "sent", "\(outcome)")
        let stored = try #require(try server.stored().first)
        func lines(_ data: Data) -> [Substring] {
            String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        }
        let sent = lines(try MIMEWriter.render(message))
        let received = lines(stored.data)
        #expect(received.count >= sent.count)
        #expect(Array(received.suffix(sent.count)) == sent, "the server's copy differs from the message")
    }
}
