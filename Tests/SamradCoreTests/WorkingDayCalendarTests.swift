import Foundation
import SamradCore
import Testing

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    // MARK: Every day from 1990 to 2100 against Python's `holidays` package

    /// Prints every day from 1990-01-01 to 2100-12-31 that is a weekend or a holiday, as
    /// `YYYY-MM-DD<TAB>weekend|weekday<TAB>name;name`, by Python's `holidays` package.
    ///
    /// The eves come from the package itself: since holidays 0.88 it lists Midsommarafton, Julafton
    /// and Nyårsafton in its DE_FACTO category (not PUBLIC), so the script asks for both categories
    /// and computes nothing of its own. An older package fails with the upgrade command.
    static let holidaysScript = #"""
        import datetime, sys
        try:
            import holidays
        except ImportError:
            sys.exit("the Python package 'holidays' is missing: pip install holidays")
        if not hasattr(holidays, "DE_FACTO"):
            sys.exit(f"holidays {holidays.__version__} has no DE_FACTO category (the eves): pip install --upgrade 'holidays>=0.88'")
        se = holidays.country_holidays(
            "SE", years=range(1990, 2101), categories=(holidays.PUBLIC, holidays.DE_FACTO), include_sundays=False, language="sv")
        day, last = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)
        while day <= last:
            names = se.get_list(day)
            if names or day.weekday() >= 5:
                print(day.isoformat(), "weekend" if day.weekday() >= 5 else "weekday", ";".join(names), sep="\t")
            day += datetime.timedelta(days=1)
        """#

    /// One day that Python says is not a working day.
    struct PythonDay: Sendable {
        /// Whether it is a Saturday or Sunday.
        var isWeekend: Bool
        /// The holidays on it, lower-cased.
        var holidays: Set<String>
    }

    /// Python's closed days, run once for the tests that need them.
    static let pythonDays: Result<[String: PythonDay], PythonFailure> = Python.run(holidaysScript, needs: "pip install holidays")
        .map { output in
            var days: [String: PythonDay] = [:]
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count == 3 else { continue }
                let names = fields[2].split(separator: ";").map { $0.lowercased() }
                days[String(fields[0])] = PythonDay(isWeekend: fields[1] == "weekend", holidays: Set(names))
            }
            return days
        }

    /// Every date from 1990-01-01 to 2100-12-31, built through the public API only.
    static let everyDay: [LocalDate] = (1990...2100).flatMap { year in
        (1...12).flatMap { month in (1...31).compactMap { day in try? LocalDate(year: year, month: month, day: day) } }
    }

    /// Records a failure listing the first few differences, unless there are none.
    static func expectNone(_ differences: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        guard !differences.isEmpty else { return }
        let first = differences.prefix(15).joined(separator: "\n")
        Issue.record("\(differences.count) differences; the first:\n\(first)", sourceLocation: sourceLocation)
    }

    @Test func everyDayFrom1990To2100IsClosedExactlyWhenPythonHolidaysSaysSo() throws {
        let python = try Self.pythonDays.get()
        #expect(Self.everyDay.count == 40_542)
        #expect(python.count > 12_000, "Python listed only \(python.count) closed days")
        let calendar = WorkingDayCalendar()
        var differences: [String] = []
        for date in Self.everyDay {
            let swiftClosed = !calendar.isWorkingDay(date)
            let pythonDay = python[date.description]
            guard swiftClosed != (pythonDay != nil) else { continue }
            let swiftSays = swiftClosed ? "closed (\(calendar.closure(on: date) ?? "?"))" : "a working day"
            let pythonSays = pythonDay.map { "closed (\($0.isWeekend ? "weekend " : "")\($0.holidays.sorted()))" } ?? "a working day"
            differences.append("\(date) \(date.swedishWeekday): Swift says \(swiftSays), Python says \(pythonSays)")
        }
        Self.expectNone(differences)

        let first = try LocalDate(parsing: "1990-01-01")
        let afterLast = try LocalDate(parsing: "2101-01-01")
        #expect(calendar.workingDays(from: first, to: afterLast) == Self.everyDay.count - python.count)
        #expect(calendar.workingDays(from: afterLast, to: first) == python.count - Self.everyDay.count)
    }

    @Test func holidayNamesFrom1990To2100MatchPythonHolidays() throws {
        let python = try Self.pythonDays.get().compactMapValues { $0.holidays.isEmpty ? nil : $0.holidays }
        var swift: [String: Set<String>] = [:]
        for year in 1990...2100 {
            for (date, holiday) in SwedishHoliday.dates(in: year) {
                swift[date.description, default: []].insert(holiday.swedishName.lowercased())
            }
        }
        let differences = Set(swift.keys).union(python.keys).sorted().compactMap { date in
            swift[date] == python[date] ? nil : "\(date): Swift \(swift[date]?.sorted() ?? []), Python \(python[date]?.sorted() ?? [])"
        }
        Self.expectNone(differences)
    }

    // MARK: Easter against python-dateutil

    @Test(arguments: [1990, 2000, 2008, 2011, 2019, 2038, 2049, 2100])
    func easterSundayMatchesDateutil(year: Int) throws {
        let output = try Python.run(
            "from dateutil.easter import easter; import sys; print(easter(int(sys.argv[1])).isoformat())", arguments: ["\(year)"],
            needs: "pip install python-dateutil"
        ).get()
        let easter = try #require(SwedishHoliday.easterSunday(in: year))
        #expect(easter.description == output.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(easter.weekday == 1)
        #expect(SwedishHoliday.paskdagen.date(in: year) == easter)
    }

    @Test func easterSundayMatchesDateutilForEveryYearFrom1900To2999() throws {
        let output = try Python.run(
            "from dateutil.easter import easter\nfor year in range(1900, 3000): print(easter(year).isoformat())",
            needs: "pip install python-dateutil"
        ).get()
        let expected = output.split(separator: "\n").map(String.init)
        let actual = (1900...2999).map { SwedishHoliday.easterSunday(in: $0)?.description ?? "none" }
        #expect(expected.count == 1100)
        let differences = zip(actual, expected).filter { $0 != $1 }.map { "Swift \($0), dateutil \($1)" }
        Self.expectNone(differences)
    }

    @Test func easterOutsideTheGregorianFourDigitYearsIsUnknown() {
        #expect(SwedishHoliday.easterSunday(in: 1582) == nil)
        #expect(SwedishHoliday.easterSunday(in: 10_000) == nil)
        #expect(SwedishHoliday.dates(in: Int.max).isEmpty)
        #expect(SwedishHoliday.easterSunday(in: 1583) != nil)
    }

    // MARK: Spring 2019, the project's test bed

    @Test func spring2019ClosedDaysAndWhy() throws {
        let calendar = WorkingDayCalendar()
        #expect(SwedishHoliday.easterSunday(in: 2019) == (try LocalDate(parsing: "2019-04-21")))
        let closed = [
            "2019-04-19": "långfredagen", "2019-04-20": "lördag", "2019-04-21": "påskdagen", "2019-04-22": "annandag påsk",
            "2019-05-01": "första maj", "2019-05-30": "Kristi himmelsfärdsdag", "2019-06-06": "nationaldagen",
            "2019-06-09": "pingstdagen", "2019-06-21": "midsommarafton", "2019-06-22": "midsommardagen", "2019-05-19": "söndag",
        ]
        for (text, reason) in closed {
            let date = try LocalDate(parsing: text)
            #expect(!calendar.isWorkingDay(date), "\(text)")
            #expect(calendar.closure(on: date) == reason, "\(text)")
        }
        for text in ["2019-04-18", "2019-04-23", "2019-05-10", "2019-05-31", "2019-06-10", "2019-06-24"] {
            let date = try LocalDate(parsing: text)
            #expect(calendar.isWorkingDay(date), "\(text)")
            #expect(calendar.closure(on: date) == nil, "\(text)")
        }
    }

    /// A count of working days from a date and the day it must land on.
    struct Step: Sendable, CustomTestStringConvertible {
        /// How many working days.
        var count: Int
        /// Backwards (`before`) or forwards (`after`).
        var backwards: Bool
        /// The day counted from.
        var from: String
        /// The day expected.
        var expected: String

        var testDescription: String { "\(count) working days \(backwards ? "before" : "after") \(from) is \(expected)" }
    }

    @Test(arguments: [
        Step(count: 5, backwards: true, from: "2019-05-17", expected: "2019-05-10"),
        Step(count: 1, backwards: true, from: "2019-04-23", expected: "2019-04-18"),
        Step(count: 2, backwards: false, from: "2019-05-17", expected: "2019-05-21"),
        Step(count: 2, backwards: true, from: "2019-04-24", expected: "2019-04-18"),
        Step(count: 2, backwards: true, from: "2019-05-09", expected: "2019-05-07"),
        Step(count: 1, backwards: false, from: "2019-05-29", expected: "2019-05-31"),
        Step(count: 1, backwards: false, from: "2019-04-18", expected: "2019-04-23"),
        Step(count: 10, backwards: true, from: "2019-06-10", expected: "2019-05-23"),
        Step(count: 0, backwards: true, from: "2019-04-22", expected: "2019-04-18"),
        Step(count: 0, backwards: false, from: "2019-04-19", expected: "2019-04-23"),
        Step(count: 0, backwards: true, from: "2019-05-17", expected: "2019-05-17"),
        Step(count: 0, backwards: false, from: "2019-06-21", expected: "2019-06-24"),
        Step(count: 1, backwards: false, from: "2019-12-20", expected: "2019-12-23"),
        Step(count: 2, backwards: false, from: "2019-12-20", expected: "2019-12-27"),
        Step(count: 3, backwards: false, from: "2019-12-20", expected: "2019-12-30"),
        Step(count: 4, backwards: false, from: "2019-12-20", expected: "2020-01-02"),
    ])
    func countingWorkingDaysIn2019(step: Step) throws {
        let calendar = WorkingDayCalendar()
        let from = try LocalDate(parsing: step.from)
        let expected = try LocalDate(parsing: step.expected)
        let landed = step.backwards ? calendar.workingDays(step.count, before: from) : calendar.workingDays(step.count, after: from)
        #expect(landed == expected)
        #expect(calendar.isWorkingDay(landed))
        if step.count > 0 {
            // The landing day is counted and the starting day is not, so forwards the half-open range moves one day on.
            let (low, high) = step.backwards ? (landed, from) : (from.adding(days: 1), landed.adding(days: 1))
            #expect(calendar.workingDays(from: low, to: high) == step.count)
        }
    }

    @Test func aKlamdagIsSkipped() throws {
        let klamdag = try LocalDate(parsing: "2019-05-31")
        let calendar = WorkingDayCalendar(closedDays: [klamdag: "Klämdag efter Kristi himmelsfärdsdag"])
        let wednesday = try LocalDate(parsing: "2019-05-29")
        #expect(calendar.workingDays(1, after: wednesday) == (try LocalDate(parsing: "2019-06-03")))
        #expect(calendar.workingDays(1, before: try LocalDate(parsing: "2019-06-03")) == wednesday)
        #expect(!calendar.isWorkingDay(klamdag))
        #expect(calendar.closure(on: klamdag) == "Klämdag efter Kristi himmelsfärdsdag")
        #expect(WorkingDayCalendar().workingDays(1, after: wednesday) == klamdag)
    }

    @Test func previousAndNextWorkingDay() throws {
        let calendar = WorkingDayCalendar()
        #expect(calendar.previousWorkingDay(onOrBefore: try LocalDate(parsing: "2019-12-26")) == (try LocalDate(parsing: "2019-12-23")))
        #expect(calendar.nextWorkingDay(onOrAfter: try LocalDate(parsing: "2019-12-24")) == (try LocalDate(parsing: "2019-12-27")))
        #expect(calendar.nextWorkingDay(onOrAfter: try LocalDate(parsing: "2019-12-31")) == (try LocalDate(parsing: "2020-01-02")))
        let friday = try LocalDate(parsing: "2019-05-17")
        #expect(calendar.previousWorkingDay(onOrBefore: friday) == friday)
        #expect(calendar.nextWorkingDay(onOrAfter: friday) == friday)
    }

    @Test func aNegativeCountGoesTheOtherWay() throws {
        let calendar = WorkingDayCalendar()
        let friday = try LocalDate(parsing: "2019-05-17")
        #expect(calendar.workingDays(-2, before: friday) == calendar.workingDays(2, after: friday))
        #expect(calendar.workingDays(-5, after: friday) == calendar.workingDays(5, before: friday))
    }

    @Test func countingWorkingDaysInAHalfOpenRange() throws {
        let calendar = WorkingDayCalendar()
        let monday = try LocalDate(parsing: "2019-04-15")
        let fridayAfter = try LocalDate(parsing: "2019-04-26")
        // 15–18 April, then långfredagen, the weekend and annandag påsk, then 23–25 April; 26 April is the end.
        #expect(calendar.workingDays(from: monday, to: fridayAfter) == 7)
        #expect(calendar.workingDays(from: fridayAfter, to: monday) == -7)
        #expect(calendar.workingDays(from: monday, to: monday) == 0)
        // Across a year's end: 30 December 2019, then 2 and 3 January 2020.
        #expect(calendar.workingDays(from: try LocalDate(parsing: "2019-12-28"), to: try LocalDate(parsing: "2020-01-04")) == 3)
    }

    // MARK: The holiday rules

    @Test func annandagPingstUntil2004AndNationaldagenFrom2005() throws {
        let calendar = WorkingDayCalendar()
        #expect(SwedishHoliday.annandagPingst.date(in: 2004) == (try LocalDate(parsing: "2004-05-31")))
        #expect(SwedishHoliday.annandagPingst.date(in: 2005) == nil)
        #expect(SwedishHoliday.nationaldagen.date(in: 2004) == nil)
        #expect(SwedishHoliday.nationaldagen.date(in: 2005) == (try LocalDate(parsing: "2005-06-06")))
        #expect(!calendar.isWorkingDay(try LocalDate(parsing: "2004-05-31")))
        #expect(calendar.isWorkingDay(try LocalDate(parsing: "2005-05-16")))
        #expect(!calendar.isWorkingDay(try LocalDate(parsing: "2005-06-06")))
        #expect(calendar.isWorkingDay(try LocalDate(parsing: "2003-06-06")))
    }

    @Test func twoHolidaysOnOneDayAreBothListedAndNamed() throws {
        let mayDay = try LocalDate(parsing: "2008-05-01")
        let onMayDay = SwedishHoliday.dates(in: 2008).filter { $0.date == mayDay }.map(\.holiday)
        #expect(onMayDay == [.forstaMaj, .kristiHimmelsfardsdag])
        #expect(WorkingDayCalendar().closure(on: mayDay) == "första maj och Kristi himmelsfärdsdag")
    }

    @Test func aYearsHolidaysAreSortedAndComplete() throws {
        let dates = SwedishHoliday.dates(in: 2019)
        #expect(dates.count == 16)
        #expect(dates.map(\.date) == dates.map(\.date).sorted())
        #expect(Set(dates.map(\.holiday)) == Set(SwedishHoliday.allCases).subtracting([.annandagPingst]))
        #expect(dates.first?.holiday == .nyarsdagen)
        #expect(dates.last?.holiday == .nyarsafton)
        #expect(SwedishHoliday.dates(in: 2004).count == 16)
        #expect(!SwedishHoliday.dates(in: 2004).contains { $0.holiday == .nationaldagen })
    }

    @Test func theEvesAreNotPublicHolidays() {
        let eves = SwedishHoliday.allCases.filter { !$0.isPublicHoliday }
        #expect(eves == [.midsommarafton, .julafton, .nyarsafton])
    }
}

// MARK: - The calendar file

@Suite("Calendar file (kalender.yaml)")
struct ClosedDaysReaderTests {
    static let file = "kalender.yaml"

    /// Reads a calendar file and returns its diagnostics; none when it reads.
    func problems(_ text: String) -> [Diagnostic] {
        do {
            _ = try ClosedDaysReader.read(text, file: Self.file)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Expects exactly one error, at a line, whose message contains a text, with a fix.
    func expectOneError(_ text: String, line: Int, containing message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = problems(text)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        let first = found.first
        #expect(first?.severity == .error, sourceLocation: sourceLocation)
        #expect(first?.location.file == Self.file, sourceLocation: sourceLocation)
        #expect(first?.location.line == line, "\(found)", sourceLocation: sourceLocation)
        #expect(first?.message.contains(message) == true, "\(found)", sourceLocation: sourceLocation)
        #expect(first?.fix?.isEmpty == false, sourceLocation: sourceLocation)
    }

    @Test func theExampleReads() throws {
        let calendar = try ClosedDaysReader.read(
            """
            # Kommunens egna stängda dagar (klämdagar)
            closed_days:
              - { date: 2019-05-31, reason: Klämdag efter Kristi himmelsfärdsdag }
              - { date: 2019-12-27, reason: Mellandagsstängt }
            """, file: Self.file)
        let klamdag = try LocalDate(parsing: "2019-05-31")
        #expect(calendar.closedDays.count == 2)
        #expect(calendar.closure(on: klamdag) == "Klämdag efter Kristi himmelsfärdsdag")
        #expect(calendar.closure(on: try LocalDate(parsing: "2019-12-27")) == "Mellandagsstängt")
        #expect(calendar.workingDays(1, after: try LocalDate(parsing: "2019-05-29")) == (try LocalDate(parsing: "2019-06-03")))
    }

    @Test func blockStyleAndAnEmptyListRead() throws {
        let calendar = try ClosedDaysReader.read(
            """
            closed_days:
              - date: 2019-05-31
                reason: Klämdag
            """, file: Self.file)
        #expect(calendar.closedDays == [try LocalDate(parsing: "2019-05-31"): "Klämdag"])
        #expect(try ClosedDaysReader.read("closed_days: []\n", file: Self.file) == WorkingDayCalendar())
    }

    @Test func aClosedDayOnAWeekendOrHolidayIsAcceptedSilently() throws {
        let calendar = try ClosedDaysReader.read(
            """
            closed_days:
              - { date: 2019-06-22, reason: Midsommar }
              - { date: 2019-05-04, reason: Lördag ändå }
            """, file: Self.file)
        #expect(calendar.closedDays.count == 2)
        #expect(calendar.closure(on: try LocalDate(parsing: "2019-06-22")) == "midsommardagen")
        #expect(calendar.closure(on: try LocalDate(parsing: "2019-05-04")) == "lördag")
        let (may, july) = (try LocalDate(parsing: "2019-05-01"), try LocalDate(parsing: "2019-07-01"))
        #expect(calendar.workingDays(from: may, to: july) == WorkingDayCalendar().workingDays(from: may, to: july))
    }

    @Test func anUnknownKeyInAnEntryIsNamed() {
        let text = """
            closed_days:
              - { date: 2019-05-31, reason: Klämdag }
              - { date: 2019-12-27, reason: Mellandagsstängt, note: x }
            """
        expectOneError(text, line: 3, containing: "unknown key 'note'")
    }

    @Test func aMisspeltKeySuggestsTheRightOne() {
        let found = problems(
            """
            closed_days:
              - { date: 2019-05-31, reson: Klämdag }
            """)
        #expect(found.map(\.location.line) == [2, 2])
        #expect(found.allSatisfy { $0.location.file == Self.file })
        #expect(found.contains { $0.message.contains("unknown key 'reson'") && $0.fix?.contains("did you mean 'reason'") == true })
        #expect(found.contains { $0.message.contains("has no 'reason'") })
    }

    @Test func anUnknownTopLevelKeyIsNamed() {
        let found = problems(
            """
            # Kommunens egna stängda dagar
            closed_days: []
            open_days: []
            """)
        #expect(found.count == 1)
        #expect(found.first?.location.file == Self.file)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.message.contains("unknown key 'open_days'") == true)
    }

    @Test func aDateThatDoesNotExistIsRejected() {
        let text = """
            closed_days:
              - { date: 2019-05-31, reason: Klämdag }
              - { date: 2019-02-30, reason: Ingen sådan dag }
            """
        expectOneError(text, line: 3, containing: "the closed day '2019-02-30' is not a date: February 2019 has 28 days")
    }

    @Test func aDuplicateDateNamesTheFirstLine() {
        let text = """
            closed_days:
              - { date: 2019-05-31, reason: Klämdag }
              - { date: 2019-12-27, reason: Mellandagsstängt }
              - { date: 2019-05-31, reason: Klämdag igen }
            """
        expectOneError(text, line: 4, containing: "2019-05-31 is listed twice (first at line 2)")
    }

    @Test(arguments: [#"reason: """#, "reason:", #"reason: "   ""#])
    func anEmptyReasonIsRejected(reason: String) {
        let text = """
            closed_days:
              - date: 2019-05-31
                \(reason)
            """
        let found = problems(text)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location.file == Self.file)
        #expect(found.first?.location.line == 3)
        #expect(found.first?.message.contains("the reason for the closed day 2019-05-31") == true, "\(found)")
        #expect(found.first?.fix?.isEmpty == false)
    }

    @Test func aMissingDateIsReported() {
        expectOneError("closed_days:\n  - { reason: Klämdag }\n", line: 2, containing: "has no 'date'")
    }

    @Test func anEntryThatIsNotAMappingIsReported() {
        expectOneError("closed_days:\n  - 2019-05-31\n", line: 2, containing: "must be a mapping")
    }

    @Test func aFileWithoutClosedDaysIsReported() {
        let found = problems("stängda: []\n")
        #expect(found.count == 2, "\(found)")
        #expect(found.allSatisfy { $0.location.file == Self.file && $0.location.line == 1 && $0.fix != nil })
        #expect(found.contains { $0.message.contains("unknown key 'stängda'") })
        #expect(found.contains { $0.message.contains("has no 'closed_days'") })
    }
}

// MARK: - Running Python

/// Why a Python check could not run: the message says what to install.
struct PythonFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong and the command that fixes it.
    var description: String
}

/// Runs short Python scripts for the cross-checks.
enum Python {
    /// Runs `python3 -c script arguments…` and returns its standard output; any failure says to run `needs`.
    static func run(_ script: String, arguments: [String] = [], needs install: String) -> Result<String, PythonFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        // Standard error goes to a file, so that a chatty child can never block on a full pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-python-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        do {
            guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
                return .failure(PythonFailure(description: "cannot create \(errorFile.path)"))
            }
            let errorHandle = try FileHandle(forWritingTo: errorFile)
            defer { try? errorHandle.close() }
            process.standardError = errorHandle
            try process.run()
        } catch {
            return .failure(PythonFailure(description: "cannot start python3 (\(error)); the check needs python3 and `\(install)`"))
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let problem = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            return .failure(
                PythonFailure(
                    description: "python3 exited with status \(process.terminationStatus): "
                        + "\(problem.trimmingCharacters(in: .whitespacesAndNewlines)) (the check needs python3 and `\(install)`)"))
        }
        return .success(String(decoding: data, as: UTF8.self))
    }
}
