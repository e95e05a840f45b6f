import Foundation
import SamradCore

/// The iTIP method of a calendar (RFC 5546 §1.4): what the receiving calendar does with it.
public enum CalendarMethod: String, Sendable {
    /// An invitation or an update of one; mail clients offer Accept and Decline.
    case request = "REQUEST"
    /// Withdraws an invitation: the same UID, a higher SEQUENCE, STATUS:CANCELLED.
    case cancel = "CANCEL"
    /// A calendar to show or subscribe to; no replies are expected and no attendees are listed.
    case publish = "PUBLISH"
}

/// One VEVENT: a dialogue meeting, a deadline or a milestone of a consultation round.
public struct CalendarEvent: Sendable, Equatable {
    /// When an event happens: a wall-clock span in Europe/Stockholm, or a whole Swedish day.
    public enum Timing: Sendable, Equatable {
        /// From `start` to `end` (exclusive), Swedish wall-clock time; `end` must come after `start`.
        case timed(start: LocalDateTime, end: LocalDateTime)
        /// The whole of one day, e.g. the deadline for answers; shown as free time.
        case allDay(LocalDate)
    }

    /// Whether the event takes place.
    public enum Status: String, Sendable {
        /// The event takes place.
        case confirmed = "CONFIRMED"
        /// The event was called off; CANCEL messages always carry this status.
        case cancelled = "CANCELLED"
    }

    /// Stable for the life of the event, e.g. "mal-2019.budget-1@kommun.example"; updates and cancellations reuse it.
    public var uid: String
    /// The revision: raise it whenever time, place or status change (RFC 5545 §3.8.7.4).
    public var sequence: Int
    /// When the event happens.
    public var timing: Timing
    /// The title shown in the calendar.
    public var summary: String
    /// Where the event happens, as free text.
    public var location: String?
    /// Longer text shown with the event; line breaks are kept.
    public var description: String?
    /// Whether the event takes place.
    public var status: Status
    /// Who sends the invitation (the From address); required for REQUEST and CANCEL.
    public var organizer: Mailbox?
    /// Who is invited; required for REQUEST and CANCEL, not allowed in PUBLISH.
    public var attendees: [Mailbox]

    /// Makes an event; `sequence` starts at 0 and the status at confirmed.
    public init(
        uid: String,
        sequence: Int = 0,
        timing: Timing,
        summary: String,
        location: String? = nil,
        description: String? = nil,
        status: Status = .confirmed,
        organizer: Mailbox? = nil,
        attendees: [Mailbox] = []
    ) {
        self.uid = uid
        self.sequence = sequence
        self.timing = timing
        self.summary = summary
        self.location = location
        self.description = description
        self.status = status
        self.organizer = organizer
        self.attendees = attendees
    }
}

/// Why a calendar cannot be written: which property, and what to change.
///
/// The reason quotes at most 40 characters of an offending value, with control characters shown
/// as escapes, so that a hostile value can neither flood a log nor inject lines into it.
public struct CalendarError: Error, Sendable, CustomStringConvertible {
    /// The iCalendar property at fault: "UID", "ORGANIZER", "DESCRIPTION", "VEVENT" for the events as a whole.
    public let property: String
    /// What is wrong and how to fix it.
    public let reason: String

    /// "cannot write the ORGANIZER property: …"
    public var description: String { "cannot write the \(property) property: \(reason)" }

    init(property: String, reason: String) {
        self.property = property
        self.reason = reason
    }
}

/// Writes iCalendar (RFC 5545) text for iMIP invitations (RFC 5546, RFC 6047) and published calendars.
///
/// The output is deterministic: the same arguments give the same bytes. Timed events are written
/// in Europe/Stockholm with a VTIMEZONE that defines it, so clients need no time zone database.
public enum ICalendarWriter {
    /// The TZID of every timed event.
    public static let timeZoneID = "Europe/Stockholm"
    /// The longest physical line in octets, CRLF excluded (RFC 5545 §3.1).
    public static let maxLineOctets = 75

    /// The whole VCALENDAR text, CRLF line endings, lines folded at 75 octets (never inside a UTF-8 sequence).
    ///
    /// REQUEST and CANCEL take exactly one event with an organizer and attendees (RFC 5546 §3.2.2,
    /// §3.2.5); CANCEL always writes STATUS:CANCELLED and the caller raises the sequence.
    /// PUBLISH takes any number of events with distinct UIDs and no attendees; `name`, for PUBLISH
    /// only, becomes X-WR-CALNAME (nil or empty writes none). `stamp` becomes every DTSTAMP.
    public static func render(
        method: CalendarMethod,
        events: [CalendarEvent],
        stamp: Date,
        productID: String = "-//Samråd//Samråd//SV",
        name: String? = nil
    ) throws(CalendarError) -> String {
        try checkEvents(events, method: method)
        let calendarName = name.flatMap { $0.isEmpty ? nil : $0 }
        if calendarName != nil, method != .publish {
            throw CalendarError(
                property: "X-WR-CALNAME",
                reason: "a calendar name is only written for PUBLISH, not for \(method.rawValue); pass nil"
            )
        }

        var lines = ContentLines()
        lines.append("BEGIN:VCALENDAR")
        lines.append("VERSION:2.0")
        try lines.append("PRODID:" + singleLineText(productID, property: "PRODID"))
        lines.append("CALSCALE:GREGORIAN")
        lines.append("METHOD:" + method.rawValue)
        if let calendarName {
            try lines.append("X-WR-CALNAME:" + singleLineText(calendarName, property: "X-WR-CALNAME"))
            lines.append("X-WR-TIMEZONE:" + timeZoneID)
        }
        if events.contains(where: \.isTimed) {
            appendStockholmTimeZone(to: &lines)
        }
        let dtstamp = utcDateTime(stamp)
        for event in events {
            try appendEvent(event, method: method, dtstamp: dtstamp, to: &lines)
        }
        lines.append("END:VCALENDAR")
        return lines.text
    }
}

// MARK: - Rules

extension ICalendarWriter {
    /// Checks what RFC 5546 asks of the events for `method`, and each event's own consistency.
    private static func checkEvents(_ events: [CalendarEvent], method: CalendarMethod) throws(CalendarError) {
        switch method {
        case .request, .cancel:
            guard events.count == 1 else {
                throw CalendarError(
                    property: "VEVENT",
                    reason: "a \(method.rawValue) carries exactly one event (RFC 5546 §3.2), not \(events.count); "
                        + "send one message per event"
                )
            }
        case .publish:
            var seen: Set<String> = []
            for event in events where !seen.insert(event.uid).inserted {
                throw CalendarError(
                    property: "UID",
                    reason: "two events share the UID \(InputEcho.quote(event.uid)); give every event its own UID"
                )
            }
        }
        for event in events {
            try checkEvent(event, method: method)
        }
    }

    private static func checkEvent(_ event: CalendarEvent, method: CalendarMethod) throws(CalendarError) {
        let uid = InputEcho.quote(event.uid)
        guard !event.uid.isEmpty else {
            throw CalendarError(property: "UID", reason: "the UID is empty; write a stable one like 'mal-2019.budget-1@kommun.example'")
        }
        if let scalar = event.uid.unicodeScalars.first(where: \.isControlCharacter) {
            throw CalendarError(
                property: "UID",
                reason: "the UID \(uid) contains the control character \(InputEcho.codePoint(scalar)); remove it"
            )
        }
        guard event.sequence >= 0 else {
            throw CalendarError(
                property: "SEQUENCE",
                reason: "the event \(uid) has the sequence \(event.sequence); it starts at 0 and only goes up"
            )
        }
        if case .timed(let start, let end) = event.timing, !(start < end) {
            throw CalendarError(
                property: "DTEND",
                reason: "the event \(uid) ends at \(end), which is not after its start at \(start)"
            )
        }
        switch method {
        case .request, .cancel:
            guard event.organizer != nil else {
                throw CalendarError(
                    property: "ORGANIZER",
                    reason: "a \(method.rawValue) needs an organizer (the From address) for the event \(uid)"
                )
            }
            guard !event.attendees.isEmpty else {
                throw CalendarError(
                    property: "ATTENDEE",
                    reason: "a \(method.rawValue) needs at least one attendee for the event \(uid)"
                )
            }
            if method == .request, event.status == .cancelled {
                throw CalendarError(
                    property: "STATUS",
                    reason: "the event \(uid) is cancelled; send it as a CANCEL, not a REQUEST"
                )
            }
            var seen: Set<EmailAddress> = []
            for attendee in event.attendees where !seen.insert(attendee.address).inserted {
                throw CalendarError(
                    property: "ATTENDEE",
                    reason: "\(attendee.address.ascii) is listed twice for the event \(uid); list each address once"
                )
            }
        case .publish:
            guard event.attendees.isEmpty else {
                throw CalendarError(
                    property: "ATTENDEE",
                    reason: "a PUBLISH lists no attendees (RFC 5546 §3.2.1) and would publish their addresses; "
                        + "remove them from the event \(uid)"
                )
            }
        }
    }
}

// MARK: - Components

extension CalendarEvent {
    fileprivate var isTimed: Bool {
        if case .timed = timing { return true }
        return false
    }
}

extension ICalendarWriter {
    /// Europe/Stockholm as EU rules have defined it since 1996: CET in winter, CEST from the last
    /// Sunday of March 02:00 to the last Sunday of October 03:00.
    private static func appendStockholmTimeZone(to lines: inout ContentLines) {
        lines.append("BEGIN:VTIMEZONE")
        lines.append("TZID:" + timeZoneID)
        lines.append("BEGIN:STANDARD")
        lines.append("TZNAME:CET")
        lines.append("TZOFFSETFROM:+0200")
        lines.append("TZOFFSETTO:+0100")
        lines.append("DTSTART:19701025T030000")
        lines.append("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
        lines.append("END:STANDARD")
        lines.append("BEGIN:DAYLIGHT")
        lines.append("TZNAME:CEST")
        lines.append("TZOFFSETFROM:+0100")
        lines.append("TZOFFSETTO:+0200")
        lines.append("DTSTART:19700329T020000")
        lines.append("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
        lines.append("END:DAYLIGHT")
        lines.append("END:VTIMEZONE")
    }

    private static func appendEvent(
        _ event: CalendarEvent, method: CalendarMethod, dtstamp: String, to lines: inout ContentLines
    ) throws(CalendarError) {
        lines.append("BEGIN:VEVENT")
        lines.append("UID:" + escapeText(event.uid))
        lines.append("SEQUENCE:\(event.sequence)")
        lines.append("DTSTAMP:" + dtstamp)
        switch event.timing {
        case .timed(let start, let end):
            lines.append("DTSTART;TZID=\(timeZoneID):" + localDateTime(start))
            lines.append("DTEND;TZID=\(timeZoneID):" + localDateTime(end))
        case .allDay(let day):
            lines.append("DTSTART;VALUE=DATE:" + basicDate(day))
            lines.append("DTEND;VALUE=DATE:" + basicDate(day.adding(days: 1)))
        }
        try lines.append("SUMMARY:" + multiLineText(event.summary, property: "SUMMARY", uid: event.uid))
        if let location = event.location {
            try lines.append("LOCATION:" + multiLineText(location, property: "LOCATION", uid: event.uid))
        }
        if let description = event.description {
            try lines.append("DESCRIPTION:" + multiLineText(description, property: "DESCRIPTION", uid: event.uid))
        }
        let status: CalendarEvent.Status = method == .cancel ? .cancelled : event.status
        lines.append("STATUS:" + status.rawValue)
        lines.append(event.isTimed ? "TRANSP:OPAQUE" : "TRANSP:TRANSPARENT")
        if let organizer = event.organizer {
            try lines.append("ORGANIZER" + commonName(organizer, property: "ORGANIZER") + ":" + mailto(organizer.address))
        }
        // RSVP and PARTSTAT ask for a reply, which only an invitation expects (RFC 5546 §3.2.2).
        let attendance = method == .request ? ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE" : ";ROLE=REQ-PARTICIPANT"
        for attendee in event.attendees {
            try lines.append("ATTENDEE" + commonName(attendee, property: "ATTENDEE") + attendance + ":" + mailto(attendee.address))
        }
        lines.append("END:VEVENT")
    }
}

// MARK: - Values

extension ICalendarWriter {
    /// TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon and comma get a backslash, a line break becomes `\n`.
    private static func escapeText(_ value: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case ";": escaped += "\\;"
            case ",": escaped += "\\,"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A TEXT value that may span lines: newlines are kept (as `\n`), other control characters refused.
    private static func multiLineText(_ value: String, property: String, uid: String) throws(CalendarError) -> String {
        if let scalar = value.unicodeScalars.first(where: { $0 != "\n" && $0.isControlCharacter }) {
            throw CalendarError(
                property: property,
                reason: "the \(property) of the event \(InputEcho.quote(uid)) contains the control character "
                    + "\(InputEcho.codePoint(scalar)) in \(InputEcho.quote(value)); only line breaks (U+000A) are kept, remove it"
            )
        }
        return escapeText(value)
    }

    /// A TEXT value that is one line: every control character, newline included, is refused.
    private static func singleLineText(_ value: String, property: String) throws(CalendarError) -> String {
        if let scalar = value.unicodeScalars.first(where: \.isControlCharacter) {
            throw CalendarError(
                property: property,
                reason: "\(InputEcho.quote(value)) contains the control character \(InputEcho.codePoint(scalar)); "
                    + "the \(property) is one line of text, remove it"
            )
        }
        return escapeText(value)
    }

    /// `;CN=…` for a mailbox with a display name, or nothing.
    ///
    /// A parameter value cannot hold DQUOTE (RFC 5545 §3.2), so it becomes an apostrophe; a value
    /// with `:`, `;` or `,` is quoted. Caret is written as is: RFC 6868 escapes are not used.
    private static func commonName(_ mailbox: Mailbox, property: String) throws(CalendarError) -> String {
        guard let name = mailbox.name, !name.isEmpty else { return "" }
        if let scalar = name.unicodeScalars.first(where: \.isControlCharacter) {
            throw CalendarError(
                property: property,
                reason: "the name \(InputEcho.quote(name)) of \(mailbox.address.ascii) contains the control character "
                    + "\(InputEcho.codePoint(scalar)); a CN is one line of text, remove it"
            )
        }
        var value = ""
        var needsQuotes = false
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\"": value += "'"
            case ":", ";", ",":
                needsQuotes = true
                value.unicodeScalars.append(scalar)
            default: value.unicodeScalars.append(scalar)
            }
        }
        return needsQuotes ? ";CN=\"\(value)\"" : ";CN=" + value
    }

    /// A CAL-ADDRESS: `mailto:` and the ASCII address, percent-encoded where RFC 6068 §2 requires it.
    private static func mailto(_ address: EmailAddress) -> String {
        var uri = "mailto:"
        for byte in address.ascii.utf8 {
            if mailtoAllowed.contains(byte) {
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                uri += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return uri
    }

    /// Octets a mailto addr-spec may hold literally: unreserved characters and RFC 6068's some-delims.
    private static let mailtoAllowed: Set<UInt8> = {
        var allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        allowed.formUnion("!$'()*+,:@".utf8)
        return allowed
    }()

    /// `20190424T090000`: a wall-clock DATE-TIME to go with TZID.
    private static func localDateTime(_ time: LocalDateTime) -> String {
        basicDate(time.date) + "T" + padded(time.hour, 2) + padded(time.minute, 2) + "00"
    }

    /// `20190517`: a DATE value.
    private static func basicDate(_ date: LocalDate) -> String {
        padded(date.year, 4) + padded(date.month, 2) + padded(date.day, 2)
    }

    /// `20190411T060000Z`: a UTC DATE-TIME, fractions of a second dropped.
    private static func utcDateTime(_ instant: Date) -> String {
        let whole = Date(timeIntervalSince1970: instant.timeIntervalSince1970.rounded(.down))
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        return padded(parts.year ?? 1970, 4) + padded(parts.month ?? 1, 2) + padded(parts.day ?? 1, 2) + "T"
            + padded(parts.hour ?? 0, 2) + padded(parts.minute ?? 0, 2) + padded(parts.second ?? 0, 2) + "Z"
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

// MARK: - Content lines

/// Logical content lines, folded as they are appended (RFC 5545 §3.1).
private struct ContentLines {
    private(set) var text = ""

    /// Appends one logical line and its CRLF, folding before any scalar that would pass 75 octets.
    ///
    /// Folds fall between Unicode scalars, so never inside a UTF-8 sequence; a continuation line
    /// starts with one space, which counts towards its 75 octets.
    mutating func append(_ line: String) {
        var used = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if used + width > ICalendarWriter.maxLineOctets {
                text += "\r\n "
                used = 1
            }
            text.unicodeScalars.append(scalar)
            used += width
        }
        text += "\r\n"
    }
}
