import Foundation
import SamradTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What outside senders and odd files can do to the command line: the probe's findings, each
/// reproduced on a round that has been sent.
@Suite("Hostile and odd inputs", .serialized)
struct HostileInputTests {
    /// Characters a terminal acts on or that reorder a line: ESC, BEL, DEL, a C1 control and a
    /// right-to-left override.
    static let raw: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{7F}", "\u{9B}", "\u{202E}"]

    static func rawScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { raw.contains($0) }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    /// A reply from an unknown sender whose subject, name, file name and charset carry escape
    /// sequences, a bell and a right-to-left override.
    static let escapes = """
        From: =?utf-8?q?Evil=1B=5D0=3Bpwned=07?= <evil@evil.example>\r
        To: samrad@kommun.example\r
        Subject: =?utf-8?q?Hej=1B[31mR=C3=96D=1B[0m=07_=E2=80=AEfdp.exe=C2=9B?=\r
        Date: Fri, 10 May 2019 10:00:00 +0200\r
        Message-ID: <escape-1@evil.example>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b\u{7F}1"\r
        \r
        --b\u{7F}1\r
        Content-Type: text/plain; charset="utf-8\u{1B}[1m"\r
        \r
        Text\u{1B}]2;titel\u{07} och \u{202E}baklänges.\r
        --b\u{7F}1\r
        Content-Type: application/pdf; name="=?utf-8?q?svar=1B[2J=E2=80=AEfdp.exe?="\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQK\r
        --b\u{7F}1--\r

        """

    @Test func escapesAndOverridesFromOutsideReachTheTerminalEscaped() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write(Self.escapes, to: "escape.eml")
        var outputs: [(String, String)] = []
        let imported = try samrad("import", "escape.eml")
        #expect(imported.status == 0, "\(imported.error)")
        outputs.append(("import", imported.output + imported.error))
        // The charset parameter is echoed in the import's warning, escaped.
        #expect(imported.output.contains(#"'utf-8\u{1B}[1m'"#), "\(imported.output)")

        let unmatched = try samrad("unmatched")
        outputs.append(("unmatched", unmatched.output))
        #expect(unmatched.output.contains(#"Hej\u{1B}[31mRÖD\u{1B}[0m\u{7} \u{202E}fdp.exe\u{9B}"#), "\(unmatched.output)")

        let json = try samrad("unmatched", "--json")
        outputs.append(("unmatched --json", json.output))
        let waiting = try #require(try ImportTests.json(json.output) as? [[String: Any]])
        #expect(waiting.first?["subject"] as? String == "Hej\u{1B}[31mRÖD\u{1B}[0m\u{7} \u{202E}fdp.exe\u{9B}")

        let assign = try samrad("assign", "escape-1@evil.example", "BUN")
        #expect(assign.status == 0, "\(assign.error)")
        for arguments in [
            ["log", "mal-2019"], ["log", "mal-2019", "--audit"], ["log", "mal-2019", "--format", "json"], ["status", "mal-2019"],
            ["status", "mal-2019", "--json"], ["deliveries", "mal-2019"], ["deliveries", "mal-2019", "--json"],
        ] {
            let result = try samrad(arguments)
            #expect(result.status == 0, "\(arguments): \(result.error)")
            outputs.append((arguments.joined(separator: " "), result.output + result.error))
        }
        let log = try samrad("log", "mal-2019")
        #expect(log.output.contains(#"\u{202E}fdp.exe"#), "\(log.output)")
        // The reports drop them: the answer's text is there, its controls and override are not.
        for format in ["md", "csv", "html"] {
            let report = try samrad("report", "mal-2019", "--format", format)
            #expect(report.status == 0, "\(format): \(report.error)")
            #expect(report.output.contains("baklänges"), "\(format)")
            #expect(Self.rawScalars(in: report.output).isEmpty, "report --format \(format) carries \(Self.rawScalars(in: report.output))")
        }
        for (command, output) in outputs {
            #expect(Self.rawScalars(in: output).isEmpty, "samrad \(command) printed \(Self.rawScalars(in: output)) raw:\n\(output)")
        }
    }

    // MARK: - Folders, FIFOs and devices

    /// Runs `samrad` like ``Samrad/callAsFunction(_:environment:)``, but kills it (and fails) when it has
    /// not ended within a minute: given a FIFO it must refuse it, never wait for a writer.
    static func bounded(
        _ samrad: Samrad, _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Samrad.executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SAMRAD_") }
        merged["SAMRAD_NOW"] = samrad.now
        merged.merge(environment) { $1 }
        process.environment = merged
        process.currentDirectoryURL = samrad.folder
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        defer { watchdog.cancel() }
        let errorText = Mutex("")
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = String(decoding: data, as: UTF8.self) }
            done.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        let killed = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        #expect(!killed, "samrad \(arguments.joined(separator: " ")) did not end within a minute (blocked on a FIFO?)")
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText.withLock { $0 })
    }

    @Test func aFolderOfMessagesIsImportedFileByFile() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let svar = samrad.folder.appendingPathComponent("svar")
        try FileManager.default.createDirectory(at: svar, withIntermediateDirectories: true)
        for name in ["2019-05-14-bun.eml", "2019-05-16-sn.eml", "2019-05-17-formular-bolag.csv"] {
            try FileManager.default.copyItem(at: ImportTests.replies.appendingPathComponent(name), to: svar.appendingPathComponent(name))
        }
        // A message saved without the .eml ending is a message too.
        try FileManager.default.copyItem(
            at: ImportTests.replies.appendingPathComponent("2019-05-10-kfn.eml"), to: svar.appendingPathComponent("kfn-svar"))
        let result = try samrad("import", "svar/")
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("svar/2019-05-14-bun.eml [eml]: 1 replies"), "\(result.output)")
        #expect(result.output.contains("svar/2019-05-16-sn.eml [eml]: 1 replies"))
        #expect(result.output.contains("svar/kfn-svar [eml]: 1 replies"))
        #expect(result.output.contains("svar/: 2019-05-17-formular-bolag.csv is not a saved message and was left alone"))
        let status = try #require(try ImportTests.json(try samrad("status", "mal-2019", "--json").output) as? [String: Any])
        #expect((status["totals"] as? [String: Int])?["answered"] == 3)

        // A folder with neither messages nor cur/ and new/ is refused, by name.
        let empty = samrad.folder.appendingPathComponent("tom")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("cur"), withIntermediateDirectories: true)
        let before = try samrad.databaseSnapshot()
        let refused = try samrad("import", "tom")
        #expect(refused.status == 65)
        #expect(refused.error.contains("tom is a folder but not a Maildir (it has not both cur/ and new/)"), "\(refused.error)")
        #expect(try samrad.databaseSnapshot() == before)
    }

    @Test func aFIFOOrADeviceIsRefusedUnopenedWithWhatItIs() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let fifo = samrad.folder.appendingPathComponent("svar.eml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let before = try samrad.databaseSnapshot()
        let result = try Self.bounded(
            samrad, ["import", "svar.eml", "/dev/null", ImportTests.replies.appendingPathComponent("2019-05-14-bun.eml").path])
        #expect(result.status == 66, "\(result.error)")
        #expect(result.error.contains("svar.eml is a FIFO (a named pipe), not a file"), "\(result.error)")
        #expect(result.error.contains("/dev/null is a character device, not a file"))
        #expect(!result.error.contains("permission"))
        #expect(result.output.contains("2019-05-14-bun.eml [eml]: 1 replies"))
        #expect(result.output.contains("2 of 3 files refused; the other was imported."))
        #expect(try samrad.databaseSnapshot() != before)

        let smtp = [
            "SAMRAD_SMTP_URL": "smtp://mail.kommun.example:587", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD_FILE": fifo,
        ]
        let send = try Self.bounded(samrad, ["send", "mal-2019", "--retry"], environment: smtp)
        #expect(send.status == 66, "\(send.error)")
        #expect(send.error.contains("the password file \(fifo) is a FIFO (a named pipe), not a file (SAMRAD_SMTP_PASSWORD_FILE)"))
        let imap = [
            "SAMRAD_IMAP_URL": "imaps://imap.kommun.example/INBOX", "SAMRAD_IMAP_USER": "samrad", "SAMRAD_IMAP_PASSWORD_FILE": "/dev/null",
        ]
        let fetch = try Self.bounded(samrad, ["fetch"], environment: imap)
        #expect(fetch.status == 66, "\(fetch.error)")
        #expect(fetch.error.contains("the password file /dev/null is a character device, not a file (SAMRAD_IMAP_PASSWORD_FILE)"))

        let calendar = try Self.bounded(samrad, ["schedule", "mal-2019"], environment: ["SAMRAD_CALENDAR": fifo])
        #expect(calendar.status == 66, "\(calendar.error)")
        #expect(calendar.error.contains("is a FIFO (a named pipe), not a file"))

        let notify = try Self.bounded(samrad, ["notify", "mal-2019", "--template", "beslut", "--to", "boards", "--attach", "svar.eml"])
        #expect(notify.status == 66, "\(notify.error)")
        #expect(notify.error.contains("is a FIFO (a named pipe), not a file"))
    }

    @Test func aRoundsAttachmentMustBeAFile() throws {
        var samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-01T08:00"
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        let round = try String(contentsOf: samrad.folder.appendingPathComponent("consultations/mal-2019.yaml"), encoding: .utf8)
        let line = try #require(round.components(separatedBy: "\n").firstIndex { $0.contains("attachments: [forslag-nya-mal.pdf]") }) + 1
        try samrad.write(round.replacingOccurrences(of: "[forslag-nya-mal.pdf]", with: "[.]"), to: "consultations/mal-2019.yaml")
        let folder = try samrad("consultation", "add", "consultations/mal-2019.yaml")
        #expect(folder.status == 65, "\(folder.output)")
        #expect(folder.error.contains("consultations/mal-2019.yaml:\(line):"), "\(folder.error)")
        #expect(folder.error.contains("the attachment '.' is a folder, not a file"))

        // Added as a file, then replaced by a FIFO: the mailout refuses it instead of hanging.
        try samrad.write(round, to: "consultations/mal-2019.yaml")
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        let pdf = samrad.folder.appendingPathComponent("consultations/forslag-nya-mal.pdf").path
        try FileManager.default.removeItem(atPath: pdf)
        try #require(mkfifo(pdf, 0o600) == 0)
        let send = try Self.bounded(samrad, ["send", "mal-2019"])
        #expect(send.status == 66, "\(send.error)")
        #expect(send.error.contains("forslag-nya-mal.pdf is a FIFO (a named pipe), not a file"), "\(send.error)")
    }

    // MARK: - One file at a time

    @Test func aLinkPlantedInTheAttachmentStoreRefusesOneFileAndTheNextIsImported() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let ledger = try #require(try ImportTests.json(try samrad("deliveries", "mal-2019", "--json").output) as? [[String: Any]])
        let message = try #require(
            ledger.first { ($0["message"] as? [String: Any])?["body_id"] as? String == "GVN" }?["message"] as? [String: Any])
        let id = try #require(message["message_id"] as? String)
        // "bilaga 12\n" has a SHA-256 that starts with 7d.
        try samrad.write(
            """
            From: gvn@kommun.example\r
            To: samrad@kommun.example\r
            Subject: Svar\r
            Message-ID: <planted-1@kommun.example>\r
            In-Reply-To: <\(id)>\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="b"\r
            \r
            --b\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Målområde 1: Nämnden tillstyrker.\r
            --b\r
            Content-Type: application/pdf; name="svar.pdf"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(Data("bilaga 12\n".utf8).base64EncodedString())\r
            --b--\r
            """, to: "planted.eml")
        let elsewhere = samrad.folder.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: samrad.folder.appendingPathComponent("attachments"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: samrad.folder.appendingPathComponent("attachments/7d"), withDestinationURL: elsewhere)
        let result = try samrad(
            "import", "planted.eml", ImportTests.replies.appendingPathComponent("2019-05-14-bun.eml").path,
            ImportTests.replies.appendingPathComponent("2019-05-16-sn.eml").path)
        #expect(result.status == 65, "\(result.error)")
        #expect(result.error.contains("planted.eml was not imported:\nan attachment cannot be stored:"), "\(result.error)")
        #expect(result.error.contains("outside the store"))
        #expect(result.output.contains("2019-05-14-bun.eml [eml]: 1 replies"))
        #expect(result.output.contains("2019-05-16-sn.eml [eml]: 1 replies"))
        #expect(result.output.contains("1 of 3 files refused; the other 2 were imported."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func aSingleRefusedFileSaysSoOnceAndNamesItsPathOnce() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad.write("From x\nno mbox at all\n", to: "svar.mbox")
        let result = try samrad("import", "svar.mbox")
        #expect(result.status == 65)
        #expect(!result.output.contains("the other"), "\(result.output)")
        #expect(!result.output.contains("of 1 files"))
        let lines = result.error.components(separatedBy: "\n")
        #expect(lines.first == "samrad: svar.mbox was not imported:")
        #expect(lines.count > 1 && lines[1].components(separatedBy: "svar.mbox").count == 2, "the path once: \(lines)")
    }

    @Test func aCSVExportNamedTxtIsReadAsCSV() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        // Two columns, Windows-1252, as Excel saves "Text (tab-separated)" renamed by hand: one separator a line.
        let text = "Nämnd;Målområde 1\r\nBUN;Vi tillstyrker förslaget.\r\nSN;Vi avstyrker.\r\n"
        try Data(try #require(text.data(using: .windowsCP1252))).write(to: samrad.folder.appendingPathComponent("formular.txt"))
        let result = try samrad("import", "formular.txt", "--consultation", "mal-2019")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("formular.txt [csv]: 2 form answers"), "\(result.output)")
    }

    @Test func anUnquotedFromLineInAnMboxLosesNoMessageAndIsNamedWhenItLooksLikeASeparator() throws {
        let samrad = try ImportTests.sent()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let mbox = """
            From a@bun.kommun.example Thu May  9 10:00:00 2019
            From: a@bun.kommun.example
            Subject: Svar 1
            Message-ID: <unquoted-1@kommun.example>

            Nämnden har läst förslaget.

            From here on we agree.

            From b@sn.kommun.example Thu May  9 11:00:00 2019
            From: b@sn.kommun.example
            Subject: Svar 2
            Message-ID: <unquoted-2@kommun.example>

            Socialnämnden tillstyrker.

            """
        try samrad.write(mbox, to: "svar.mbox")
        let result = try samrad("import", "svar.mbox")
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("svar.mbox [mbox]: 2 unmatched"), "\(result.output)")

        try samrad.write(mbox.replacingOccurrences(of: "From here on", with: "From 10:00 on 9 May 2019"), to: "svar2.mbox")
        let refused = try samrad("import", "svar2.mbox")
        #expect(refused.status == 65)
        #expect(refused.error.contains("svar2.mbox#2 (byte "), "\(refused.error)")
        #expect(refused.error.contains("(line 8) looks like the 'From ' line that starts a message, but no header follows it"))
        #expect(!refused.error.contains("blank line"))
    }

    @Test func aDatabaseInAFolderThatDoesNotExistIsRefused() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        for (arguments, environment) in [
            (["--db", "saknas/under/samrad.sqlite", "init"], [:]), (["init"], ["SAMRAD_DB": "saknas/under/samrad.sqlite"]),
        ] {
            let result = try samrad(arguments, environment: environment)
            #expect(result.status == 78, "\(arguments): \(result.output)\(result.error)")
            #expect(result.error.contains("the folder of the database saknas/under/samrad.sqlite does not exist"), "\(result.error)")
            #expect(!FileManager.default.fileExists(atPath: samrad.folder.appendingPathComponent("saknas").path))
        }
        #expect(try samrad("--db", "samrad.sqlite", "init").status == 0)
    }

    @Test func aRepeatedKeyInARoundsFileIsNamedAtItsLineWithoutTheFile() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        let round = try String(contentsOf: samrad.folder.appendingPathComponent("consultations/mal-2019.yaml"), encoding: .utf8)
        var lines = round.components(separatedBy: "\n")
        let deadline = try #require(lines.firstIndex { $0.hasPrefix("deadline:") })
        lines.insert("deadline: 2019-05-24", at: deadline + 1)
        try samrad.write(lines.joined(separator: "\n"), to: "consultations/mal-2019.yaml")
        let result = try samrad("consultation", "add", "consultations/mal-2019.yaml")
        #expect(result.status == 65)
        #expect(
            result.error.contains(
                "consultations/mal-2019.yaml:\(deadline + 2):1: error: the key 'deadline' appears twice in the same mapping (first at line \(deadline + 1))"
            ),
            "\(result.error)")
        #expect(result.error.components(separatedBy: "\n").count <= 4, "the file is not dumped: \(result.error)")
    }
}
