import Foundation
import SamradImport
import Testing

@Suite("The attachment store")
struct AttachmentStoreTests {
    @Test("An attachment is stored under its SHA-256 with a safe version of its name")
    func storesByDigest() throws {
        let mail = try MailReader.parse(MailFixture.data("outlook-qp-windows1252.eml"))
        let attachment = try #require(mail.attachments.first)
        try MailFixture.withTemporaryFolder { folder in
            let store = AttachmentStore(folder: folder)
            let stored = try store.put(attachment)
            let digest = "1bfa066b9530c7a9c86f79bd66f168abd417f3020231338b663650031919289a"
            #expect(stored.sha256 == digest)
            #expect(stored.path == "1b/\(digest)/Protokollsutdrag_BUN_§5_mål_2019.docx")
            #expect(stored.filename == "Protokollsutdrag BUN §5 mål 2019.docx")
            #expect(stored.size == 4711)
            #expect(try Data(contentsOf: folder.appendingPathComponent(stored.path)) == attachment.data)
            let round = try JSONDecoder().decode(StoredAttachment.self, from: JSONEncoder().encode(stored))
            #expect(round == stored)
        }
    }

    @Test("The same bytes put twice, under any name, are one file")
    func deduplicates() throws {
        try MailFixture.withTemporaryFolder { folder in
            let store = AttachmentStore(folder: folder)
            let data = Data("Yttrande från BUN".utf8)
            let first = try store.put(MailAttachment(filename: "Yttrande.pdf", contentType: "application/pdf", data: data))
            let second = try store.put(MailAttachment(filename: "Yttrande.pdf", contentType: "application/pdf", data: data))
            let renamed = try store.put(MailAttachment(filename: "Kopia.pdf", contentType: "application/pdf", data: data))
            #expect(first.path == second.path)
            #expect(renamed.path == first.path)
            #expect(renamed.filename == "Kopia.pdf")
            let directory = folder.appendingPathComponent(first.path).deletingLastPathComponent()
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["Yttrande.pdf"])
        }
    }

    @Test(
        "Hostile file names stay inside the store",
        arguments: [
            ("../../etc/passwd", "passwd"),
            ("/etc/shadow", "shadow"),
            ("..\\..\\x.doc", "x.doc"),
            ("con.", "_con"),
            ("LPT1.txt", "_LPT1.txt"),
            ("evil\u{0}name\r\n.pdf", "evilname.pdf"),
            ("\u{1B}[31mröd.pdf", "[31mröd.pdf"),
            ("..", "bilaga.pdf"),
            (".", "bilaga.pdf"),
            ("", "bilaga.pdf"),
            (".hidden", "bilaga.hidden"),
            ("a/b/../../../../c.pdf", "c.pdf"),
            ("\u{202E}fdp.exe", "fdp.exe"),
            ("Yttrande: slutlig?.pdf", "Yttrande_slutlig_.pdf"),
            (String(repeating: "å", count: 600) + ".pdf", String(repeating: "å", count: 58) + ".pdf"),
        ]
    )
    func hostileNames(name: String, expected: String) throws {
        try MailFixture.withTemporaryFolder { folder in
            let store = AttachmentStore(folder: folder)
            let stored = try store.put(MailAttachment(filename: name, contentType: "application/pdf", data: Data("data for \(name)".utf8)))
            let savedName = (stored.path as NSString).lastPathComponent
            #expect(savedName == expected)
            #expect(stored.filename == name)
            #expect(stored.path.split(separator: "/").count == 3)
            #expect(!savedName.hasPrefix("."))
            #expect(!savedName.contains("\\"))
            #expect(savedName.utf8.count <= 120)
            #expect(!savedName.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            let root = folder.resolvingSymlinksInPath().path + "/"
            let file = folder.appendingPathComponent(stored.path).resolvingSymlinksInPath()
            #expect(file.path.hasPrefix(root))
            #expect(FileManager.default.fileExists(atPath: file.path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
            #expect(leftovers == [savedName], "no temporary file is left behind")
        }
    }

    @Test(
        "A symbolic link planted in the store is refused before anything is made outside it",
        arguments: [false, true]
    )
    func symlinkOutOfStore(atDigestFolder: Bool) throws {
        try MailFixture.withTemporaryFolder { folder in
            let data = Data("planted".utf8)
            let attachment = MailAttachment(filename: "a.pdf", contentType: "application/pdf", data: data)
            let probe = try AttachmentStore(folder: folder.appendingPathComponent("probe")).put(attachment)
            let outside = folder.appendingPathComponent("outside")
            let storeFolder = folder.appendingPathComponent("store")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            var link = storeFolder.appendingPathComponent(String(probe.sha256.prefix(2)))
            if atDigestFolder { link = link.appendingPathComponent(probe.sha256) }
            try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: outside)
            let error = try #require(throws: AttachmentStoreError.self) { try AttachmentStore(folder: storeFolder).put(attachment) }
            #expect(error.reason.contains("outside the store"))
            #expect(error.path == link.path)
            #expect(error.fix.contains("remove \(link.path)"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty, "nothing is created outside the store")
        }
    }

    @Test("Attachments are as private as the database: folders 0700, files 0600")
    func privateModes() throws {
        try MailFixture.withTemporaryFolder { folder in
            let storeFolder = folder.appendingPathComponent("attachments")
            let stored = try AttachmentStore(folder: storeFolder).put(
                MailAttachment(filename: "Yttrande.pdf", contentType: "application/pdf", data: Data("yttrande".utf8)))
            func mode(_ path: String) throws -> Int {
                let attributes = try FileManager.default.attributesOfItem(atPath: storeFolder.appendingPathComponent(path).path)
                return try #require(attributes[.posixPermissions] as? Int)
            }
            let parts = stored.path.split(separator: "/").map(String.init)
            #expect(try mode("") == 0o700)
            #expect(try mode(parts[0]) == 0o700)
            #expect(try mode(parts[0] + "/" + parts[1]) == 0o700)
            #expect(try mode(stored.path) == 0o600)
        }
    }
}
