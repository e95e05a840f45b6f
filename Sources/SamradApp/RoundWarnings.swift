import Foundation
import SamradCore
import SamradStore

/// What a coordinator should know about a round's dates before it goes: a mailout or deadline on a closed
/// day, a deadline already passed, a mailout long after its date. Warnings only: nothing is refused.
public struct RoundWarnings: Sendable {
    /// Calendar days a mailout may go after its planned working day before `send` says it is late.
    public static let lateMailoutDays = 5

    let workspace: Workspace
    let calendar: WorkingDayCalendar

    /// Creates the use case.
    public init(_ workspace: Workspace, calendar: WorkingDayCalendar) {
        self.workspace = workspace
        self.calendar = calendar
    }

    /// A mailout or deadline on a closed day, with the working day used instead.
    public func dates(_ id: String) throws -> [String] {
        Self.dates(try ConsultationRegistrar.stored(id, in: workspace.database).consultation, calendar: calendar)
    }

    /// Before sending the mailout: the closed days and, while some body is still to be sent it, a deadline
    /// already passed or a mailout more than ``lateMailoutDays`` days after its working day.
    public func sending(_ id: String) throws -> [String] {
        let round = try ConsultationRegistrar.stored(id, in: workspace.database).consultation
        let toSend = try MailoutSender(workspace).plan(id).contains { !$0.alreadyQueued }
        return Self.dates(round, calendar: calendar)
            + (toSend ? Self.sending(round, calendar: calendar, today: LocalDate(containing: workspace.now())) : [])
    }

    /// A mailout or deadline on a closed day.
    public static func dates(_ round: Consultation, calendar: WorkingDayCalendar) -> [String] {
        var warnings: [String] = []
        if let closure = calendar.closure(on: round.mailout.date) {
            let used = calendar.nextWorkingDay(onOrAfter: round.mailout.date)
            warnings.append(
                "the mailout date \(round.mailout.date) of \(round.id) is a closed day (\(closure)): the mailout goes on the next working day, \(used) (\(used.swedishWeekday))"
            )
        }
        if let closure = calendar.closure(on: round.deadline) {
            let used = calendar.previousWorkingDay(onOrBefore: round.deadline)
            warnings.append(
                "the deadline \(round.deadline) of \(round.id) is a closed day (\(closure)): the last working day to answer on is \(used) (\(used.swedishWeekday)), and reminders count working days from the deadline"
            )
        }
        return warnings
    }

    /// A deadline already passed, or a mailout long after its date, on `today`.
    public static func sending(_ round: Consultation, calendar: WorkingDayCalendar, today: LocalDate) -> [String] {
        var warnings: [String] = []
        if today > round.deadline {
            warnings.append(
                "the deadline \(round.deadline) of \(round.id) has passed: the mailout asks for answers by a day already gone; "
                    + "set a new deadline in the round's file and add it again before sending")
        }
        let planned = calendar.nextWorkingDay(onOrAfter: round.mailout.date)
        let late =
            SwedishTime.calendar.dateComponents(
                [.day], from: SwedishTime.instant(planned, hour: 12, minute: 0), to: SwedishTime.instant(today, hour: 12, minute: 0)
            ).day ?? 0
        if late > lateMailoutDays {
            warnings.append("the mailout of \(round.id) goes \(late) days after its date, \(planned)")
        }
        return warnings
    }
}
