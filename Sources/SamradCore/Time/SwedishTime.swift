import Foundation

/// Europe/Stockholm: the time zone of every date and time in Samråd's files.
public enum SwedishTime {
    /// The Europe/Stockholm time zone.
    public static let zone: TimeZone = TimeZone(identifier: "Europe/Stockholm") ?? TimeZone(secondsFromGMT: 3600)!

    /// A Gregorian calendar in Europe/Stockholm.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.locale = Locale(identifier: "sv_SE")
        return calendar
    }()

    /// The instant of a wall-clock time on a Swedish day.
    public static func instant(_ date: LocalDate, hour: Int, minute: Int) -> Date {
        let parts = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute)
        return calendar.date(from: parts) ?? Date(timeIntervalSince1970: 0)
    }

    /// An instant written as ISO 8601 with the Swedish offset, e.g. `2019-04-11T08:00:00+02:00`.
    public static func iso8601(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }

    /// An instant as Swedish readers write it, e.g. `2019-04-11 08.00`.
    public static func short(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: instant)
        return "\(LocalDate(containing: instant)) " + String(format: "%02d.%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// Parses the clock setting of `SAMRAD_NOW`: `2019-04-11`, `2019-04-11T08:00` (Swedish time)
    /// or a full ISO 8601 instant with an offset or `Z`.
    public static func parseInstant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let instant = formatter.date(from: text) { return instant }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let instant = formatter.date(from: text) { return instant }
        if let local = try? LocalDateTime(parsing: text) { return local.instant }
        if let date = try? LocalDate(parsing: text) { return SwedishTime.instant(date, hour: 0, minute: 0) }
        return nil
    }
}
