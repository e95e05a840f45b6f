import Foundation
import SamradTestSupport
import Testing

/// A round that is not the sample: a waste-management plan, with its own signature and, in some tests, its own
/// templates.
@Suite("Every round in its own words", .serialized)
struct RoundTemplatesTests {
    static let round = """
        id: avfall-2019
        reference: KS 2019/044
        title: Avfallsplan 2020–2030
        summary: Förslaget till avfallsplan för kommunen.
        from: { name: Miljöenheten, email: miljo@kommun.example }
        reply_to: samrad@kommun.example
        recipients: { ids: [TN, MBN, SBN] }
        goal_areas:
          - { id: 1, title: "Minskade avfallsmängder" }
          - { id: 2, title: "Ökad återvinning" }
        mailout: { date: 2019-04-15, attachments: [plan.pdf] }
        deadline: 2019-05-31
        dialogues:
          - { id: samrad-1, title: "Samrådsmöte om avfallsplanen", start: 2019-05-06T13:00, end: 2019-05-06T15:00,
              location: "Miljöhuset, rum 2", participants: [TN, MBN] }
        reminders:
          before_deadline: [5]
          after_deadline: [2]
          before_dialogue: [2]
          before_own_meeting: [10]
        signature: |
          Anna Exempelsson
          Miljöstrateg

        """

    /// Words of the sample round (goals for the term of office) that no other round's messages may carry.
    static let sampleWords = [
        "mandatperiod", "nya mål", "utvecklingsprogram", "bidra till målen", "Målen gäller", "övergripande mål",
        "Kommunstyrelsen ber", "Budgetdialog", "Hemsta", "nämndsekreterare", "måluppfyllelse", "Hållbar tillväxt",
        "Utbildning, arbete",
    ]

    /// A folder with the registry loaded and the waste plan's file (plus `extra` lines) written, not yet added.
    static func prepared(extra: String = "", files: [String: String] = [:]) throws -> Samrad {
        var samrad = try Samrad()
        samrad.now = "2019-04-15T08:00"
        try samrad.write("%PDF-1.4 avfallsplan\n", to: "consultations/plan.pdf")
        try samrad.write(round + extra, to: "consultations/avfall-2019.yaml")
        for (name, text) in files { try samrad.write(text, to: "consultations/\(name)") }
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        return samrad
    }

    struct Message: Decodable {
        var file: String
        var subject: String
        var to: String
        var text: String
        var html: String
    }

    /// The messages in the outbox, decoded by Python's `email` package.
    static func outbox(_ samrad: Samrad) throws -> [Message] {
        let script = """
            import email, email.policy, glob, json, os, sys
            out = []
            for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.eml'))):
                m = email.message_from_binary_file(open(path, 'rb'), policy=email.policy.default)
                text = m.get_body(('plain',))
                html = m.get_body(('html',))
                out.append({'file': os.path.basename(path), 'subject': str(m['subject']), 'to': str(m['to']),
                            'text': text.get_content() if text else '', 'html': html.get_content() if html else ''})
            print(json.dumps(out))
            """
        let run = try TestPaths.run("/usr/bin/env", ["python3", "-c", script, samrad.folder.appendingPathComponent("outbox").path])
        #expect(run.status == 0, "\(run.error)")
        return try JSONDecoder().decode([Message].self, from: Data(run.output.utf8))
    }

    /// The dates the round's schedule has something on.
    static func scheduleDates(_ samrad: Samrad) throws -> [String] {
        let schedule = try samrad("schedule", "avfall-2019", "--json")
        #expect(schedule.status == 0, "\(schedule.error)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(schedule.output.utf8)) as? [[String: Any]])
        return Set(rows.compactMap { $0["date"] as? String }).sorted()
    }

    @Test func aRoundThatIsNotTheSampleSaysOnlyItsOwnWords() throws {
        var samrad = try Self.prepared()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "consultations/avfall-2019.yaml").status == 0)
        #expect(try samrad("send", "avfall-2019").status == 0)
        for date in try Self.scheduleDates(samrad) {
            samrad.now = "\(date)T08:00"
            let remind = try samrad("remind")
            #expect(remind.status == 0, "\(date): \(remind.error)")
        }
        samrad.now = "2019-06-10T09:00"
        let notify = try samrad("notify", "avfall-2019", "--template", "beslut", "--to", "boards")
        #expect(notify.status == 0, "\(notify.error)")

        let messages = try Self.outbox(samrad)
        let kinds = Set(messages.map { $0.file.split(separator: "-").dropFirst(3).joined(separator: "-") })
        for kind in ["mailout", "invitation.samrad-1.0", "reminder.before-deadline.5", "reminder.after-deadline.2", "notice.beslut"] {
            #expect(kinds.contains { $0.hasPrefix(kind) }, "no \(kind) in \(kinds.sorted())")
        }
        #expect(kinds.contains { $0.hasPrefix("reminder.before-dialogue") })
        #expect(kinds.contains { $0.hasPrefix("reminder.before-meeting") })
        for message in messages {
            let all = [message.subject, message.text, message.html].joined(separator: "\n")
            for word in Self.sampleWords {
                #expect(!all.localizedCaseInsensitiveContains(word), "\(message.file) says «\(word)»:\n\(message.text)")
            }
            #expect(all.contains("Avfallsplan 2020–2030") || all.contains("Samrådsmöte om avfallsplanen"), "\(message.file)")
            #expect(message.text.hasSuffix("Anna Exempelsson\nMiljöstrateg\n"), "\(message.file):\n\(message.text)")
        }
    }

    @Test func aChangeAfterTheMailoutIsSummarisedAndToldOnlyToTheBodiesItConcerns() throws {
        var samrad = try Self.prepared()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "consultations/avfall-2019.yaml").status == 0)

        let early = try samrad("notify", "avfall-2019", "--changes")
        #expect(early.status == 64, "\(early.error)")
        #expect(early.error.contains("has not been mailed out yet"), "\(early.error)")

        #expect(try samrad("send", "avfall-2019").status == 0)
        samrad.now = "2019-04-20T10:00"
        let path = samrad.folder.appendingPathComponent("consultations/avfall-2019.yaml")
        let moved = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "Miljöhuset, rum 2", with: "Miljöhuset, rum 5")
        try moved.write(to: path, atomically: true, encoding: .utf8)
        let add = try samrad("consultation", "add", "consultations/avfall-2019.yaml")
        #expect(add.status == 0, "\(add.error)")
        #expect(add.output.contains("revision 2"))
        #expect(add.output.contains("samrad-1 changed place «Miljöhuset, rum 2» → «Miljöhuset, rum 5»"), "\(add.output)")
        #expect(add.output.contains("samrad notify avfall-2019 --changes"))
        #expect(!add.output.contains("reminders changed"), "\(add.output)")

        let notify = try samrad("notify", "avfall-2019", "--changes")
        #expect(notify.status == 0, "\(notify.error)")
        let changes = try Self.outbox(samrad).filter { $0.file.contains("-changes.") }
        #expect(Set(changes.map { $0.file.split(separator: "-")[2] }) == ["TN", "MBN"], "\(changes.map(\.file))")
        for message in changes {
            #expect(message.subject.hasPrefix("Ändringar: Avfallsplan 2020–2030"))
            #expect(message.text.contains("Miljöhuset, rum 5"))
            #expect(message.text.contains("tidigare"))
        }
        let again = try samrad("notify", "avfall-2019", "--changes")
        #expect(again.status == 0)
        #expect(try Self.outbox(samrad).filter { $0.file.contains("-changes.") }.count == changes.count)
    }

    @Test(arguments: [
        ("Till {{body.name}}\n\nSvara senast {{deadlin}}.\n", "utskick.mustache:3: error: unknown variable {{deadlin}}", "deadline"),
        ("{{#goal_areas}}\n{{title}}\n", "utskick.mustache:1: error: the section {{#goal_areas}} is never closed", "{{/goal_areas}}"),
        ("Hej\n\n{{/dialogues}}\n", "utskick.mustache:3: error: {{/dialogues}} closes a section that was never opened", "{{#dialogues}}"),
    ])
    func aFaultyTemplateIsRefusedAtAddWithItsFileAndLine(template: String, problem: String, fix: String) throws {
        let samrad = try Self.prepared(extra: "templates: { mailout: utskick.mustache }\n", files: ["utskick.mustache": template])
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let add = try samrad("consultation", "add", "consultations/avfall-2019.yaml")
        #expect(add.status == 65, "\(add.output)\(add.error)")
        #expect(add.error.contains(problem), "\(add.error)")
        #expect(add.error.contains(fix), "\(add.error)")
        #expect(!add.error.contains("Error("), "a Swift value reached the coordinator: \(add.error)")
        #expect(try samrad("consultation", "list").output.contains("avfall-2019") == false)
    }

    @Test func theRoundsOwnTemplatesAreUsedAndEditingOneIsARevision() throws {
        let files = [
            "utskick.mustache": "Till {{body.name}}\n\nEget utskick om {{consultation.title}}, senast {{deadline}}.\n\n{{signature}}\n",
            "paminnelse.mustache": "Egen påminnelse till {{body.name}}: svara senast {{deadline}}.\n",
            "tack.mustache": "Tack {{body.name}} för era synpunkter på {{consultation.title}}.\n",
            "inbjudan.mustache": "Egen inbjudan till {{dialogue.title}} den {{dialogue.date}}.\n",
        ]
        let extra = """
            templates:
              mailout: utskick.mustache
              reminder: paminnelse.mustache
              invitation: inbjudan.mustache
              notices: { tack: tack.mustache }

            """
        var samrad = try Self.prepared(extra: extra, files: files)
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "consultations/avfall-2019.yaml").status == 0)
        #expect(try samrad("send", "avfall-2019").status == 0)
        for date in try Self.scheduleDates(samrad) {
            samrad.now = "\(date)T08:00"
            #expect(try samrad("remind").status == 0)
        }

        try samrad.write("Tack {{body.name}}, vi har tagit emot era synpunkter.\n", to: "consultations/tack.mustache")
        let edit = try samrad("consultation", "add", "consultations/avfall-2019.yaml")
        #expect(edit.output.contains("revision 2"), "\(edit.output)")
        #expect(edit.output.contains("templates changed"), "\(edit.output)")
        samrad.now = "2019-06-10T09:00"
        let notify = try samrad("notify", "avfall-2019", "--template", "tack", "--to", "boards")
        #expect(notify.status == 0, "\(notify.error)")

        let messages = try Self.outbox(samrad)
        func texts(_ kind: String) -> [String] { messages.filter { $0.file.contains("-\(kind)") }.map(\.text) }
        #expect(texts("mailout").count == 3)
        #expect(texts("mailout").allSatisfy { $0.contains("Eget utskick om Avfallsplan 2020–2030, senast 31 maj 2019") })
        #expect(!texts("invitation").isEmpty)
        #expect(texts("invitation").allSatisfy { $0.hasPrefix("Egen inbjudan till Samrådsmöte om avfallsplanen den 6 maj 2019") })
        #expect(!texts("reminder.before-deadline").isEmpty)
        #expect(texts("reminder.before-deadline").allSatisfy { $0.hasPrefix("Egen påminnelse till") })
        let thanked = Set(messages.filter { $0.file.contains("-notice.tack") }.map { $0.file.split(separator: "-")[2] })
        #expect(thanked.isSuperset(of: ["TN", "MBN", "SBN"]), "\(thanked)")
        #expect(texts("notice.tack").allSatisfy { $0.hasSuffix("vi har tagit emot era synpunkter.\n") })

        let unknown = try samrad("notify", "avfall-2019", "--template", "tck", "--to", "boards")
        #expect(unknown.status == 64)
        #expect(unknown.error.contains("tack"), "\(unknown.error)")
    }

    @Test func aTitleWithMarkupIsTextInTheHTMLThatARoundsOwnInvitationGets() throws {
        let extra = "templates: { invitation: inbjudan.mustache }\n"
        // Triple braces, which in an HTML template would write the title unescaped.
        var samrad = try Self.prepared(
            extra: extra, files: ["inbjudan.mustache": "Välkommen till {{{dialogue.title}}}.\n"])
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let path = samrad.folder.appendingPathComponent("consultations/avfall-2019.yaml")
        let marked = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(
            of: "Samrådsmöte om avfallsplanen", with: "Möte <b>om</b> planen & återvinning")
        try marked.write(to: path, atomically: true, encoding: .utf8)
        #expect(try samrad("consultation", "add", "consultations/avfall-2019.yaml").status == 0)
        #expect(try samrad("send", "avfall-2019").status == 0)
        samrad.now = "2019-04-16T08:00"
        #expect(try samrad("remind").status == 0)
        let invitation = try #require(try Self.outbox(samrad).first { $0.file.contains("-invitation.") })
        #expect(invitation.text.contains("Välkommen till Möte <b>om</b> planen & återvinning."))
        #expect(invitation.html.contains("Möte &lt;b&gt;om&lt;/b&gt; planen &amp; återvinning"), "\(invitation.html)")
        #expect(!invitation.html.contains("<b>om</b>"))
    }

    @Test func notifyTakesATemplateFile() throws {
        var samrad = try Self.prepared()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "consultations/avfall-2019.yaml").status == 0)
        #expect(try samrad("send", "avfall-2019").status == 0)
        try samrad.write("Hej {{body.name}}, mötet är {{dialogues}}.\n", to: "fel.mustache")
        samrad.now = "2019-05-02T09:00"
        let faulty = try samrad("notify", "avfall-2019", "--template", "fel.mustache", "--to", "boards")
        #expect(faulty.status == 65, "\(faulty.error)")
        #expect(faulty.error.contains("fel.mustache:1"), "\(faulty.error)")
        try samrad.write("Hej {{body.name}}: ärendet {{consultation.reference}} går vidare.\n", to: "info.mustache")
        let notify = try samrad("notify", "avfall-2019", "--template", "info.mustache", "--to", "boards")
        #expect(notify.status == 0, "\(notify.error)")
        let notices = try Self.outbox(samrad).filter { $0.file.contains("-notice.info") }
        #expect(Set(notices.map { $0.file.split(separator: "-")[2] }).isSuperset(of: ["TN", "MBN", "SBN"]))
        #expect(notices.allSatisfy { $0.text.hasPrefix("Hej ") && $0.text.contains("ärendet KS 2019/044 går vidare") })
    }
}
