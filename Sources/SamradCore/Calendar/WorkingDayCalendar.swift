/// The Swedish working-day calendar that reminders and deadlines are counted in: Monday to Friday,
/// less the public holidays, the eves the offices keep closed and the municipality's own closed days.
///
/// A pure value: holidays are computed with integer arithmetic, once per year that a query touches.
public struct WorkingDayCalendar: Sendable, Equatable {
    /// The municipality's own closed days (klämdagar, mellandagar) and the reason for each.
    public let closedDays: [LocalDate: String]
    /// The own closed days as day numbers, for the scans.
    private let closedDayNumbers: Set<Int>

    /// Creates the calendar with the municipality's own closed days and the reason for each.
    public init(closedDays: [LocalDate: String] = [:]) {
        self.closedDays = closedDays
        self.closedDayNumbers = Set(closedDays.keys.map(\.dayNumber))
    }

    /// Whether the offices are open: not a Saturday or Sunday, a holiday, a closed eve or an own closed day.
    public func isWorkingDay(_ date: LocalDate) -> Bool {
        var scan = Scan(closed: closedDayNumbers)
        return scan.isWorkingDay(date.dayNumber)
    }

    /// Why a day is closed, in Swedish ("lördag", "söndag", "långfredagen" or the own reason); nil on a working day.
    ///
    /// A holiday's name comes before the weekday's ("midsommardagen", not "lördag"), and both before
    /// an own reason; two holidays on one day are joined ("första maj och Kristi himmelsfärdsdag").
    public func closure(on date: LocalDate) -> String? {
        let day = date.dayNumber
        let holidays = SwedishHoliday.dayNumbers(in: date.year).filter { $0.day == day }
        if !holidays.isEmpty {
            return holidays.map(\.holiday.swedishName).joined(separator: " och ")
        }
        switch LocalDate.weekday(ofDayNumber: day) {
        case 1: return "söndag"
        case 7: return "lördag"
        default: return closedDays[date]
        }
    }

    /// The working day `count` working days before `date`, which is not counted itself;
    /// with 0, `date` when it is a working day and otherwise the one before. A negative count goes forwards.
    public func workingDays(_ count: Int, before date: LocalDate) -> LocalDate {
        step(count, from: date, direction: -1)
    }

    /// The working day `count` working days after `date`, which is not counted itself;
    /// with 0, `date` when it is a working day and otherwise the one after. A negative count goes backwards.
    public func workingDays(_ count: Int, after date: LocalDate) -> LocalDate {
        step(count, from: date, direction: 1)
    }

    /// `date` when it is a working day, otherwise the last working day before it.
    public func previousWorkingDay(onOrBefore date: LocalDate) -> LocalDate {
        step(0, from: date, direction: -1)
    }

    /// `date` when it is a working day, otherwise the first working day after it.
    public func nextWorkingDay(onOrAfter date: LocalDate) -> LocalDate {
        step(0, from: date, direction: 1)
    }

    /// The number of working days from `start` up to but not including `end`; when `end` comes
    /// before `start`, minus the number from `end` up to but not including `start`.
    public func workingDays(from start: LocalDate, to end: LocalDate) -> Int {
        let (low, high, sign) = start <= end ? (start.dayNumber, end.dayNumber, 1) : (end.dayNumber, start.dayNumber, -1)
        var scan = Scan(closed: closedDayNumbers)
        var count = 0
        for day in low..<high where scan.isWorkingDay(day) {
            count += 1
        }
        return sign * count
    }

    /// Walks `count` working days from a date, one day at a time in `direction` (1 or -1).
    private func step(_ count: Int, from date: LocalDate, direction: Int) -> LocalDate {
        let direction = count < 0 ? -direction : direction
        var remaining = count.magnitude
        var scan = Scan(closed: closedDayNumbers)
        var day = date.dayNumber
        if remaining == 0 {
            while !scan.isWorkingDay(day) { day += direction }
        }
        while remaining > 0 {
            day += direction
            if scan.isWorkingDay(day) { remaining -= 1 }
        }
        return LocalDate(dayNumber: day)
    }
}

/// One query's view of the calendar: keeps the holidays of the year it is in and computes a
/// year's holidays (and its Easter) only when the query moves into that year.
private struct Scan {
    /// The own closed days as day numbers.
    let closed: Set<Int>
    /// The day numbers of the year whose holidays are loaded.
    private var loadedYear: Range<Int> = 0..<0
    /// That year's holidays and closed eves as day numbers, in order.
    private var holidays: [Int] = []

    init(closed: Set<Int>) {
        self.closed = closed
    }

    /// Whether a day number is a working day.
    mutating func isWorkingDay(_ day: Int) -> Bool {
        let weekday = LocalDate.weekday(ofDayNumber: day)
        guard weekday != 1, weekday != 7, !closed.contains(day) else { return false }
        if !loadedYear.contains(day) {
            let year = LocalDate(dayNumber: day).year
            loadedYear = LocalDate.dayNumber(ofFirstDayIn: year)..<LocalDate.dayNumber(ofFirstDayIn: year + 1)
            holidays = SwedishHoliday.dayNumbers(in: year).map(\.day)
        }
        return !holidays.contains(day)
    }
}
