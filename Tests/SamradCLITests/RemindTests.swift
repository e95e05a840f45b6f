import Foundation
import SamradTestSupport
import Testing

/// `samrad remind`, the cron entry, run as cron would run it: stepped through spring 2019,
/// several at once, and killed halfway.
@Suite("The cron entry", .serialized)
struct RemindTests {
    /// A folder with the sample registry and round loaded.
    static func loaded() throws -> Samrad {
        var samrad = try Samrad()
        samrad.now = "2019-04-01T09:00"
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        return samrad
    }

    static func messageID(_ data: Data) -> String? {
        DeliveryTests.messageID(data)
    }

    @Test func silentWhenNothingIsDue() throws {
        let samrad = try Self.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let result = try samrad("remind")
        #expect(result.status == 0)
        #expect(result.output.isEmpty && result.error.isEmpty, "\(result.output)\(result.error)")
    }

    @Test func steppedThroughTheSpringEachSendGoesOnce() throws {
        let samrad = try Self.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        var lines: [String] = []
        for time in [
            "2019-04-11T08:10", "2019-04-11T09:10", "2019-04-18T08:10", "2019-04-19T08:10", "2019-05-10T08:10", "2019-05-10T15:00",
        ] {
            var run = samrad
            run.now = time
            let result = try run("remind")
            #expect(result.status == 0, "\(result.error)")
            lines.append(contentsOf: result.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("written:") })
            if time.hasSuffix("09:10") || time.hasPrefix("2019-04-19") || time == "2019-05-10T15:00" {
                #expect(result.output.isEmpty, "\(time) sent again: \(result.output)")
            }
        }
        #expect(lines.filter { $0.contains(" mailout ") }.count == 21)
        #expect(lines.filter { $0.contains("before_deadline 5") }.count == 21)
        #expect(lines.filter { $0.contains("before_dialogue 2 (budget-1)") }.count == 10)
        #expect(Set(lines).count == lines.count)
    }

    @Test func concurrentRunsSendEachMessageOnce() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        var samrad = try Self.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        let smtp = ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none"]
        let processes = try (0..<4).map { _ in try samrad.start("remind", environment: smtp) }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })

        let ledger = try samrad("deliveries", "mal-2019", "--json")
        let deliveries = try #require(try JSONSerialization.jsonObject(with: Data(ledger.output.utf8)) as? [[String: Any]])
        #expect(deliveries.count > 80)
        #expect(deliveries.allSatisfy { $0["state"] as? String == "sent" })
        let stored = try server.stored()
        let keys = stored.map { "\($0.recipients.joined(separator: ",")) \(Self.messageID($0.data) ?? "")" }
        #expect(stored.count == deliveries.count, "\(stored.count) arrived for \(deliveries.count) deliveries")
        #expect(Set(keys).count == keys.count, "a message arrived twice")
    }

    @Test func aRemindKilledHalfwayIsFinishedByTheNextWithTheSameMessageIDs() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        var samrad = try Self.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        let smtp = ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none"]
        // The first run stops dead just after the server took its tenth message, before recording it.
        let first = try samrad("remind", "--connections", "1", environment: smtp.merging(["SAMRAD_FAULT": "after-send:exit@10"]) { $1 })
        #expect(first.status == 137, "\(first.output)\(first.error)")
        let before = try server.stored().count
        #expect(before == 10)
        // The next cron run, after the killed run's lease has ended.
        var next = samrad
        next.now = "2019-04-11T08:15"
        let result = try next("remind", environment: smtp)
        #expect(result.status == 0, "\(result.output)\(result.error)")

        let ledger = try next("deliveries", "mal-2019", "--json")
        let deliveries = try #require(try JSONSerialization.jsonObject(with: Data(ledger.output.utf8)) as? [[String: Any]])
        #expect(deliveries.allSatisfy { $0["state"] as? String == "sent" })
        let stored = try server.stored()
        #expect(before < deliveries.count, "the first run was not killed halfway (\(before) arrived)")
        var ids: [String: Set<String>] = [:]
        for message in stored {
            // One address may serve two bodies, so a message is known by recipient, body and subject.
            let headers = String(decoding: message.data.prefix(4000), as: UTF8.self).components(separatedBy: "\r\n")
            let body = headers.first { $0.hasPrefix("X-Samrad-Body:") } ?? ""
            let subject = headers.first { $0.hasPrefix("Subject:") } ?? ""
            let key = message.recipients.joined(separator: ",") + " " + body + " " + subject
            ids[key, default: []].insert(Self.messageID(message.data) ?? "")
        }
        #expect(ids.values.allSatisfy { $0.count == 1 }, "a message was sent again with another Message-ID")
        // Only the one in flight went twice.
        #expect(stored.count == deliveries.count + 1, "\(stored.count) arrived for \(deliveries.count) deliveries")
        #expect(Set(stored.flatMap(\.recipients)) == Set(deliveries.compactMap { $0["recipient"] as? String }))
    }

    @Test func invitationsUpdatesAndCancellationsAreRealCalendarMessages() throws {
        var samrad = try Self.loaded()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        samrad.now = "2019-04-11T08:05"
        #expect(try samrad("remind").status == 0)
        // The round's file moves budget-1 to the afternoon and drops budget-2.
        let path = samrad.folder.appendingPathComponent("consultations/mal-2019.yaml")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "start: 2019-04-24T09:00, end: 2019-04-24T12:00", with: "start: 2019-04-24T13:00, end: 2019-04-24T15:30")
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("id: budget-2") })
        var end = start + 1
        while end < lines.count && lines[end].hasPrefix("      ") { end += 1 }
        text = (lines[..<start] + lines[end...]).joined(separator: "\n")
        // Participants of the removed dialogue are still recipients; nothing else refers to it.
        try text.write(to: path, atomically: true, encoding: .utf8)
        #expect(text.contains("start: 2019-04-24T13:00"))
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").output.contains("revision 2"))
        var later = samrad
        later.now = "2019-04-15T08:05"
        let result = try later("remind")
        #expect(result.output.contains("invitation update budget-1"), "\(result.output)")
        #expect(result.output.contains("cancellation budget-2"), "\(result.output)")

        let outbox = samrad.folder.appendingPathComponent("outbox")
        let script = """
            import email, email.policy, icalendar, json, sys
            out = []
            for path in sys.argv[1:]:
                m = email.message_from_binary_file(open(path, 'rb'), policy=email.policy.default)
                part = next(p for p in m.walk() if p.get_content_type() == 'text/calendar')
                cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                ev = next(c for c in cal.walk('VEVENT'))
                out.append({'method': str(cal['METHOD']), 'param': part.get_param('method'), 'uid': str(ev['UID']),
                    'sequence': int(ev['SEQUENCE']), 'organizer': str(ev['ORGANIZER']), 'status': str(ev.get('STATUS')),
                    'attendees': [str(a) for a in (ev.get('ATTENDEE') if isinstance(ev.get('ATTENDEE'), list) else [ev.get('ATTENDEE')])],
                    'rsvp': [a.params.get('RSVP') for a in (ev.get('ATTENDEE') if isinstance(ev.get('ATTENDEE'), list) else [ev.get('ATTENDEE')])],
                    'start': ev.decoded('DTSTART').astimezone(__import__('datetime').timezone.utc).isoformat(),
                    'attachments': [p.get_filename() for p in m.iter_attachments()]})
            print(json.dumps(out))
            """
        let files = [
            "mal-2019-BUN-invitation.budget-1.0.eml", "mal-2019-BUN-invitation.budget-1.1.eml", "mal-2019-TN-cancellation.budget-2.1.eml",
        ]
        let run = try TestPaths.run("/usr/bin/env", ["python3", "-c", script] + files.map { outbox.appendingPathComponent($0).path })
        #expect(run.status == 0, "pip install icalendar is needed: \(run.error)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        #expect(parsed.count == 3)
        guard parsed.count == 3 else { return }
        let (invitation, update, cancel) = (parsed[0], parsed[1], parsed[2])
        #expect(invitation["method"] as? String == "REQUEST")
        #expect(invitation["param"] as? String == "REQUEST")
        #expect(invitation["uid"] as? String == "mal-2019.budget-1@kommun.example")
        #expect(invitation["sequence"] as? Int == 0)
        #expect(invitation["organizer"] as? String == "mailto:kansli@kommun.example")
        #expect((invitation["attendees"] as? [String])?.contains("mailto:bun@kommun.example") == true)
        #expect((invitation["rsvp"] as? [String])?.allSatisfy { $0 == "TRUE" } == true)
        #expect(invitation["start"] as? String == "2019-04-24T07:00:00+00:00")
        #expect(invitation["attachments"] as? [String] == ["inbjudan.ics"])
        #expect(update["uid"] as? String == invitation["uid"] as? String)
        #expect(update["sequence"] as? Int == 1)
        #expect(update["start"] as? String == "2019-04-24T11:00:00+00:00")
        #expect(cancel["method"] as? String == "CANCEL")
        #expect(cancel["uid"] as? String == "mal-2019.budget-2@kommun.example")
        #expect(cancel["sequence"] as? Int == 1)
        #expect(cancel["status"] as? String == "CANCELLED")

        // The subscribable calendar is a PUBLISH of what stands now.
        let ics = try later("calendar", "mal-2019")
        #expect(ics.output.contains("METHOD:PUBLISH"))
        #expect(ics.output.contains("UID:mal-2019.budget-1@kommun.example"))
        #expect(!ics.output.contains("UID:mal-2019.budget-2@kommun.example"))
        #expect(ics.output.contains("DTSTART;VALUE=DATE:20190517"))
    }
}
