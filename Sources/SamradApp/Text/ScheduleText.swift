import Foundation
import SamradCore
import SamradStore

/// A round's planned sends as text for the terminal and as JSON: `schedule`.
public enum ScheduleText {
    /// One planned send in `schedule --json`.
    public struct Entry: Encodable, Sendable {
        var date: LocalDate
        var body: String
        var kind: String
        var key: String
        var state: PlannedSend.State
        var recipients: [String]
        var reason: String
    }

    /// The plan as `schedule --json` prints it.
    public static func entries(_ plan: [PlannedSend]) -> [Entry] {
        plan.map {
            Entry(
                date: $0.date, body: $0.body, kind: $0.purpose.label, key: $0.purpose.key, state: $0.state,
                recipients: $0.recipients.map { "\($0.role == .cc ? "cc " : "")\($0.address)" }, reason: $0.reason)
        }
    }

    /// One line per planned send, then the counts.
    public static func table(_ plan: [PlannedSend]) -> [String] {
        var lines = plan.map { send in
            let recipients = send.recipients.map { "\($0.role == .cc ? "cc " : "")\($0.address)" }
            return "\(send.date) \(send.date.swedishWeekday.prefix(3))  \(pad(SwedishWords.planned(send.state), 11)) "
                + "\(pad(send.body, 6)) \(pad(SwedishWords.purpose(send.purpose), 30)) "
                + "\(recipients.joined(separator: ", "))  — \(send.reason)"
        }
        let counts = Dictionary(grouping: plan, by: \.state).mapValues(\.count)
        let waiting = (counts[.waiting] ?? 0) > 0 ? ", \(counts[.waiting] ?? 0) väntar" : ""
        lines.append(
            "\(plan.count) planerade sändningar: \(counts[.recorded] ?? 0) i liggaren, \(counts[.due] ?? 0) att skicka, "
                + "\(counts[.upcoming] ?? 0) kommande, \(counts[.skipped] ?? 0) hoppas över\(waiting).")
        return lines
    }
}
