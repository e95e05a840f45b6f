import Foundation

/// A calendar day in Sweden, without a time: a meeting day, a deadline, a mailout date.
///
/// Written and read as `YYYY-MM-DD`. Only days that exist are accepted (no 2019-02-30).
public struct LocalDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2019.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// Why a text is not a date.
    public struct ParseError: Error, Sendable {
        /// What is wrong.
        public let reason: String
    }

    /// Creates a date from its parts, checking that the day exists.
    public init(year: Int, month: Int, day: Int) throws(ParseError) {
        guard (1900...2999).contains(year) else { throw ParseError(reason: "the year \(year) is out of range") }
        guard (1...12).contains(month) else { throw ParseError(reason: "there is no month \(month)") }
        let days = LocalDate.days(inMonth: month, year: year)
        guard (1...days).contains(day) else {
            throw ParseError(reason: "\(Self.monthNames[month - 1]) \(year) has \(days) days")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) })
        else { throw ParseError(reason: "it is not written as YYYY-MM-DD") }
        try self.init(year: year, month: month, day: day)
    }

    /// The day that contains an instant, in Swedish time.
    public init(containing instant: Date) {
        let parts = SwedishTime.calendar.dateComponents([.year, .month, .day], from: instant)
        // The calendar only produces days that exist.
        self.year = parts.year ?? 1970
        self.month = parts.month ?? 1
        self.day = parts.day ?? 1
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        // Written by hand: String(format:) costs microseconds, and the planner names many dates.
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// Swedish short form for letters, e.g. "17 maj 2019".
    public var swedish: String {
        "\(day) \(Self.swedishMonthNames[month - 1]) \(year)"
    }

    /// Swedish weekday name in lower case, e.g. "fredag".
    public var swedishWeekday: String {
        ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"][weekday - 1]
    }

    /// The weekday, 1 = Sunday … 7 = Saturday (as Foundation counts).
    public var weekday: Int {
        SwedishTime.calendar.component(.weekday, from: start)
    }

    /// The first instant of the day in Swedish time.
    public var start: Date {
        SwedishTime.instant(self, hour: 0, minute: 0)
    }

    /// The first instant of the next day: a date-only deadline lasts until then.
    public var end: Date {
        adding(days: 1).start
    }

    /// The date a number of days later (or earlier when negative).
    public func adding(days: Int) -> LocalDate {
        let noon = SwedishTime.instant(self, hour: 12, minute: 0)
        let moved = SwedishTime.calendar.date(byAdding: .day, value: days, to: noon) ?? noon
        return LocalDate(containing: moved)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    static let swedishMonthNames = [
        "januari", "februari", "mars", "april", "maj", "juni",
        "juli", "augusti", "september", "oktober", "november", "december",
    ]
}

extension LocalDate: TextCodable {}

/// A wall-clock time on a Swedish day, e.g. the start of a budget dialogue.
public struct LocalDateTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The day.
    public let date: LocalDate
    /// The hour, 0–23.
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int

    /// Creates a time, checking its parts.
    public init(date: LocalDate, hour: Int, minute: Int) throws(LocalDate.ParseError) {
        guard (0...23).contains(hour), (0...59).contains(minute) else {
            throw LocalDate.ParseError(reason: "\(hour):\(minute) is not a time of day")
        }
        self.date = date
        self.hour = hour
        self.minute = minute
    }

    /// Parses `YYYY-MM-DDTHH:MM` (a space may stand for the T; seconds `:00` are allowed).
    public init(parsing text: String) throws(LocalDate.ParseError) {
        let separator: Character = text.contains("T") ? "T" : " "
        let halves = text.split(separator: separator, maxSplits: 1)
        guard halves.count == 2 else { throw LocalDate.ParseError(reason: "it is not written as YYYY-MM-DDTHH:MM") }
        let date = try LocalDate(parsing: String(halves[0]))
        let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(clock[0]), let minute = Int(clock[1]), clock.count == 2 || clock[2] == "00"
        else { throw LocalDate.ParseError(reason: "the time is not written as HH:MM") }
        try self.init(date: date, hour: hour, minute: minute)
    }

    /// The instant, in Swedish time.
    public var instant: Date { SwedishTime.instant(date, hour: hour, minute: minute) }

    /// `YYYY-MM-DDTHH:MM`.
    public var description: String { "\(date)T" + String(format: "%02d:%02d", hour, minute) }

    /// `HH.MM`, the Swedish way of writing a time.
    public var swedishTime: String { String(format: "%02d.%02d", hour, minute) }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.hour, lhs.minute) < (rhs.date, rhs.hour, rhs.minute)
    }
}

extension LocalDateTime: TextCodable {}

/// A value written in files and JSON as text that it parses itself (`2019-04-24`, `2019-04-24T09:00`).
protocol TextCodable: Codable, CustomStringConvertible {
    init(parsing text: String) throws(LocalDate.ParseError)
}

extension TextCodable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.reason))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
