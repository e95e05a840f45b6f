import Foundation
import SamradCore
import Testing

@Suite("Round files")
struct ConsultationReaderTests {
    static let registry: Registry = {
        func body(_ id: String, _ kind: BodyKind = .board) -> Body {
            Body(id: id, name: "Nämnd \(id)", kind: kind, mailbox: try? EmailAddress("\(id.lowercased())@kommun.example"))
        }
        return Registry([body("BUN"), body("SN"), body("TN"), body("MBN"), body("KS"), body("HBAB", .company), body("KLG", .group)])
    }()

    static let valid = """
        id: mal-2019
        reference: KS 2019/017
        title: Nya mål för mandatperioden
        from: { name: Kommunledningskontoret, email: kansli@kommun.example }
        reply_to: samrad@kommun.example
        recipients: { kinds: [board, company], exclude: [KS] }
        goal_areas:
          - { id: 1, title: Hållbar tillväxt och samhällsplanering }
          - { id: 2, title: "Utbildning, arbete och näringsliv" }
        mailout: { date: 2019-04-11, attachments: [forslag.pdf] }
        deadline: 2019-05-17
        dialogues:
          - { id: budget-1, title: Budgetdialog, start: 2019-04-24T09:00, end: 2019-04-24T12:00, location: Stadshuset, participants: [BUN, SN] }
          - { id: budget-2, title: Budgetdialog, start: 2019-05-09T13:00, end: 2019-05-09T16:00, location: Stadshuset, participants: [TN, MBN] }
        reminders: { before_deadline: [5, 1], after_deadline: [2, 5], before_dialogue: [2], before_own_meeting: [10] }
        milestones:
          - { date: 2019-05-22, title: "Arbetsutskottet, slutlig beredning" }
        """

    func problems(_ text: String, exists: @escaping (String) -> Bool = { _ in true }) -> [Diagnostic] {
        do {
            _ = try ConsultationReader.read(text, file: "consultations/test.yaml", registry: Self.registry) {
                exists($0) ? nil : "does not exist"
            }
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aValidRoundReads() throws {
        let round = try ConsultationReader.read(Self.valid, file: "r.yaml", registry: Self.registry)
        #expect(round.reference == "KS 2019/017")
        #expect(round.goalAreas.map(\.title) == ["Hållbar tillväxt och samhällsplanering", "Utbildning, arbete och näringsliv"])
        #expect(round.recipients(in: Self.registry).map(\.id) == ["BUN", "HBAB", "MBN", "SN", "TN"])
        #expect(round.dialogues[1].start.description == "2019-05-09T13:00")
        #expect(round.reminders[.beforeDeadline] == [5, 1])
        #expect(round.deadline.description == "2019-05-17")
        #expect(round.subjectTag == "[KS 2019/017]")
    }

    @Test(arguments: [
        ("exclude: [KS]", "exclude: [XX]", 6, "unknown body 'XX'"),
        ("participants: [TN, MBN]", "participants: [TN, MNB]", 14, "unknown body 'MNB'"),
        ("participants: [TN, MBN]", "participants: [TN, KLG]", 14, "not a recipient"),
        ("deadline: 2019-05-17", "deadline: 2019-04-01", 11, "before the mailout date"),
        ("end: 2019-04-24T12:00", "end: 2019-04-24T08:00", 13, "ends (2019-04-24T08:00) before it starts"),
        ("{ id: 2, title", "{ id: 1, title", 9, "goal area id 1 is used twice"),
        ("id: budget-2", "id: budget-1", 14, "dialogue id 'budget-1' is used twice"),
        ("deadline: 2019-05-17", "deadline: 2019-02-30", 11, "February 2019 has 28 days"),
        ("start: 2019-05-09T13:00", "start: 2019-05-09T25:00", 14, "is not a date and time"),
        ("reply_to:", "reply-to:", 5, "unknown key 'reply-to'"),
        ("reply_to: samrad@kommun.example", "reply_to: samrad@@kommun.example", 5, "not a valid email address"),
    ])
    func eachKindOfErrorNamesFileAndLine(original: String, replacement: String, line: Int, message: String) {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid)
        let found = problems(text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location.file == "consultations/test.yaml")
        #expect(found.first?.location.line == line, "\(found)")
        #expect(found.first?.message.contains(message) == true, "\(found)")
    }

    @Test func aMissingAttachmentIsNamed() {
        let found = problems(Self.valid) { $0 != "forslag.pdf" }
        #expect(found.count == 1)
        #expect(found.first?.location.line == 10)
        #expect(found.first?.message.contains("'forslag.pdf' does not exist") == true)
    }

    @Test func anAttachmentThatIsNotAFileIsNamedWithWhatItIs() {
        let text = Self.valid.replacingOccurrences(of: "attachments: [forslag.pdf]", with: "attachments: [.]")
        do {
            _ = try ConsultationReader.read(text, file: "r.yaml", registry: Self.registry) { $0 == "." ? "is a folder, not a file" : nil }
            Issue.record("a folder was accepted as an attachment")
        } catch {
            #expect(error.diagnostics.map(\.location.line) == [10])
            #expect(error.diagnostics.first?.message == "the attachment '.' is a folder, not a file")
        }
    }

    @Test func aRepeatedKeyIsReportedAtItsOwnLineWithoutTheFile() {
        let text = Self.valid.replacingOccurrences(of: "deadline: 2019-05-17", with: "deadline: 2019-05-17\ndeadline: 2019-05-24")
        let found = problems(text)
        let line = Self.valid.components(separatedBy: "\n").firstIndex { $0.hasPrefix("deadline:") }.map { $0 + 1 } ?? 0
        #expect(found.count == 1)
        #expect(found.first?.location.line == line + 1)
        #expect(found.first?.message == "the key 'deadline' appears twice in the same mapping (first at line \(line))")
        #expect(found.first?.description.components(separatedBy: "\n").count == 2)
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = Self.valid.replacingOccurrences(of: "exclude: [KS]", with: "exclude: [XX]")
            .replacingOccurrences(of: "deadline: 2019-05-17", with: "deadline: 2019-13-01")
        #expect(problems(text).map(\.location.line) == [6, 11])
    }

    @Test func theSeedRoundReadsOverTheSampleRegistry() throws {
        let folder = repositoryRoot.appendingPathComponent("contacts")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted().map {
            RegistryReader.File(name: $0, text: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
        let registry = Registry(try RegistryReader.read(files))
        let path = repositoryRoot.appendingPathComponent("consultations/mal-2019.yaml")
        let round = try ConsultationReader.read(
            try String(contentsOf: path, encoding: .utf8), file: path.path, registry: registry
        ) {
            FileManager.default.fileExists(atPath: path.deletingLastPathComponent().appendingPathComponent($0).path)
                ? nil : "does not exist"
        }
        #expect(round.reference == "KS 2019/017")
        #expect(round.goalAreas.map(\.id) == [1, 2, 3, 4])
        #expect(round.goalAreas[3].title == "Delaktighet, tillgänglighet och trygghet")
        #expect(round.dialogues.map { $0.start.date.description } == ["2019-04-24", "2019-05-09"])
        #expect(round.deadline < (try LocalDate(parsing: "2019-05-22")))
        #expect(
            Set(round.milestones.map(\.date.description)) == ["2019-04-10", "2019-05-08", "2019-05-22", "2019-06-04", "2019-06-24"])
        // Every recipient is in exactly one of the two budget dialogues.
        let recipients = round.recipients(in: registry).map(\.id)
        let participants = round.dialogues.flatMap(\.participants)
        #expect(participants.sorted() == recipients.sorted())
        #expect(recipients.count >= 18)
    }
}

@Suite("Dates")
struct LocalDateTests {
    @Test(arguments: ["2019-02-29", "2019-04-31", "2019-13-01", "2019-00-10", "19-04-01", "2019-4-1", "2019-04-01x", "２０１９-04-01"])
    func datesThatDoNotExistAreRefused(text: String) {
        #expect(throws: LocalDate.ParseError.self) { try LocalDate(parsing: text) }
    }

    @Test func leapDaysExist() throws {
        #expect(try LocalDate(parsing: "2020-02-29").description == "2020-02-29")
        #expect(try LocalDate(parsing: "2000-02-29").day == 29)
        #expect(throws: LocalDate.ParseError.self) { try LocalDate(parsing: "1900-02-29") }
    }

    @Test func aDateOnlyDeadlineLastsToMidnightSwedishTime() throws {
        let deadline = try LocalDate(parsing: "2019-05-17")
        // 2019-05-18 00:00 in Stockholm (CEST, UTC+2) is 2019-05-17 22:00 UTC.
        #expect(deadline.end == Date(timeIntervalSince1970: 1_558_130_400))
        #expect(deadline.swedish == "17 maj 2019")
        #expect(deadline.swedishWeekday == "fredag")
    }

    @Test func theClockSettingAcceptsSwedishTimeAndOffsets() {
        #expect(SwedishTime.parseInstant("2019-04-11T08:00") == Date(timeIntervalSince1970: 1_554_962_400))
        #expect(SwedishTime.parseInstant("2019-04-11T06:00:00Z") == Date(timeIntervalSince1970: 1_554_962_400))
        #expect(SwedishTime.parseInstant("2019-04-11") == Date(timeIntervalSince1970: 1_554_933_600))
        #expect(SwedishTime.parseInstant("next tuesday") == nil)
    }
}
