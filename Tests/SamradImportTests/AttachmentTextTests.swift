import Foundation
import SamradTestSupport
import Testing

@testable import SamradImport

/// The documents `make_attachments.py` writes with reportlab, Pillow, python-docx, odfpy and zipfile, made once per run.
enum AttachmentDocuments {
    /// Why the documents could not be made.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The documents by name, read into memory; the folder they were made in is removed at once.
    private static let made: Result<[String: Data], Unavailable> = {
        do {
            let folder = try TestPaths.temporaryFolder("samrad-attachments")
            defer { try? FileManager.default.removeItem(at: folder) }
            let script = TestPaths.repository.appendingPathComponent("Tests/Servers/make_attachments.py")
            let run = try TestPaths.run("/usr/bin/env", ["python3", script.path, folder.path])
            guard run.status == 0 else {
                return .failure(
                    Unavailable(
                        description: "make_attachments.py failed (\(run.status)): \(run.error) "
                            + "— install the test packages: pip install reportlab Pillow python-docx odfpy (Scripts/test does)"
                    )
                )
            }
            var documents: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                documents[name] = try Data(contentsOf: folder.appendingPathComponent(name))
            }
            return .success(documents)
        } catch {
            return .failure(Unavailable(description: "cannot make the test documents (\(error)); install Python 3"))
        }
    }()

    /// The attachment `name` as it would come with a message.
    static func attachment(_ name: String, contentType: String = "application/octet-stream") throws -> MailAttachment {
        let data = try #require(try made.get()[name], "make_attachments.py wrote no \(name)")
        return MailAttachment(filename: name, contentType: contentType, data: data)
    }
}

@Suite("Attachment text")
struct AttachmentTextTests {
    private func read(_ name: String, contentType: String = "application/octet-stream", limits: AttachmentText.Limits = .init())
        throws -> AttachmentReading
    {
        AttachmentText.read(try AttachmentDocuments.attachment(name, contentType: contentType), limits: limits)
    }

    /// The text the test documents share, in the conventions every format gives it.
    private enum Expected {
        static let opening = """
            Yttrande över förslag till nya mål för mandatperioden

            Kultur- och fritidsnämnden har tagit del av förslaget till nya mål för mandatperioden, Dnr KS 2019/017, \
            och lämnar följande yttrande. Nämnden välkomnar att målen är färre och tydligare formulerade än under \
            förra mandatperioden, och att de knyts till budgetdialogen.
            """
        static let decision = """
            - tillstyrka målområde 1, Hållbar tillväxt och samhällsplanering,
            - avstyrka målområde 4 i dess nuvarande lydelse.
            """
        static let table = """
            Ställningstagande per målområde

            Målområde | Ställningstagande | Motivering
            1. Hållbar tillväxt | Tillstyrker | Målen är tydliga.
            3. Kunskap, hälsa och fritid | Avstår | Nämnden saknar underlag för att bedöma målets indikatorer och avstår därför.
            4. Delaktighet | Avstyrker
            """
        static let reasons = """
            Skälen framgår nedan.

            1. Målen för fritid saknar mätbara indikatorer.
            2. Tryggheten i offentliga rum behöver ett eget mål.
            """
    }

    @Test("A reportlab PDF: heading, paragraphs, a bullet and a numbered list, a table with a wrapped cell, three pages")
    func pdf() throws {
        let pages = [
            "\(Expected.opening)\n\nNämnden beslutar att\n\n\(Expected.decision)",
            "\(Expected.table)\n\n\(Expected.reasons)",
            "Åsa Öberg, ordförande\n\nGöran Ärlig, sekreterare",
        ]
        #expect(try read("yttrande.pdf") == .text(pages.joined(separator: "\u{0C}"), pages: 3))
    }

    @Test("PDFs read one after another share poppler's global parameters, and each reads as if it were alone")
    func pdfsInARow() throws {
        let first = try read("yttrande.pdf")
        #expect(PDFFile.keepsPopplerParameters, "poppler would build its font and encoding tables again for every PDF")
        for _ in 0..<3 { #expect(try read("yttrande.pdf") == first) }
    }

    @Test("A python-docx DOCX: headings, bullets, numbers, a table, a tab, a line break and page breaks")
    func docx() throws {
        let pages = [
            "\(Expected.opening)\n\nNämnden beslutar att enligt förvaltningens förslag:\n\n\(Expected.decision)",
            "\(Expected.table)\n\n\(Expected.reasons)\n\nJusterat 2019-05-08\ni Hemsta",
            "Åsa Öberg, ordförande\n\nGöran Ärlig, sekreterare",
        ]
        #expect(try read("yttrande.docx") == .text(pages.joined(separator: "\u{0C}"), pages: 3))
    }

    @Test("A DOCX reads as Word shows it: deleted text, field codes and hidden text left out")
    func docxAsShown() throws {
        #expect(try read("andringar.docx") == .text("Nämnden tillstyrker målområde 2.\n\nSida 1", pages: 1))
    }

    @Test("An odfpy ODT: text:h, a list, a table, a tab and a line break")
    func odt() throws {
        let text = """
            \(Expected.opening)

            Nämnden beslutar att enligt förvaltningens förslag:

            \(Expected.decision)

            \(Expected.table)

            Åsa Öberg, ordförande
            Göran Ärlig, sekreterare
            """
        #expect(try read("yttrande.odt") == .text(text, pages: 1))
    }

    @Test("A PDF that is only pictures of text is a scan, with its page count")
    func scan() throws {
        #expect(try read("skannat.pdf") == .scan(pages: 2))
    }

    @Test("A text attachment in Windows-1252, in UTF-16 with a byte-order mark, and in UTF-8")
    func plainText() {
        let windows1252 = Data("Nämnden tillstyrker målområde 1.\r\n\r\n\r\nÅsa Öberg  \r\n".utf8).replacingSwedish()
        let reading = AttachmentText.read(MailAttachment(filename: "yttrande.txt", contentType: "text/plain", data: windows1252))
        #expect(reading == .text("Nämnden tillstyrker målområde 1.\n\nÅsa Öberg", pages: 1))
        let utf16 = Data([0xFF, 0xFE]) + "Bolaget avstår.\n".data(using: .utf16LittleEndian)!
        let declared = AttachmentText.read(MailAttachment(filename: "svar", contentType: "text/plain", data: utf16))
        #expect(declared == .text("Bolaget avstår.", pages: 1))
        let named = AttachmentText.read(
            MailAttachment(filename: "Svar.TXT", contentType: "application/octet-stream", data: Data("Ja\u{0C}Nej".utf8)))
        #expect(named == .text("Ja\u{0C}Nej", pages: 2))
    }

    // MARK: - Refusals

    @Test("Hostile and broken files are refused, each with its reason, and quickly")
    func hostile() throws {
        let pdf = try AttachmentDocuments.attachment("yttrande.pdf")
        let cases: [(String, MailAttachment, AttachmentText.Limits, String)] = [
            (
                "truncated PDF",
                MailAttachment(filename: "a.pdf", contentType: "application/pdf", data: pdf.data.prefix(pdf.data.count / 2)), .init(),
                "the PDF is cut off"
            ),
            (
                "only a header", MailAttachment(filename: "a.pdf", contentType: "application/pdf", data: Data("%PDF-1.7".utf8)), .init(),
                "the PDF is cut off"
            ),
            (
                "damaged PDF", MailAttachment(filename: "a.pdf", contentType: "application/pdf", data: Data("%PDF-1.7\n%%EOF\n".utf8)),
                .init(), "the PDF is damaged"
            ),
            (
                "random bytes named .pdf",
                MailAttachment(filename: "yttrande.pdf", contentType: "application/octet-stream", data: Self.randomBytes(4096)), .init(),
                "declared a PDF but is not one"
            ),
            ("encrypted PDF", try AttachmentDocuments.attachment("krypterat.pdf"), .init(), "the PDF is encrypted"),
            ("ZIP bomb", try AttachmentDocuments.attachment("zipbomb.docx"), .init(), "the ZIP expands to more than 200 MB"),
            (
                "ZIP whose sizes lie", try AttachmentDocuments.attachment("storlek-ljuger.docx"), .init(),
                "the DOCX is damaged: word/document.xml expands to more than the 1024 bytes the archive says it holds"
            ),
            ("DTD with entities", try AttachmentDocuments.attachment("dtd.docx"), .init(), "word/document.xml declares a DTD"),
            (
                "no document.xml", try AttachmentDocuments.attachment("utan-dokument.docx"), .init(),
                "the DOCX is damaged: it holds no word/document.xml"
            ),
            (
                "empty file", MailAttachment(filename: "yttrande.pdf", contentType: "application/pdf", data: Data()), .init(),
                "the file is empty"
            ),
            ("over the page limit", pdf, Self.limits { $0.maxPages = 2 }, "the PDF has more than 2 pages (3)"),
            ("over the size limit", pdf, Self.limits { $0.maxBytes = 1000 }, "larger than"),
            (
                "Word 97", MailAttachment(filename: "yttrande.doc", contentType: "application/msword", data: Self.compoundFile), .init(),
                "old Word format (.doc)"
            ),
            (
                "a stored block longer than the archive",
                MailAttachment(filename: "x.docx", contentType: "application/octet-stream", data: Self.endlessDeflate), .init(),
                "the DOCX is damaged: word/document.xml ends before"
            ),
        ]
        for (label, attachment, limits, reason) in cases {
            let start = ContinuousClock.now
            let reading = AttachmentText.read(attachment, limits: limits)
            let elapsed = ContinuousClock.now - start
            guard case .refused(let said) = reading else {
                Issue.record("\(label): \(reading), not refused")
                continue
            }
            #expect(said.contains(reason), "\(label): \(said)")
            #expect(elapsed < .seconds(5), "\(label) took \(elapsed)")
        }
    }

    @Test("Pictures, calendars, signatures and other ZIPs are not documents")
    func notDocuments() {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Self.randomBytes(100)
        #expect(AttachmentText.read(MailAttachment(filename: "logo.png", contentType: "image/png", data: png)) == .notADocument)
        let calendar = Data("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)
        #expect(AttachmentText.read(MailAttachment(filename: "invite.ics", contentType: "text/calendar", data: calendar)) == .notADocument)
        #expect(
            AttachmentText.read(
                MailAttachment(filename: "smime.p7s", contentType: "application/pkcs7-signature", data: Self.randomBytes(64)))
                == .notADocument)
    }

    @Test("Text over the limit is cut at a line and ends in the cut marker")
    func cut() {
        let lines = (1...200).map { "Rad \($0) av yttrandet om målområde 2." }.joined(separator: "\n")
        var limits = AttachmentText.Limits()
        limits.maxTextBytes = 1000
        let reading = AttachmentText.read(
            MailAttachment(filename: "lång.txt", contentType: "text/plain", data: Data(lines.utf8)), limits: limits)
        guard case .text(let text, _) = reading else {
            Issue.record("\(reading)")
            return
        }
        #expect(reading.isCut)
        let body = text.dropLast(AttachmentText.cutMarker.count)
        #expect(body.utf8.count <= 1000)
        #expect(body.hasPrefix("Rad 1 av yttrandet om målområde 2.\nRad 2 av"))
        #expect(body.hasSuffix(" av yttrandet om målområde 2.\n\n"))
        #expect(!AttachmentText.read(MailAttachment(filename: "kort.txt", contentType: "text/plain", data: Data("Ja.".utf8))).isCut)
    }

    @Test(
        "Damaged copies of each document are read or refused, never passed over, and each within two seconds",
        arguments: ["yttrande.pdf", "yttrande.docx", "yttrande.odt"]
    )
    func damagedCopies(name: String) throws {
        let original = try AttachmentDocuments.attachment(name)
        var generator = Self.Generator(seed: UInt64(name.utf8.count))
        for copy in 0..<150 {
            var bytes = [UInt8](original.data)
            for _ in 0...(generator.next() % 8) {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes[position] ^= 1 << UInt8(generator.next() % 8)
                default: bytes.removeSubrange(position..<min(bytes.count, position + Int(generator.next() % 64)))
                }
            }
            let start = ContinuousClock.now
            let reading = AttachmentText.read(MailAttachment(filename: name, contentType: "", data: Data(bytes)))
            #expect(ContinuousClock.now - start < .seconds(2), "\(name) copy \(copy)")
            #expect(reading != .notADocument, "\(name) copy \(copy)")
        }
    }

    // MARK: - Inputs made here

    /// A fixed sequence of pseudo-random numbers (a linear congruential generator), the same every run.
    private struct Generator {
        var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
    }

    private static func limits(_ change: (inout AttachmentText.Limits) -> Void) -> AttachmentText.Limits {
        var limits = AttachmentText.Limits()
        change(&limits)
        return limits
    }

    /// Bytes from a fixed generator, the same every run.
    private static func randomBytes(_ count: Int) -> Data {
        var generator = Generator(seed: 0x9E37_79B9_7F4A_7C15)
        return Data((0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
    }

    /// The start of an OLE2 compound file whose directory names a WordDocument stream, as Word 97–2003 writes.
    private static let compoundFile: Data = {
        var data = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + Data(count: 504)
        data += Data("WordDocument".utf16.flatMap { [UInt8($0), 0] }) + Data(count: 512)
        return data
    }()

    /// A DOCX whose document.xml is a deflate stored block that says it is longer than all that follows it.
    private static let endlessDeflate: Data = {
        let name = Array("word/document.xml".utf8)
        // Not the last block, stored, 65535 bytes long: the archive ends long before.
        let compressed: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<w:document/>".utf8)
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16(value >> 16) }
        let local =
            [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(0) + le32(compressed.count)
            + le32(1_000_000) + le16(name.count) + le16(0) + name + compressed
        let central =
            [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + le32(0)
            + le32(compressed.count) + le32(1_000_000) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let end = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(1) + le16(1) + le32(central.count) + le32(local.count) + le16(0)
        return Data(local + central + end)
    }()
}

extension Data {
    /// UTF-8 text with å, ä, ö, Å, Ä, Ö as Windows-1252 bytes.
    fileprivate func replacingSwedish() -> Data {
        let text = String(decoding: self, as: UTF8.self)
        return Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    }
}
