/// Integer day arithmetic for the calendar: counting days as numbers keeps Foundation's
/// `Calendar` out of loops that look at thousands of days.
extension LocalDate {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar (negative before it).
    ///
    /// Howard Hinnant's `days_from_civil`: years are counted from 1 March, so the leap day is last.
    var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day number; the inverse of ``dayNumber`` (Hinnant's `civil_from_days`).
    ///
    /// Arithmetic on valid dates gives valid dates, so the parts are not checked again.
    init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        self.day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        self.month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        self.year = yearOfEra + era * 400 + (self.month <= 2 ? 1 : 0)
    }

    /// The day number of 1 January of a year.
    static func dayNumber(ofFirstDayIn year: Int) -> Int {
        LocalDate(unchecked: year, 1, 1).dayNumber
    }

    /// A date whose parts the caller knows to exist (fixed holidays, 1 January).
    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The weekday of a day number, 1 = Sunday … 7 = Saturday, as ``weekday`` counts.
    static func weekday(ofDayNumber dayNumber: Int) -> Int {
        // 1970-01-01 was a Thursday (5).
        ((dayNumber + 4) % 7 + 7) % 7 + 1
    }
}
