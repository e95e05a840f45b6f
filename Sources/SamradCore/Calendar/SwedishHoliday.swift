/// A day on which Swedish municipal offices are closed by law or custom: the public holidays
/// (allmänna helgdagar, lag 1989:253) and the three eves treated as Sundays (midsommarafton,
/// julafton, nyårsafton).
///
/// The rules are those in force from 1990 on: annandag pingst was a public holiday up to and
/// including 2004, nationaldagen is one from 2005. Holidays never move off a weekend in Sweden.
public enum SwedishHoliday: String, Sendable, CaseIterable {
    /// 1 January.
    case nyarsdagen
    /// 6 January.
    case trettondedagJul
    /// The Friday before Easter Sunday.
    case langfredagen
    /// Easter Sunday.
    case paskdagen
    /// The Monday after Easter Sunday.
    case annandagPask
    /// 1 May.
    case forstaMaj
    /// Ascension Day, the Thursday 39 days after Easter Sunday.
    case kristiHimmelsfardsdag
    /// Whitsunday, 49 days after Easter Sunday.
    case pingstdagen
    /// Whit Monday, 50 days after Easter Sunday; a public holiday up to and including 2004.
    case annandagPingst
    /// 6 June, Sweden's national day; a public holiday from 2005.
    case nationaldagen
    /// Midsummer Eve, the Friday from 19 to 25 June.
    case midsommarafton
    /// Midsummer Day, the Saturday from 20 to 26 June.
    case midsommardagen
    /// All Saints' Day, the Saturday from 31 October to 6 November.
    case allaHelgonsDag
    /// Christmas Eve, 24 December.
    case julafton
    /// Christmas Day, 25 December.
    case juldagen
    /// Boxing Day, 26 December.
    case annandagJul
    /// New Year's Eve, 31 December.
    case nyarsafton

    /// The name as written in Swedish running text, e.g. "långfredagen", "Kristi himmelsfärdsdag".
    public var swedishName: String {
        switch self {
        case .nyarsdagen: "nyårsdagen"
        case .trettondedagJul: "trettondedag jul"
        case .langfredagen: "långfredagen"
        case .paskdagen: "påskdagen"
        case .annandagPask: "annandag påsk"
        case .forstaMaj: "första maj"
        case .kristiHimmelsfardsdag: "Kristi himmelsfärdsdag"
        case .pingstdagen: "pingstdagen"
        case .annandagPingst: "annandag pingst"
        case .nationaldagen: "nationaldagen"
        case .midsommarafton: "midsommarafton"
        case .midsommardagen: "midsommardagen"
        case .allaHelgonsDag: "alla helgons dag"
        case .julafton: "julafton"
        case .juldagen: "juldagen"
        case .annandagJul: "annandag jul"
        case .nyarsafton: "nyårsafton"
        }
    }

    /// Whether the day is an allmän helgdag by law; false for the three eves, which are closed by custom
    /// and equated with Sundays by semesterlagen.
    public var isPublicHoliday: Bool {
        switch self {
        case .midsommarafton, .julafton, .nyarsafton: false
        default: true
        }
    }

    /// The years the rules are computed for: the Gregorian calendar's, with four digits.
    public static let supportedYears: ClosedRange<Int> = 1583...9999

    /// Every holiday of a year with its date, sorted by date; a day can carry two
    /// (Kristi himmelsfärdsdag fell on första maj in 2008), listed in declaration order.
    /// Empty for a year outside ``supportedYears``.
    public static func dates(in year: Int) -> [(date: LocalDate, holiday: SwedishHoliday)] {
        dayNumbers(in: year).map { (LocalDate(dayNumber: $0.day), $0.holiday) }
    }

    /// The holiday's date in a year, or nil when it was not a holiday that year (or the year is not supported).
    public func date(in year: Int) -> LocalDate? {
        guard Self.supportedYears.contains(year) else { return nil }
        return dayNumber(in: year, easter: Self.easterDayNumber(in: year)).map(LocalDate.init(dayNumber:))
    }

    /// Easter Sunday of a year by the anonymous Gregorian computus (Meeus/Jones/Butcher);
    /// nil outside ``supportedYears``.
    public static func easterSunday(in year: Int) -> LocalDate? {
        guard supportedYears.contains(year) else { return nil }
        return LocalDate(dayNumber: easterDayNumber(in: year))
    }

    /// The holidays of a year as day numbers, sorted by day and then declaration order;
    /// empty outside ``supportedYears``.
    static func dayNumbers(in year: Int) -> [(day: Int, holiday: SwedishHoliday)] {
        guard supportedYears.contains(year) else { return [] }
        let easter = easterDayNumber(in: year)
        var result: [(day: Int, holiday: SwedishHoliday)] = []
        result.reserveCapacity(allCases.count)
        for holiday in allCases {
            guard let day = holiday.dayNumber(in: year, easter: easter) else { continue }
            // Insertion keeps equal days in declaration order; the list has at most 17 entries.
            let index = result.lastIndex { $0.day <= day }.map { $0 + 1 } ?? 0
            result.insert((day, holiday), at: index)
        }
        return result
    }

    /// The day number of Easter Sunday; `year` must be in ``supportedYears``.
    private static func easterDayNumber(in year: Int) -> Int {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(unchecked: year, month, day).dayNumber
    }

    /// The holiday's day number in a year given that year's Easter, or nil when it was not kept that year.
    private func dayNumber(in year: Int, easter: Int) -> Int? {
        func fixed(_ month: Int, _ day: Int) -> Int { LocalDate(unchecked: year, month, day).dayNumber }
        /// The first day with the given weekday (1 = Sunday … 7 = Saturday) on or after a date.
        func first(_ weekday: Int, onOrAfter month: Int, _ day: Int) -> Int {
            let start = fixed(month, day)
            return start + (weekday - LocalDate.weekday(ofDayNumber: start) + 7) % 7
        }
        switch self {
        case .nyarsdagen: return fixed(1, 1)
        case .trettondedagJul: return fixed(1, 6)
        case .langfredagen: return easter - 2
        case .paskdagen: return easter
        case .annandagPask: return easter + 1
        case .forstaMaj: return fixed(5, 1)
        case .kristiHimmelsfardsdag: return easter + 39
        case .pingstdagen: return easter + 49
        case .annandagPingst: return year <= 2004 ? easter + 50 : nil
        case .nationaldagen: return year >= 2005 ? fixed(6, 6) : nil
        case .midsommarafton: return first(7, onOrAfter: 6, 20) - 1
        case .midsommardagen: return first(7, onOrAfter: 6, 20)
        case .allaHelgonsDag: return first(7, onOrAfter: 10, 31)
        case .julafton: return fixed(12, 24)
        case .juldagen: return fixed(12, 25)
        case .annandagJul: return fixed(12, 26)
        case .nyarsafton: return fixed(12, 31)
        }
    }
}
