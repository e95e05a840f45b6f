import Foundation
import SamradCore
import SamradMail
import Testing

// MARK: - Fixtures

/// 2019-04-11T06:00:00Z, which is 08:00 in Stockholm (summer time): when the invitations go out.
private let stamp = Date(timeIntervalSince1970: 1_554_962_400)
private let budgetUID = "mal-2019.budget-1@kommun.example"

private func mailbox(_ name: String?, _ address: String) throws -> Mailbox {
    Mailbox(name: name, address: try EmailAddress(address))
}

private func day(_ text: String) throws -> LocalDate {
    try LocalDate(parsing: text)
}

private func time(_ text: String) throws -> LocalDateTime {
    try LocalDateTime(parsing: text)
}

private func timed(_ start: String, _ end: String) throws -> CalendarEvent.Timing {
    .timed(start: try time(start), end: try time(end))
}

private func organizer() throws -> Mailbox {
    try mailbox("Kommunledningskontoret", "kansli@kommun.example")
}

/// Three invited: a nämnd, a person whose name has a comma, and an internationalised domain.
private func attendees() throws -> [Mailbox] {
    [
        try mailbox("Barn- och utbildningsnämnden", "bun@kommun.example"),
        try mailbox("Öberg, Åsa (ordförande)", "asa.oberg@kommun.example"),
        try mailbox("Kultur- och fritidsförvaltningen", "kff@kommunå.example"),
    ]
}

private let budgetSummary = "Budgetdialog 2019: mål, prioriteringar; nämndernas förslag"
private let budgetLocation = "Stadshuset, sal Vänern; plan 3"
private let budgetDescription = """
    Välkommen till budgetdialogen om förslaget till nya mål för 2019–2022.
    Vi går igenom avsnitt 2–4; ta med nämndens yttrande, gärna i förväg.
    Sökväg till handlingarna: \\\\kommun\\remisser\\mål-2019 (läs, kommentera).
    Frågor: kansli@kommun.example
    """

/// The budget dialogue on 24 April 2019, 09.00–12.00, as first invited.
private func budgetDialogue(sequence: Int = 0) throws -> CalendarEvent {
    CalendarEvent(
        uid: budgetUID,
        sequence: sequence,
        timing: try timed("2019-04-24T09:00", "2019-04-24T12:00"),
        summary: budgetSummary,
        location: budgetLocation,
        description: budgetDescription,
        organizer: try organizer(),
        attendees: try attendees()
    )
}

/// A deliberately small invitation whose whole text a test can spell out.
private func smallInvitation() throws -> CalendarEvent {
    CalendarEvent(
        uid: budgetUID,
        timing: try timed("2019-04-24T09:00", "2019-04-24T12:00"),
        summary: "Budgetdialog",
        location: "Stadshuset",
        organizer: try organizer(),
        attendees: [try mailbox("Barn- och utbildningsnämnden", "bun@kommun.example")]
    )
}

private func render(
    _ method: CalendarMethod, _ events: [CalendarEvent], name: String? = nil
) throws(CalendarError) -> String {
    try ICalendarWriter.render(method: method, events: events, stamp: stamp, name: name)
}

private func renderRequest(_ event: CalendarEvent) throws(CalendarError) -> String {
    try render(.request, [event])
}

// MARK: - Reading the output back

/// The physical lines without their CRLF.
private func physicalLines(_ text: String) -> [Substring] {
    var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    return lines
}

/// The logical lines: continuation lines (starting with a space) joined to the line before.
private func logicalLines(_ text: String) -> [String] {
    var lines: [String] = []
    for line in physicalLines(text) {
        if line.hasPrefix(" "), !lines.isEmpty {
            lines[lines.count - 1] += line.dropFirst()
        } else {
            lines.append(String(line))
        }
    }
    return lines
}

/// The logical lines of the first VEVENT.
private func eventLines(_ text: String) -> [String] {
    let lines = logicalLines(text)
    guard let begin = lines.firstIndex(of: "BEGIN:VEVENT"), let end = lines.firstIndex(of: "END:VEVENT") else { return [] }
    return Array(lines[begin...end])
}

/// The first logical line that starts with `prefix` (a name, and `:` or `;`).
private func line(_ prefix: String, in text: String) -> String? {
    logicalLines(text).first { $0.hasPrefix(prefix) }
}

private let stockholmTimeZone = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "BEGIN:STANDARD",
    "TZNAME:CET",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "TZNAME:CEST",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]

// MARK: - Format

@Suite("ICalendarWriter format")
struct ICalendarWriterFormatTests {
    @Test func smallInvitationIsExactlyAsExpected() throws {
        let text = try renderRequest(try smallInvitation())
        let expected =
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Samråd//Samråd//SV",
                "CALSCALE:GREGORIAN",
                "METHOD:REQUEST",
            ] + stockholmTimeZone + [
                "BEGIN:VEVENT",
                "UID:mal-2019.budget-1@kommun.example",
                "SEQUENCE:0",
                "DTSTAMP:20190411T060000Z",
                "DTSTART;TZID=Europe/Stockholm:20190424T090000",
                "DTEND;TZID=Europe/Stockholm:20190424T120000",
                "SUMMARY:Budgetdialog",
                "LOCATION:Stadshuset",
                "STATUS:CONFIRMED",
                "TRANSP:OPAQUE",
                "ORGANIZER;CN=Kommunledningskontoret:mailto:kansli@kommun.example",
                "ATTENDEE;CN=Barn- och utbildningsnämnden;ROLE=REQ-PARTICIPANT;PARTSTAT=NEE",
                " DS-ACTION;RSVP=TRUE:mailto:bun@kommun.example",
                "END:VEVENT",
                "END:VCALENDAR",
            ]
        #expect(text == expected.map { $0 + "\r\n" }.joined())
    }

    @Test func linesEndInCRLFOnly() throws {
        let text = try renderRequest(try budgetDialogue())
        let bytes = Array(text.utf8)
        #expect(bytes.suffix(2) == [0x0D, 0x0A], "the text ends with CRLF")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "CR at \(index) is followed by LF") }
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D, "LF at \(index) follows CR") }
        }
        #expect(!bytes.contains { $0 < 0x20 && $0 != 0x0D && $0 != 0x0A }, "no other control octets")
    }

    @Test func longSwedishDescriptionFoldsAtScalarBoundaries() throws {
        let sentence = "Åsa ärver öar, ängar och åkrar på Öland; väl värt ett möte. "
        let description = String(String(repeating: sentence, count: 6).prefix(300))
        #expect(description.count == 300)
        var event = try budgetDialogue()
        event.description = description
        let text = try renderRequest(event)

        let lines = physicalLines(text)
        for line in lines {
            let octets = Array(line.utf8)
            #expect(octets.count <= 75, "\(octets.count) octets in \(line)")
            // Each physical line on its own is valid UTF-8: no fold split a sequence.
            #expect(String(validating: octets, as: UTF8.self) != nil, "\(line) is valid UTF-8 by itself")
            #expect(!(octets.first.map { (0x80...0xBF).contains($0) } ?? false), "no line starts with a continuation octet")
        }
        let descriptionLines = lines.drop { !$0.hasPrefix("DESCRIPTION:") }.prefix { $0.hasPrefix("DESCRIPTION:") || $0.hasPrefix(" ") }
        #expect(descriptionLines.count >= 6, "a 300-character value spans several lines")
        #expect(descriptionLines.dropFirst().allSatisfy { $0.hasPrefix(" ") }, "continuation lines start with a space")
        #expect(descriptionLines.contains { $0.utf8.count == 75 }, "lines are filled up to 75 octets")
        let expectedValue = description.replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
        #expect(line("DESCRIPTION:", in: text) == "DESCRIPTION:" + expectedValue)
    }

    @Test func foldComesBeforeAScalarThatWouldPassTheLimit() throws {
        // "DESCRIPTION:" is 12 octets; 62 more make 74, and "å" (2 octets) would make 76.
        var event = try budgetDialogue()
        event.description = String(repeating: "a", count: 62) + "åäö"
        let lines = physicalLines(try renderRequest(event))
        let first = try #require(lines.firstIndex { $0.hasPrefix("DESCRIPTION:") })
        #expect(lines[first] == "DESCRIPTION:" + String(repeating: "a", count: 62))
        #expect(lines[first].utf8.count == 74)
        #expect(lines[first + 1] == " åäö")
    }

    @Test func textValuesAreEscaped() throws {
        var event = try budgetDialogue()
        event.summary = #"Mål; budget, plan \ ny"#
        event.location = "Sal A,\nplan 3"
        event.description = "Rad 1\nRad 2; slut\\"
        let text = try renderRequest(event)
        #expect(line("SUMMARY:", in: text) == #"SUMMARY:Mål\; budget\, plan \\ ny"#)
        #expect(line("LOCATION:", in: text) == #"LOCATION:Sal A\,\nplan 3"#)
        #expect(line("DESCRIPTION:", in: text) == #"DESCRIPTION:Rad 1\nRad 2\; slut\\"#)
    }

    @Test func absentLocationAndDescriptionAreNotWritten() throws {
        var event = try budgetDialogue()
        event.location = nil
        event.description = nil
        let text = try renderRequest(event)
        #expect(line("LOCATION", in: text) == nil)
        #expect(line("DESCRIPTION", in: text) == nil)
    }

    @Test func commonNamesAreQuotedOnlyWhenNeeded() throws {
        var event = try budgetDialogue()
        event.attendees = [
            try mailbox("Åsa Öberg", "a@kommun.example"),
            try mailbox("Öberg, Åsa", "b@kommun.example"),
            try mailbox("Nämnd: BUN", "c@kommun.example"),
            try mailbox("BUN; kansliet", "d@kommun.example"),
            try mailbox(#"Föreningen "Vi i byn""#, "e@kommun.example"),
            try mailbox(nil, "f@kommun.example"),
            try mailbox("", "g@kommun.example"),
        ]
        let attendees = logicalLines(try renderRequest(event)).filter { $0.hasPrefix("ATTENDEE") }
        let rsvp = ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
        #expect(
            attendees == [
                "ATTENDEE;CN=Åsa Öberg\(rsvp):mailto:a@kommun.example",
                "ATTENDEE;CN=\"Öberg, Åsa\"\(rsvp):mailto:b@kommun.example",
                "ATTENDEE;CN=\"Nämnd: BUN\"\(rsvp):mailto:c@kommun.example",
                "ATTENDEE;CN=\"BUN; kansliet\"\(rsvp):mailto:d@kommun.example",
                "ATTENDEE;CN=Föreningen 'Vi i byn'\(rsvp):mailto:e@kommun.example",
                "ATTENDEE\(rsvp):mailto:f@kommun.example",
                "ATTENDEE\(rsvp):mailto:g@kommun.example",
            ]
        )
    }

    @Test func calendarAddressesUseASCIIAndPercentEncoding() throws {
        var event = try budgetDialogue()
        event.organizer = try mailbox(nil, "info@kommunå.example")
        event.attendees = [
            try mailbox(nil, #""first last"@kommun.example"#),
            try mailbox(nil, "a&b=c%d@kommun.example"),
            try mailbox(nil, "o'hara+remiss@Kommun.Example"),
        ]
        let text = try renderRequest(event)
        #expect(line("ORGANIZER", in: text) == "ORGANIZER:mailto:info@xn--kommun-nua.example")
        let addresses = logicalLines(text).filter { $0.hasPrefix("ATTENDEE") }.map { $0.split(separator: ":", maxSplits: 1).last ?? "" }
        #expect(
            addresses == [
                "mailto:%22first%20last%22@kommun.example",
                "mailto:a%26b%3Dc%25d@kommun.example",
                "mailto:o'hara+remiss@kommun.example",
            ]
        )
    }

    @Test func timedEventsShareOneStockholmTimeZone() throws {
        let second = CalendarEvent(
            uid: "mal-2019.budget-2@kommun.example",
            timing: try timed("2019-01-15T09:00", "2019-01-15T10:30"),
            summary: "Andra dialogen"
        )
        let text = try render(.publish, [try budgetDialogue().withoutAttendees, second])
        let lines = logicalLines(text)
        #expect(lines.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
        let begin = try #require(lines.firstIndex(of: "BEGIN:VTIMEZONE"))
        #expect(Array(lines[begin..<(begin + stockholmTimeZone.count)]) == stockholmTimeZone)
        #expect(begin < (lines.firstIndex(of: "BEGIN:VEVENT") ?? 0), "the zone comes before the events that use it")
        #expect(lines.contains("DTSTART;TZID=Europe/Stockholm:20190115T090000"))
        #expect(lines.contains("DTEND;TZID=Europe/Stockholm:20190115T103000"))
    }

    @Test(arguments: [
        ("2019-05-17", "20190517", "20190518"),
        ("2019-05-31", "20190531", "20190601"),
        ("2019-12-31", "20191231", "20200101"),
        ("2020-02-28", "20200228", "20200229"),
        ("2019-03-31", "20190331", "20190401"),
    ])
    func allDayEventsEndTheNextDay(date: String, start: String, end: String) throws {
        let deadline = CalendarEvent(uid: "mal-2019.deadline@kommun.example", timing: .allDay(try day(date)), summary: "Sista dag")
        let text = try render(.publish, [deadline])
        let lines = eventLines(text)
        #expect(lines.contains("DTSTART;VALUE=DATE:\(start)"))
        #expect(lines.contains("DTEND;VALUE=DATE:\(end)"))
        #expect(lines.contains("TRANSP:TRANSPARENT"))
        #expect(!text.contains("VTIMEZONE"), "a calendar without timed events needs no time zone")
    }

    @Test func dtstampIsUTCWithoutFractions() throws {
        let winter = Date(timeIntervalSince1970: 1_547_539_200.75)  // 2019-01-15T08:00:00.75Z
        let text = try ICalendarWriter.render(method: .request, events: [try smallInvitation()], stamp: winter)
        #expect(line("DTSTAMP", in: text) == "DTSTAMP:20190115T080000Z")
        let almostNextSecond = Date(timeIntervalSince1970: 1_547_539_259.9999)  // 2019-01-15T08:00:59.9999Z
        let later = try ICalendarWriter.render(method: .request, events: [try smallInvitation()], stamp: almostNextSecond)
        #expect(line("DTSTAMP", in: later) == "DTSTAMP:20190115T080059Z")
    }

    @Test func cancelKeepsUIDAndSequenceAndWritesCancelled() throws {
        let event = try budgetDialogue(sequence: 2)
        #expect(event.status == .confirmed)
        let text = try render(.cancel, [event])
        let lines = eventLines(text)
        #expect(line("METHOD", in: text) == "METHOD:CANCEL")
        #expect(lines.contains("UID:\(budgetUID)"))
        #expect(lines.contains("SEQUENCE:2"))
        #expect(lines.contains("STATUS:CANCELLED"))
        let attendees = lines.filter { $0.hasPrefix("ATTENDEE") }
        #expect(attendees.count == 3)
        #expect(attendees.allSatisfy { $0.contains(";ROLE=REQ-PARTICIPANT:") && !$0.contains("RSVP") }, "a cancellation asks for no reply")
    }

    @Test func publishNamesTheCalendarOnlyWhenAsked() throws {
        let deadline = CalendarEvent(uid: "d@kommun.example", timing: .allDay(try day("2019-05-17")), summary: "Sista dag")
        let named = logicalLines(try render(.publish, [deadline], name: "Remiss: mål 2019"))
        let header = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samråd//Samråd//SV", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:Remiss: mål 2019", "X-WR-TIMEZONE:Europe/Stockholm",
        ]
        #expect(Array(named.prefix(7)) == header)
        for name in [nil, ""] as [String?] {
            let unnamed = try render(.publish, [deadline], name: name)
            #expect(!unnamed.contains("X-WR-"))
        }
    }

    @Test func publishMayBeEmpty() throws {
        let text = try render(.publish, [])
        let expected = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Samråd//Samråd//SV", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "END:VCALENDAR",
        ]
        #expect(logicalLines(text) == expected)
    }

    @Test func sameInputGivesSameBytes() throws {
        let events = try roundCalendar()
        let first = try render(.publish, events, name: "Remiss: mål 2019")
        let second = try render(.publish, events, name: "Remiss: mål 2019")
        #expect(Array(first.utf8) == Array(second.utf8))
        #expect(try renderRequest(try budgetDialogue()) == renderRequest(try budgetDialogue()))
    }

    @Test func customProductIDIsEscaped() throws {
        let text = try ICalendarWriter.render(
            method: .publish, events: [], stamp: stamp, productID: "-//Kommun, Kansli//Samråd 1.0//SV"
        )
        #expect(line("PRODID", in: text) == #"PRODID:-//Kommun\, Kansli//Samråd 1.0//SV"#)
    }
}

extension CalendarEvent {
    fileprivate var withoutAttendees: CalendarEvent {
        var event = self
        event.attendees = []
        return event
    }
}

/// The round's subscribable calendar: the dialogue, the deadline and two milestones.
private func roundCalendar() throws -> [CalendarEvent] {
    [
        CalendarEvent(
            uid: "mal-2019.mailout@kommun.example",
            timing: .allDay(try day("2019-04-11")),
            summary: "Remissen skickas ut",
            description: "Förslag till nya mål 2019–2022"
        ),
        CalendarEvent(
            uid: budgetUID,
            sequence: 1,
            timing: try timed("2019-04-24T09:00", "2019-04-24T12:00"),
            summary: budgetSummary,
            location: budgetLocation,
            description: budgetDescription,
            organizer: try organizer()
        ),
        CalendarEvent(
            uid: "mal-2019.deadline@kommun.example",
            timing: .allDay(try day("2019-05-17")),
            summary: "Sista dag för yttrande",
            description: "Svara senast fredag 17 maj 2019."
        ),
        CalendarEvent(
            uid: "mal-2019.decision@kommun.example",
            timing: .allDay(try day("2019-06-10")),
            summary: "Kommunstyrelsen beslutar",
            status: .cancelled
        ),
    ]
}

// MARK: - Errors

/// One way to misuse the writer and the property the error must name.
struct CalendarErrorCase: Sendable, CustomTestStringConvertible {
    let label: String
    let method: CalendarMethod
    let events: [CalendarEvent]
    let name: String?
    let property: String

    var testDescription: String { label }

    static func all() throws -> [CalendarErrorCase] {
        let valid = try budgetDialogue()
        func with(_ change: (inout CalendarEvent) -> Void) -> CalendarEvent {
            var event = valid
            change(&event)
            return event
        }
        func request(_ label: String, _ property: String, _ change: (inout CalendarEvent) -> Void) -> CalendarErrorCase {
            CalendarErrorCase(label: label, method: .request, events: [with(change)], name: nil, property: property)
        }
        let milestone = CalendarEvent(uid: "m@kommun.example", timing: .allDay(try day("2019-05-17")), summary: "Sista dag")
        let reversed = try timed("2019-04-24T12:00", "2019-04-24T09:00")
        let empty = try timed("2019-04-24T09:00", "2019-04-24T09:00")
        let duplicate = try mailbox("BUN igen", "bun@kommun.example")
        let controlName = try mailbox("Åsa\u{7}", "asa@kommun.example")
        let lineBreakName = try mailbox("Åsa\nÖberg", "asa@kommun.example")
        return [
            request("REQUEST without organizer", "ORGANIZER") { $0.organizer = nil },
            request("REQUEST without attendees", "ATTENDEE") { $0.attendees = [] },
            CalendarErrorCase(
                label: "CANCEL without organizer", method: .cancel, events: [with { $0.organizer = nil }], name: nil, property: "ORGANIZER"
            ),
            CalendarErrorCase(
                label: "CANCEL without attendees", method: .cancel, events: [with { $0.attendees = [] }], name: nil, property: "ATTENDEE"
            ),
            CalendarErrorCase(label: "REQUEST with two events", method: .request, events: [valid, valid], name: nil, property: "VEVENT"),
            CalendarErrorCase(label: "REQUEST without events", method: .request, events: [], name: nil, property: "VEVENT"),
            CalendarErrorCase(label: "PUBLISH with attendees", method: .publish, events: [valid], name: nil, property: "ATTENDEE"),
            CalendarErrorCase(
                label: "PUBLISH with a UID twice", method: .publish, events: [milestone, milestone], name: nil, property: "UID"
            ),
            CalendarErrorCase(label: "a name on a REQUEST", method: .request, events: [valid], name: "Remiss", property: "X-WR-CALNAME"),
            CalendarErrorCase(
                label: "a line break in the calendar name", method: .publish, events: [], name: "Remiss\nmål", property: "X-WR-CALNAME"
            ),
            request("a cancelled event as REQUEST", "STATUS") { $0.status = .cancelled },
            request("an empty UID", "UID") { $0.uid = "" },
            request("a line break in the UID", "UID") { $0.uid = "a\nb@kommun.example" },
            request("a tab in the UID", "UID") { $0.uid = "a\tb@kommun.example" },
            request("a negative sequence", "SEQUENCE") { $0.sequence = -1 },
            request("an end before the start", "DTEND") { $0.timing = reversed },
            request("an end equal to the start", "DTEND") { $0.timing = empty },
            request("a bell in the SUMMARY", "SUMMARY") { $0.summary = "Budget\u{7}" },
            request("a CR in the DESCRIPTION", "DESCRIPTION") { $0.description = "Rad 1\r\nRad 2" },
            request("a tab in the LOCATION", "LOCATION") { $0.location = "Sal\tA" },
            request("DEL in the DESCRIPTION", "DESCRIPTION") { $0.description = "x\u{7F}" },
            request("a C1 control in the SUMMARY", "SUMMARY") { $0.summary = "x\u{85}" },
            request("an attendee twice", "ATTENDEE") { $0.attendees.append(duplicate) },
            request("a control character in a CN", "ATTENDEE") { $0.attendees.append(controlName) },
            request("a line break in a CN", "ATTENDEE") { $0.attendees.append(lineBreakName) },
            request("a line break in the organizer's CN", "ORGANIZER") { $0.organizer = lineBreakName },
        ]
    }
}

@Suite("ICalendarWriter errors")
struct ICalendarWriterErrorTests {
    @Test(arguments: try CalendarErrorCase.all())
    func misuseIsRefusedNamingTheProperty(_ misuse: CalendarErrorCase) {
        let error = #expect(throws: CalendarError.self) {
            try ICalendarWriter.render(method: misuse.method, events: misuse.events, stamp: stamp, name: misuse.name)
        }
        #expect(error?.property == misuse.property)
        #expect(error?.description.hasPrefix("cannot write the \(misuse.property) property: ") == true)
        let controls = error?.description.unicodeScalars.filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        #expect(controls?.isEmpty == true, "the message holds no raw control character")
    }

    @Test func controlCharacterInProductIDIsRefused() {
        #expect(throws: CalendarError.self) {
            _ = try ICalendarWriter.render(method: .publish, events: [], stamp: stamp, productID: "-//X//Y\r\nMETHOD:REQUEST//SV")
        }
    }

    @Test func errorQuotesTheOffendingValueSafely() throws {
        var event = try budgetDialogue()
        event.description = "Rad 1\r\nBEGIN:VEVENT"
        do throws(CalendarError) {
            _ = try renderRequest(event)
            Issue.record("a CR was accepted")
        } catch {
            #expect(error.property == "DESCRIPTION")
            #expect(error.description.contains(#"\r\n"#), "the CR is shown as an escape: \(error.description)")
            #expect(error.description.contains("U+000D"))
            #expect(error.description.contains(budgetUID))
        }
    }
}

// MARK: - Python's icalendar

/// What the Python script reports about a calendar, as read by the `icalendar` package.
private struct PythonCalendar: Decodable {
    struct Moment: Decodable {
        let kind: String
        let tzid: String?
        let utc: String?
        let utcByVTimezone: String?
        let date: String?
    }

    struct Address: Decodable {
        let value: String
        let cn: String?
        let role: String?
        let partstat: String?
        let rsvp: String?
    }

    struct Event: Decodable {
        let uid: String?
        let sequence: Int?
        let status: String?
        let summary: String?
        let location: String?
        let description: String?
        let transp: String?
        let dtstamp: Moment?
        let start: Moment?
        let end: Moment?
        let organizer: Address?
        let attendees: [Address]
    }

    let method: String?
    let version: String?
    let prodid: String?
    let calscale: String?
    let calname: String?
    let timezones: [String]
    let errors: [String]
    let longestLine: Int
    let bareLineBreaks: Int
    let zoneMismatches: [String]?
    let events: [Event]

    func event(_ uid: String) -> Event? {
        events.first { $0.uid == uid }
    }
}

/// Why the Python check could not run; a test that meets it fails.
private struct PythonUnavailable: Error, CustomStringConvertible {
    let description: String
}

/// Reads an .ics file with `icalendar` and prints what it found as JSON.
///
/// DTSTART and DTEND are converted twice: as icalendar resolves the TZID, and through a time zone
/// built from the file's own VTIMEZONE (`to_tz(lookup_tzid=False)`), so the VTIMEZONE is proven
/// to be read and right. With "compare-zoneinfo" the VTIMEZONE is also compared hour by hour
/// with the tz database's Europe/Stockholm from 2019 to 2040 (hourly in March and October).
private let pythonScript = #"""
    import json, sys
    from datetime import date, datetime, timedelta, timezone
    try:
        import icalendar
    except ImportError:
        sys.exit(3)

    raw = open(sys.argv[1], "rb").read()
    calendar = icalendar.Calendar.from_ical(raw)
    own_zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}

    def utc(value):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def moment(component, name):
        if name not in component:
            return None
        prop = component[name]
        value = prop.dt
        tzid = prop.params.get("TZID")
        result = {"kind": "date", "tzid": tzid}
        if isinstance(value, datetime):
            if value.tzinfo is None:
                result["kind"] = "floating"
            else:
                result["kind"] = "datetime"
                result["utc"] = utc(value)
                if tzid in own_zones:
                    result["utcByVTimezone"] = utc(value.replace(tzinfo=own_zones[tzid]))
        else:
            result["date"] = value.isoformat()
        return result

    def address(prop):
        return {"value": str(prop), "cn": prop.params.get("CN"), "role": prop.params.get("ROLE"),
                "partstat": prop.params.get("PARTSTAT"), "rsvp": prop.params.get("RSVP")}

    def text(component, name):
        return str(component[name]) if name in component else None

    events = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        events.append({
            "uid": text(event, "UID"), "sequence": event.decoded("SEQUENCE") if "SEQUENCE" in event else None,
            "status": text(event, "STATUS"), "summary": text(event, "SUMMARY"), "location": text(event, "LOCATION"),
            "description": text(event, "DESCRIPTION"), "transp": text(event, "TRANSP"),
            "dtstamp": moment(event, "DTSTAMP"), "start": moment(event, "DTSTART"), "end": moment(event, "DTEND"),
            "organizer": address(event["ORGANIZER"]) if "ORGANIZER" in event else None,
            "attendees": [address(a) for a in attendees],
        })

    mismatches = None
    if len(sys.argv) > 2 and sys.argv[2] == "compare-zoneinfo":
        from zoneinfo import ZoneInfo
        mismatches = []
        for tzid, own in own_zones.items():
            reference = ZoneInfo(tzid)
            instant = datetime(2019, 1, 1, tzinfo=timezone.utc)
            while instant.year < 2041:
                if instant.astimezone(own).utcoffset() != instant.astimezone(reference).utcoffset():
                    mismatches.append(f"{tzid} {utc(instant)}")
                # Every hour in March and October, when the clocks change; every six hours otherwise.
                instant += timedelta(hours=1 if instant.month in (3, 10) else 6)
        if len(mismatches) > 5:
            mismatches = mismatches[:5] + [f"... {len(mismatches)} instants in all"]

    lines = raw.split(b"\r\n")
    print(json.dumps({
        "method": text(calendar, "METHOD"), "version": text(calendar, "VERSION"), "prodid": text(calendar, "PRODID"),
        "calscale": text(calendar, "CALSCALE"), "calname": text(calendar, "X-WR-CALNAME"),
        "timezones": list(own_zones), "events": events, "zoneMismatches": mismatches,
        "errors": [f"{c.name}: {e}" for c in calendar.walk() for e in c.errors],
        "longestLine": max(len(line) for line in lines), "bareLineBreaks": sum(line.count(b"\n") for line in lines),
    }, ensure_ascii=False))
    """#

/// Writes `ics` to a temporary file and reads it with Python's `icalendar`.
private func readWithPython(_ ics: String, compareZoneInfo: Bool = false) throws -> PythonCalendar {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-ical-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("invitation.ics")
    try Data(ics.utf8).write(to: file)

    // Output goes through files so that neither pipe can fill up and block the child.
    let stdoutURL = folder.appendingPathComponent("stdout")
    let stderrURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
    let stdout = try FileHandle(forWritingTo: stdoutURL)
    let stderr = try FileHandle(forWritingTo: stderrURL)
    defer {
        try? stdout.close()
        try? stderr.close()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", pythonScript, file.path] + (compareZoneInfo ? ["compare-zoneinfo"] : [])
    process.standardOutput = stdout
    process.standardError = stderr
    do {
        try process.run()
    } catch {
        throw PythonUnavailable(description: "cannot start python3 (\(error)); install Python 3, then run `pip install icalendar`")
    }
    process.waitUntilExit()
    let output = try Data(contentsOf: stdoutURL)
    let errors = String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
    switch process.terminationStatus {
    case 0:
        return try JSONDecoder().decode(PythonCalendar.self, from: output)
    case 3:
        throw PythonUnavailable(description: "the Python package icalendar is missing: run `pip install icalendar`")
    case 127:
        throw PythonUnavailable(description: "python3 was not found: install Python 3, then run `pip install icalendar`")
    case let status:
        throw PythonUnavailable(
            description: "python3 with icalendar (`pip install icalendar`) failed with status \(status): \(errors)"
        )
    }
}

/// Checks that apply to every calendar Python reads.
private func expectWellFormed(_ calendar: PythonCalendar, method: String) {
    #expect(calendar.errors.isEmpty, "icalendar reported \(calendar.errors)")
    #expect(calendar.method == method)
    #expect(calendar.version == "2.0")
    #expect(calendar.prodid == "-//Samråd//Samråd//SV")
    #expect(calendar.calscale == "GREGORIAN")
    #expect(calendar.longestLine <= 75)
    #expect(calendar.bareLineBreaks == 0)
}

@Suite("ICalendarWriter read by Python's icalendar (pip install icalendar)")
struct ICalendarWriterPythonTests {
    @Test func requestForTheBudgetDialogue() throws {
        let calendar = try readWithPython(try renderRequest(try budgetDialogue()))
        expectWellFormed(calendar, method: "REQUEST")
        #expect(calendar.timezones == ["Europe/Stockholm"])
        #expect(calendar.events.count == 1)
        let event = try #require(calendar.event(budgetUID))
        #expect(event.sequence == 0)
        #expect(event.status == "CONFIRMED")
        #expect(event.transp == "OPAQUE")
        #expect(event.dtstamp?.utc == "2019-04-11T06:00:00Z")
        #expect(event.start?.kind == "datetime")
        #expect(event.start?.tzid == "Europe/Stockholm")
        #expect(event.start?.utc == "2019-04-24T07:00:00Z")
        #expect(event.end?.utc == "2019-04-24T10:00:00Z")
        #expect(event.start?.utcByVTimezone == "2019-04-24T07:00:00Z")
        #expect(event.end?.utcByVTimezone == "2019-04-24T10:00:00Z")
        #expect(event.summary == budgetSummary)
        #expect(event.location == budgetLocation)
        #expect(event.description == budgetDescription)
        #expect(event.organizer?.value == "mailto:kansli@kommun.example")
        #expect(event.organizer?.cn == "Kommunledningskontoret")
        #expect(
            event.attendees.map(\.value) == [
                "mailto:bun@kommun.example", "mailto:asa.oberg@kommun.example", "mailto:kff@xn--kommun-nua.example",
            ]
        )
        #expect(
            event.attendees.map(\.cn) == ["Barn- och utbildningsnämnden", "Öberg, Åsa (ordförande)", "Kultur- och fritidsförvaltningen"]
        )
        #expect(event.attendees.allSatisfy { $0.rsvp == "TRUE" && $0.partstat == "NEEDS-ACTION" && $0.role == "REQ-PARTICIPANT" })
    }

    @Test func updateWithAHigherSequenceAndANewTime() throws {
        var update = try budgetDialogue(sequence: 1)
        update.timing = try timed("2019-04-25T13:00", "2019-04-25T16:30")
        update.location = "Stadshuset, sal Mälaren"
        let calendar = try readWithPython(try renderRequest(update))
        expectWellFormed(calendar, method: "REQUEST")
        let event = try #require(calendar.event(budgetUID))
        #expect(event.sequence == 1)
        #expect(event.start?.utc == "2019-04-25T11:00:00Z")
        #expect(event.end?.utc == "2019-04-25T14:30:00Z")
        #expect(event.start?.utcByVTimezone == "2019-04-25T11:00:00Z")
        #expect(event.location == "Stadshuset, sal Mälaren")
        #expect(event.attendees.count == 3)
    }

    @Test func cancellation() throws {
        let calendar = try readWithPython(try render(.cancel, [try budgetDialogue(sequence: 2)]))
        expectWellFormed(calendar, method: "CANCEL")
        #expect(calendar.events.count == 1)
        let event = try #require(calendar.event(budgetUID))
        #expect(event.status == "CANCELLED")
        #expect(event.sequence == 2)
        #expect(event.organizer?.value == "mailto:kansli@kommun.example")
        #expect(event.attendees.count == 3)
        #expect(event.attendees.allSatisfy { $0.rsvp == nil })
    }

    @Test func publishedRoundCalendar() throws {
        let calendar = try readWithPython(try render(.publish, try roundCalendar(), name: "Remiss: förslag till nya mål 2019"))
        expectWellFormed(calendar, method: "PUBLISH")
        #expect(calendar.calname == "Remiss: förslag till nya mål 2019")
        #expect(calendar.timezones == ["Europe/Stockholm"])
        #expect(calendar.events.map { $0.uid ?? "" } == (try roundCalendar()).map(\.uid))

        let dialogue = try #require(calendar.event(budgetUID))
        #expect(dialogue.start?.utc == "2019-04-24T07:00:00Z")
        #expect(dialogue.end?.utc == "2019-04-24T10:00:00Z")
        #expect(dialogue.sequence == 1)
        #expect(dialogue.transp == "OPAQUE")
        #expect(dialogue.description == budgetDescription)
        #expect(dialogue.attendees.isEmpty)

        let deadline = try #require(calendar.event("mal-2019.deadline@kommun.example"))
        #expect(deadline.start?.kind == "date")
        #expect(deadline.start?.date == "2019-05-17")
        #expect(deadline.end?.kind == "date")
        #expect(deadline.end?.date == "2019-05-18")
        #expect(deadline.transp == "TRANSPARENT")
        #expect(deadline.summary == "Sista dag för yttrande")

        let mailout = try #require(calendar.event("mal-2019.mailout@kommun.example"))
        #expect(mailout.start?.date == "2019-04-11")
        #expect(mailout.description == "Förslag till nya mål 2019–2022")

        let decision = try #require(calendar.event("mal-2019.decision@kommun.example"))
        #expect(decision.start?.date == "2019-06-10")
        #expect(decision.status == "CANCELLED")
    }

    @Test func winterTimeIsReadThroughTheVTimezone() throws {
        var event = try budgetDialogue()
        event.timing = try timed("2019-01-15T09:00", "2019-01-15T10:00")
        let calendar = try readWithPython(try renderRequest(event), compareZoneInfo: true)
        expectWellFormed(calendar, method: "REQUEST")
        let read = try #require(calendar.event(budgetUID))
        #expect(read.start?.utcByVTimezone == "2019-01-15T08:00:00Z", "09:00 CET is 08:00Z by the file's own VTIMEZONE")
        #expect(read.end?.utcByVTimezone == "2019-01-15T09:00:00Z")
        #expect(read.start?.utc == "2019-01-15T08:00:00Z")
        #expect(calendar.zoneMismatches == [], "the VTIMEZONE agrees with the tz database every hour of 2019–2040")
    }
}
