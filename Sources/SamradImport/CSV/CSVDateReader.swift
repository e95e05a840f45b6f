import Foundation
import SamradCore

/// Reads the submission times that form tools and Excel write, as Swedish time (Europe/Stockholm).
///
/// - `2019-05-14 13:45:10`, `2019-05-14T13:45`, `2019-05-14` (Excel, Netigate, ISO 8601);
/// - `14/05/2019 13:45:10` (Google Forms outside the US) and `5/14/2019 1:45:10 PM` (Microsoft Forms);
/// - `14.05.2019 13:45`; an ISO 8601 instant with an offset or `Z` keeps its offset.
///
/// Whether `A/B/YY` is month first or day first is decided once for the whole column: as the round's file says
/// (`csv: { date_format: M/D/YY }`); else month first when a value has AM/PM or a second number above 12, day
/// first when a first number is above 12; else, when every value could be either, the order that puts more of
/// them between the mailout and now (day first on a tie).
struct CSVDateReader {
    /// The order of day and month in dates written with slashes.
    enum SlashOrder: Hashable {
        case monthFirst
        case dayFirst
    }

    /// The order used for the column.
    let order: SlashOrder

    /// Decides the slash order from every value of the column.
    ///
    /// - Parameters:
    ///   - named: the order the round's file names, if it names one.
    ///   - window: when answers can have been written (from the mailout to now), to decide a column whose every
    ///     value could be read either way.
    init(column values: [String], named: CSVColumns.DateOrder? = nil, window: ClosedRange<Date>? = nil) {
        if let named {
            order = named == .monthFirst ? .monthFirst : .dayFirst
            return
        }
        var monthFirst = false
        var dayFirst = false
        var inWindow: [SlashOrder: Int] = [.monthFirst: 0, .dayFirst: 0]
        for value in values {
            guard let parts = Parts(value), parts.separator == "/" || parts.separator == "." else { continue }
            if parts.meridiem != nil || parts.date[1] > 12 { monthFirst = true }
            if parts.date[0] > 12 { dayFirst = true }
            if let window {
                for candidate in [SlashOrder.monthFirst, .dayFirst] {
                    if let instant = parts.instant(order: candidate), window.contains(instant) { inWindow[candidate, default: 0] += 1 }
                }
            }
        }
        if monthFirst != dayFirst {
            order = monthFirst ? .monthFirst : .dayFirst
        } else {
            order = (inWindow[.monthFirst] ?? 0) > (inWindow[.dayFirst] ?? 0) ? .monthFirst : .dayFirst
        }
    }

    /// The instant a value stands for, or `nil` when it is not a date in any known form.
    func instant(_ value: String) -> Date? {
        if let parts = Parts(value), let instant = parts.instant(order: order) { return instant }
        return SwedishTime.parseInstant(value.trimmingCharacters(in: .whitespaces))
    }

    /// The numbers of a date and an optional time, before they are checked.
    private struct Parts {
        /// Three numbers as written, e.g. `[2019, 5, 14]` or `[5, 14, 2019]`.
        var date: [Int]
        /// `-`, `/` or `.`.
        var separator: Character
        /// Hour, minute and second (0 when left out); empty for a date alone.
        var time: [Int]
        /// `AM` or `PM`, upper case.
        var meridiem: String?

        init?(_ value: String) {
            var tokens = value.trimmingCharacters(in: .whitespaces).split(whereSeparator: \.isWhitespace).map(String.init)
            guard !tokens.isEmpty, tokens.count <= 3 else { return nil }
            // ISO 8601 joins date and time with a T.
            if tokens.count == 1, let t = tokens[0].firstIndex(of: "T") {
                tokens = [String(tokens[0][..<t]), String(tokens[0][tokens[0].index(after: t)...])]
            }
            let separators: [Character] = ["-", "/", "."]
            guard let separator = separators.first(where: { tokens[0].contains($0) }) else { return nil }
            let date = tokens[0].split(separator: separator, omittingEmptySubsequences: false)
            guard date.count == 3, date.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isASCII) }) else { return nil }
            self.date = date.compactMap { Int($0) }
            self.separator = separator
            guard self.date.count == 3 else { return nil }

            time = []
            meridiem = nil
            if tokens.count == 3 || (tokens.count == 2 && ["AM", "PM"].contains(tokens[1].uppercased()) == false) {
                let clock = tokens[1].split(separator: tokens[1].contains(":") ? ":" : ".", omittingEmptySubsequences: false)
                guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count <= 2 && $0.allSatisfy(\.isASCII) }) else {
                    return nil
                }
                time = clock.compactMap { Int($0) }
                guard time.count == clock.count else { return nil }
                if time.count == 2 { time.append(0) }
            }
            if tokens.count == 3 {
                let mark = tokens[2].uppercased()
                guard mark == "AM" || mark == "PM" else { return nil }
                meridiem = mark
            } else if tokens.count == 2, time.isEmpty {
                return nil
            }
        }

        /// The instant in Swedish time, or `nil` when a part is out of range.
        func instant(order: SlashOrder) -> Date? {
            let year: Int
            let month: Int
            let day: Int
            switch separator {
            case "-":
                guard date[0] >= 1000 else { return nil }
                (year, month, day) = (date[0], date[1], date[2])
            case "/" where order == .monthFirst:
                (year, month, day) = (date[2], date[0], date[1])
            default:
                (year, month, day) = (date[2], date[1], date[0])
            }
            let fullYear = year < 100 ? 2000 + year : year
            guard (try? LocalDate(year: fullYear, month: month, day: day)) != nil else { return nil }

            var (hour, minute, second) = time.isEmpty ? (0, 0, 0) : (time[0], time[1], time[2])
            if let meridiem {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
            }
            guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
            let parts = DateComponents(year: fullYear, month: month, day: day, hour: hour, minute: minute, second: second)
            return SwedishTime.calendar.date(from: parts)
        }
    }
}
