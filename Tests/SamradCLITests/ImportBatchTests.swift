import Foundation
import SamradTestSupport
import Testing

/// A mail file read one message at a time and committed in batches: a kill between batches loses nothing, and
/// a message that cannot be read stops the file there, keeping the batches before it; the rerun goes on.
@Suite("Importing mail in batches", .serialized)
struct ImportBatchTests {
    /// Secretaries of the sample registry, each of one body only.
    static let senders = [
        "josefin.sjostrom@stadshus.kommun.example", "nils.bergqvist@bostader.kommun.example", "maja.engdahl@energi.kommun.example",
        "erik.wallgren@vatten.kommun.example", "louise.hansson@hamn.kommun.example",
    ]

    /// An mbox of `count` messages: replies from the senders, and mail from unknown addresses that matches nothing.
    static func mbox(_ count: Int, broken: Int? = nil) -> String {
        (1...count).map { number in
            let from = number % 3 == 0 ? "okand\(number)@privat.example" : senders[number % senders.count]
            let body =
                number == broken
                ? "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nVi tillstyrker.\n"
                : "Content-Type: text/plain; charset=utf-8\n\nMålområde \(number % 4 + 1): Nämnden tillstyrker.\n"
            return "From \(from) Mon May 13 10:00:00 2019\nFrom: \(from)\nTo: samrad@kommun.example\n"
                + "Subject: SV: Begäran om synpunkter [KS 2019/017]\nDate: Mon, 13 May 2019 10:\(String(format: "%02d", number % 60)):00 +0200\n"
                + "Message-ID: <batch-\(number)@kommun.example>\n\(body)\n"
        }.joined()
    }

    /// The keys of every message imported, in the order they came.
    static func keys(_ samrad: Samrad) throws -> [String] {
        let query = try TestPaths.run(
            "/usr/bin/env", ["sqlite3", samrad.folder.appendingPathComponent("samrad.sqlite").path, "SELECT key FROM incoming ORDER BY id"])
        return query.output.split(separator: "\n").map(String.init)
    }

    @Test func aKillBetweenBatchesLosesNothingAndTheRerunAddsTheRestOnce() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write(Self.mbox(25), to: "svar.mbox")
        let killed = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10", "SAMRAD_FAULT": "after-batch:exit@2"])
        #expect(killed.status == 137, "\(killed.output)\(killed.error)")
        #expect(try Self.keys(samrad) == (1...20).map { "batch-\($0)@kommun.example" })

        let rerun = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10"])
        #expect(rerun.status == 0, "\(rerun.output)\(rerun.error)")
        #expect(rerun.output.contains("20 already imported"), "\(rerun.output)")
        #expect(try Self.keys(samrad) == (1...25).map { "batch-\($0)@kommun.example" })
        let unmatched = try #require(try ImportTests.json(try samrad("unmatched", "--json").output) as? [[String: Any]])
        #expect(unmatched.count == 8)

        // The register numbers every message in and out without gaps, the killed run's included.
        let register = try #require(try ImportTests.json(try samrad("log", "mal-2019", "--format", "json").output) as? [[String: Any]])
        let numbers = register.compactMap { $0["number"] as? Int }
        #expect(numbers == Array(1...numbers.count))
    }

    @Test(arguments: ["1", "4"])
    func aMessageThatCannotBeReadStopsTheFileAfterTheBatchesBeforeIt(threads: String) throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write(Self.mbox(25, broken: 14), to: "svar.mbox")
        let stopped = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10", "SAMRAD_IMPORT_THREADS": threads])
        #expect(stopped.status == 65, "\(stopped.output)\(stopped.error)")
        #expect(stopped.error.contains("svar.mbox#14 (byte "), "\(stopped.error)")
        #expect(stopped.error.contains("imported before it: the file's first 10 messages"), "\(stopped.error)")
        #expect(stopped.error.contains("goes on from message #11"), "\(stopped.error)")
        #expect(try Self.keys(samrad) == (1...10).map { "batch-\($0)@kommun.example" })

        // Within the first batch, nothing of the file is kept, as for a file smaller than a batch.
        try samrad.write(Self.mbox(25, broken: 4), to: "early.mbox")
        let early = try samrad("import", "early.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10", "SAMRAD_IMPORT_THREADS": threads])
        #expect(early.status == 65)
        #expect(!early.error.contains("imported before it"), "\(early.error)")
        #expect(try Self.keys(samrad).count == 10)

        try samrad.write(Self.mbox(25), to: "svar.mbox")
        let rerun = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10"])
        #expect(rerun.status == 0, "\(rerun.output)\(rerun.error)")
        #expect(rerun.output.contains("10 already imported"), "\(rerun.output)")
        #expect(try Self.keys(samrad) == (1...25).map { "batch-\($0)@kommun.example" })
    }

    /// An mbox of replies that attach their yttrande as a text file. Every third attaches the same text under its
    /// own name, so which message's name the stored file takes depends on which was stored first.
    static func mboxWithDocuments(_ count: Int) -> String {
        (1...count).map { number in
            let from = senders[number % senders.count]
            let (name, text) =
                number % 3 == 0
                ? ("Yttrande \(number).txt", "Yttrande\n\nNämnden tillstyrker målområde 2 och avstyrker målområde 4.\n")
                : ("Svar \(number).txt", "Yttrande\n\nMålområde \(number % 4 + 1): Nämnden tillstyrker förslaget.\n")
            return "From \(from) Mon May 13 10:00:00 2019\nFrom: \(from)\nTo: samrad@kommun.example\n"
                + "Subject: SV: Begäran om synpunkter [KS 2019/017]\nDate: Mon, 13 May 2019 10:\(String(format: "%02d", number % 60)):00 +0200\n"
                + "Message-ID: <document-\(number)@kommun.example>\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=utf-8\n\n"
                + "Se bifogat yttrande.\n\n--b\nContent-Type: text/plain; charset=utf-8; name=\"\(name)\"\n"
                + "Content-Disposition: attachment; filename=\"\(name)\"\n\n\(text)\n--b--\n\n"
        }.joined()
    }

    /// Every row of the tables an import writes, as sqlite3 prints them.
    static func imported(_ samrad: Samrad) throws -> [String: String] {
        let database = samrad.folder.appendingPathComponent("samrad.sqlite").path
        var tables: [String: String] = [:]
        for table in ["incoming", "response", "contribution", "attachment", "review_item", "audit", "register_counter"] {
            let rows = try TestPaths.run("/usr/bin/env", ["sqlite3", database, "SELECT * FROM \(table) ORDER BY rowid"])
            #expect(rows.status == 0, "\(rows.error)")
            tables[table] = rows.output
        }
        return tables
    }

    /// Messages are matched and read on several threads, and stored in file order: the database and the
    /// attachment store are the same as one thread makes them, down to the register numbers and the file names.
    @Test func importingOnSeveralThreadsStoresWhatOneThreadStores() throws {
        var stores: [[String: String]] = []
        var files: [[String]] = []
        for threads in ["1", "4"] {
            let samrad = try ImportTests.sent()
            defer { try? FileManager.default.removeItem(at: samrad.folder) }
            try samrad.write(Self.mboxWithDocuments(60) + Self.mbox(30), to: "svar.mbox")
            let run = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "7", "SAMRAD_IMPORT_THREADS": threads])
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(try Self.keys(samrad).count == 90)
            stores.append(try Self.imported(samrad))
            let folder = samrad.folder.appendingPathComponent("attachments")
            files.append(
                (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".txt") }
                    .sorted())
        }
        #expect(stores[0]["attachment"]?.contains("Yttrande_3.txt") == true, "\(stores[0]["attachment"] ?? "")")
        for table in stores[0].keys.sorted() {
            #expect(stores[0][table] == stores[1][table], "\(table) differs between one thread and four")
        }
        #expect(!files[0].isEmpty)
        #expect(files[0] == files[1])
    }

    /// A batch is committed on its own thread while the next is read: when that commit fails, the file stops at
    /// that batch, with the batches before it kept and counted, whatever was read after it.
    @Test func aCommitThatFailsWhileTheNextBatchIsReadStopsTheFileThere() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        // Message 25 cannot be read either; the failed commit of 11–20 comes first.
        try samrad.write(Self.mbox(35, broken: 25), to: "svar.mbox")
        let stopped = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10", "SAMRAD_FAULT": "before-batch:throw@2"])
        #expect(stopped.status == 70, "\(stopped.output)\(stopped.error)")
        #expect(stopped.error.contains("a fault was injected at before-batch"), "\(stopped.error)")
        #expect(!stopped.error.contains("svar.mbox#25"), "\(stopped.error)")
        #expect(stopped.error.contains("imported before it: the file's first 10 messages"), "\(stopped.error)")
        #expect(stopped.error.contains("goes on from message #11"), "\(stopped.error)")
        #expect(try Self.keys(samrad) == (1...10).map { "batch-\($0)@kommun.example" })

        // Without the fault, the commit of 11–20 is still under way when message 25 stops the file; it counts.
        let unreadable = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10"])
        #expect(unreadable.status == 65, "\(unreadable.output)\(unreadable.error)")
        #expect(unreadable.error.contains("svar.mbox#25 (byte "), "\(unreadable.error)")
        #expect(
            unreadable.error.contains("imported before it: the file's first 20 messages (10 new, 10 already there)"), "\(unreadable.error)")
        #expect(try Self.keys(samrad) == (1...20).map { "batch-\($0)@kommun.example" })

        try samrad.write(Self.mbox(35), to: "svar.mbox")
        let rerun = try samrad("import", "svar.mbox", environment: ["SAMRAD_IMPORT_BATCH": "10"])
        #expect(rerun.status == 0, "\(rerun.output)\(rerun.error)")
        #expect(rerun.output.contains("20 already imported"), "\(rerun.output)")
        #expect(try Self.keys(samrad) == (1...35).map { "batch-\($0)@kommun.example" })
    }

    @Test func aMaildirIsCommittedInBatchesToo() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let maildir = samrad.folder.appendingPathComponent("Maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (index, message) in Self.mbox(12).components(separatedBy: "\nFrom ").enumerated() {
            let text = message.drop { $0 != "\n" }.dropFirst()
            try String(text).write(
                to: maildir.appendingPathComponent("cur/\(1_557_000_000 + index).M\(index)P1.mx:2,S"), atomically: true, encoding: .utf8)
        }
        let killed = try samrad("import", "Maildir", environment: ["SAMRAD_IMPORT_BATCH": "5", "SAMRAD_FAULT": "after-batch:exit@1"])
        #expect(killed.status == 137)
        #expect(try Self.keys(samrad).count == 5)
        let rerun = try samrad("import", "Maildir", environment: ["SAMRAD_IMPORT_BATCH": "5"])
        #expect(rerun.status == 0, "\(rerun.output)\(rerun.error)")
        #expect(try Self.keys(samrad) == (1...12).map { "batch-\($0)@kommun.example" })
    }
}
