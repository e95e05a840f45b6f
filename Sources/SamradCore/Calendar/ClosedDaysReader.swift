import Yams

/// Reads the municipality's calendar file (`kalender.yaml`): its own closed days, each with a reason.
///
/// ```yaml
/// closed_days:
///   - { date: 2019-05-31, reason: Klämdag efter Kristi himmelsfärdsdag }
/// ```
///
/// A closed day that already is a weekend or a holiday is accepted as it is: it changes nothing.
public enum ClosedDaysReader {
    /// The keys of one closed day.
    static let dayKeys = ["date", "reason"]

    /// Reads the file's text; throws every problem found, each with `file:line` and a fix.
    public static func read(_ text: String, file: String) throws(ValidationFailure) -> WorkingDayCalendar {
        let reader = YAMLReader(file: file)
        let closedDays = read(text, with: reader)
        guard let closedDays, !reader.diagnostics.hasErrors else {
            throw ValidationFailure(reader.diagnostics)
        }
        return WorkingDayCalendar(closedDays: closedDays)
    }

    /// The closed days in the text, or nil when the file has no usable list; problems go to the reader.
    static func read(_ text: String, with reader: YAMLReader) -> [LocalDate: String]? {
        guard let root = reader.parse(text),
            let top = reader.mapping(root, "the calendar file", allowed: ["closed_days"]),
            let list = top.required(
                "closed_days", in: reader,
                fix: "start the file with 'closed_days:' and a list of '- { date: YYYY-MM-DD, reason: … }', or 'closed_days: []'"),
            let items = reader.sequence(list, "'closed_days'")
        else { return nil }
        var closedDays: [LocalDate: String] = [:]
        var firstLine: [LocalDate: Int] = [:]
        for item in items {
            guard case let (date, reason, location)? = closedDay(item, with: reader) else { continue }
            if let earlier = firstLine[date] {
                reader.error(
                    at: location, "the date \(date) is listed twice (first at line \(earlier))",
                    fix: "keep one entry for \(date), with one reason")
                continue
            }
            firstLine[date] = location.line
            closedDays[date] = reason
        }
        return closedDays
    }

    /// One `{ date, reason }` entry and where its date stands, or nil after reporting its problems.
    static func closedDay(_ node: Node, with reader: YAMLReader) -> (LocalDate, String, SourceLocation)? {
        let what = node.mapping?["date"]?.scalar.map { "the closed day \($0.string)" } ?? "a closed day"
        guard let fields = reader.mapping(node, what, allowed: dayKeys) else { return nil }
        let dateNode = fields.required("date", in: reader, fix: "add 'date: YYYY-MM-DD', e.g. 'date: 2019-05-31'")
        let date = dateNode.flatMap { reader.date($0, "the closed day") }
        var reason: String?
        if let value = fields.required("reason", in: reader, fix: "add 'reason: …', e.g. 'reason: Klämdag'"),
            let text = reader.line(value, "the reason for \(what)")
        {
            if text.isEmpty {
                reader.error(
                    at: value, "the reason for \(what) is blank",
                    fix: "say why the offices are closed, e.g. 'reason: Klämdag efter Kristi himmelsfärdsdag'")
            } else {
                reason = text
            }
        }
        guard let date, let reason, let dateNode else { return nil }
        return (date, reason, reader.location(of: dateNode))
    }
}
