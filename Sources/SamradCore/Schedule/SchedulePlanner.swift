import Foundation

/// Plans every send of a round — mailout, invitations, reminders — on Swedish working days.
///
/// A pure function of the round, the registry, the facts of the ledger and the responses, and
/// the moment: it returns decisions with their reasons and touches nothing. The `remind` command
/// carries out the ones that are due; `schedule` shows them all.
public struct SchedulePlanner: Sendable {
    /// The hour of the day (Swedish time) a send planned for a day goes at the earliest.
    public static let sendHour = 8

    /// The working-day calendar reminders are counted in.
    public let calendar: WorkingDayCalendar

    /// Creates a planner.
    public init(calendar: WorkingDayCalendar = WorkingDayCalendar()) {
        self.calendar = calendar
    }

    /// Every send of the round, past and future, with its state at `now`, in date order.
    public func plan(_ round: Consultation, registry: Registry, facts: ScheduleFacts, now: Date) -> [PlannedSend] {
        plan(round, registry: registry, facts: facts, now: now, upcoming: true)
    }

    /// The sends whose time has come and that the ledger does not hold yet.
    public func due(_ round: Consultation, registry: Registry, facts: ScheduleFacts, now: Date) -> [PlannedSend] {
        // The cron job asks this every few minutes of every open round: sends whose day is still
        // ahead are passed over before their recipients and reasons are put together.
        plan(round, registry: registry, facts: facts, now: now, upcoming: false).filter { $0.state == .due }
    }

    /// The sends due now, and the moment the round next has one (nil when nothing more is planned).
    public func dueAndNext(_ round: Consultation, registry: Registry, facts: ScheduleFacts, now: Date) -> (
        due: [PlannedSend], next: Date?
    ) {
        let all = plan(round, registry: registry, facts: facts, now: now, upcoming: true)
        let upcoming = all.filter { $0.state == .upcoming }.map(\.date).min()
        // A send whose day has come but waits for opening time or a working day goes at the next sending moment.
        let next = upcoming.map { max(SwedishTime.instant($0, hour: Self.sendHour, minute: 0), nextSendingMoment(after: now)) }
        return (all.filter { $0.state == .due }, next)
    }

    /// The first moment after `now` at which sends may go: 08.00 on a working day.
    func nextSendingMoment(after now: Date) -> Date {
        let today = LocalDate(containing: now)
        let opening = SwedishTime.instant(today, hour: Self.sendHour, minute: 0)
        if calendar.isWorkingDay(today) && now < opening { return opening }
        return SwedishTime.instant(calendar.nextWorkingDay(onOrAfter: today.adding(days: 1)), hour: Self.sendHour, minute: 0)
    }

    func plan(_ round: Consultation, registry: Registry, facts: ScheduleFacts, now: Date, upcoming: Bool) -> [PlannedSend] {
        let context = RoundContext(round: round, calendar: calendar, facts: facts, today: LocalDate(containing: now), upcoming: upcoming)
        let recipients = round.recipients(in: registry)
        var sends: [PlannedSend] = []
        // Bodies share meeting days; each day's count is made once.
        var meetingDays: [Meeting: [(days: Int, counted: LocalDate)]] = [:]
        for body in recipients {
            sends += mailout(body, context)
            sends += answerReminders(.beforeDeadline, body, context)
            sends += answerReminders(.afterDeadline, body, context)
            sends += dialogueReminders(body, context)
            sends += agendaReminders(body, context, meetingDays: &meetingDays)
        }
        if upcoming || context.mailoutDay <= context.today {
            sends += invitations(round, registry: registry, recipients: recipients, context)
            sends += cancellations(registry: registry, context)
        }
        let waiting = Set(round.waitingRecipients(in: registry, mailedOut: facts.mailedOut, joined: facts.joined).map(\.id))
        var states = sends.map { send in
            guard waiting.contains(send.body) else { return state(of: send, round: round, facts: facts, now: now) }
            var item = send
            item.state = .waiting
            item.reason = round.waitingReason
            return item
        }
        catchUp(&states, facts: facts, today: context.today)
        return states.sorted { ($0.date, $0.body, $0.purpose.key) < ($1.date, $1.body, $1.purpose.key) }
    }

    /// What the planning of one round works from: the round, the facts, today, the mailout day, and the days that
    /// depend on the round alone (counted once rather than once per body).
    struct RoundContext {
        let round: Consultation
        let facts: ScheduleFacts
        let today: LocalDate
        /// Whether sends still ahead are planned too (for `schedule`), or only those whose day has come (for `remind`).
        let upcoming: Bool
        /// The working day the mailout goes.
        let mailoutDay: LocalDate
        /// Why the mailout does not go on the round's date, or "".
        let mailoutMoved: String
        /// The day each answer reminder is counted to, by kind and days.
        let answerDays: [ReminderKind: [(days: Int, date: LocalDate)]]
        /// The day each dialogue reminder is counted to, by dialogue.
        let dialogueDays: [String: [(days: Int, date: LocalDate)]]

        init(round: Consultation, calendar: WorkingDayCalendar, facts: ScheduleFacts, today: LocalDate, upcoming: Bool) {
            self.round = round
            self.facts = facts
            self.today = today
            self.upcoming = upcoming
            mailoutDay = calendar.nextWorkingDay(onOrAfter: round.mailout.date)
            mailoutMoved =
                mailoutDay == round.mailout.date
                ? "" : " (\(round.mailout.date) is \(calendar.closure(on: round.mailout.date) ?? "not a working day"))"
            answerDays = [
                .beforeDeadline: round.reminders[.beforeDeadline].map { ($0, calendar.workingDays($0, before: round.deadline)) },
                .afterDeadline: round.reminders[.afterDeadline].map { ($0, calendar.workingDays($0, after: round.deadline)) },
            ]
            dialogueDays = Dictionary(
                uniqueKeysWithValues: round.dialogues.map { dialogue in
                    (dialogue.id, round.reminders[.beforeDialogue].map { ($0, calendar.workingDays($0, before: dialogue.start.date)) })
                })
        }

        /// Whether a send on a day is planned at all: every send for `schedule`, only those whose day has come for
        /// `remind`, which then spares itself the rest's recipients and reasons.
        func plans(_ date: LocalDate) -> Bool {
            upcoming || date <= today
        }

        /// Why a body is sent no more reminders to answer, or nil.
        func done(_ body: Body) -> String? {
            if facts.declined.contains(body.id) { return "the body has declined to answer" }
            let areas = Set(round.goalAreas.map(\.id))
            return areas.isSubset(of: facts.answeredAreas[body.id] ?? []) ? "the body has answered every goal area" : nil
        }
    }

    /// The mailout, on the round's date or the next working day.
    private func mailout(_ body: Body, _ context: RoundContext) -> [PlannedSend] {
        guard context.plans(context.mailoutDay) else { return [] }
        return [send(.mailout, body: body, on: context.mailoutDay, to: body.recipients, reason: "the mailout date\(context.mailoutMoved)")]
    }

    /// The reminders to answer of one kind (before or after the deadline): to bodies that have not answered every
    /// area; after the deadline, to those who answer for the body too.
    private func answerReminders(_ kind: ReminderKind, _ body: Body, _ context: RoundContext) -> [PlannedSend] {
        let deadline = context.round.deadline
        return (context.answerDays[kind] ?? []).compactMap { days, counted in
            let date = kind == .beforeDeadline ? max(counted, context.mailoutDay) : counted
            guard context.plans(date) else { return nil }
            let reason: String
            let recipients: [Recipient]
            switch kind {
            case .beforeDeadline:
                reason = "\(days) working days before the deadline \(deadline)"
                recipients = body.recipients
            case .afterDeadline:
                let answerable = body.kind == .company ? "chief executive and chair" : "chair"
                reason = "\(days) working days after the deadline \(deadline), also to the \(answerable)"
                recipients = body.escalatedRecipients
            case .beforeDialogue, .beforeOwnMeeting:
                return nil
            }
            var item = send(.reminder(Reminder(kind, days: days)), body: body, on: date, to: recipients, reason: reason)
            if let done = context.done(body) { item.skip(done) }
            return item
        }
    }

    /// The reminders before each dialogue the body takes part in.
    private func dialogueReminders(_ body: Body, _ context: RoundContext) -> [PlannedSend] {
        context.round.dialogues.filter { $0.participants.contains(body.id) }.flatMap { dialogue in
            (context.dialogueDays[dialogue.id] ?? []).compactMap { days, counted -> PlannedSend? in
                let date = max(counted, context.mailoutDay)
                guard context.plans(date) else { return nil }
                return send(
                    .reminder(Reminder(.beforeDialogue, days: days, dialogue: dialogue.id)), body: body, on: date, to: body.recipients,
                    reason: "\(days) working days before \(dialogue.title) on \(dialogue.start.date)")
            }
        }
    }

    /// The reminders to the body's secretaries to put the round on the agenda of its last meeting before the
    /// deadline; a body with no such meeting gets a skipped entry saying so.
    private func agendaReminders(
        _ body: Body, _ context: RoundContext, meetingDays: inout [Meeting: [(days: Int, counted: LocalDate)]]
    ) -> [PlannedSend] {
        let round = context.round
        let rules = round.reminders[.beforeOwnMeeting]
        guard let first = rules.first else { return [] }
        guard let meeting = round.agendaMeeting(of: body) else {
            guard context.plans(context.mailoutDay) else { return [] }
            var item = send(.reminder(Reminder(.beforeOwnMeeting, days: first)), body: body, on: context.mailoutDay, to: [], reason: "")
            item.skip("the body has no meeting between the mailout (\(round.mailout.date)) and the deadline (\(round.deadline))")
            return [item]
        }
        if meetingDays[meeting] == nil { meetingDays[meeting] = rules.map { ($0, calendar.workingDays($0, before: meeting.date)) } }
        return (meetingDays[meeting] ?? []).compactMap { days, counted in
            let date = max(counted, context.mailoutDay)
            guard context.plans(date) else { return nil }
            let recipients = body.secretaryRecipients
            var item = send(
                .reminder(Reminder(.beforeOwnMeeting, days: days, meeting: meeting)), body: body, on: date, to: recipients,
                reason: "\(days) working days before the body's meeting on \(meeting)"
                    + (counted < context.mailoutDay ? "; that falls before the mailout, so it goes with the mailout" : ""))
            if let done = context.done(body) {
                item.skip(done)
            } else if recipients.isEmpty {
                item.skip("the body has no secretary in the registry")
            }
            return item
        }
    }

    /// What a run that comes late (a round added after its dates, a body mailed late, a cron job
    /// that was down) sends: one reminder per body and kind, the latest; and no reminder to answer
    /// that was due before the body had even been sent the mailout.
    private func catchUp(_ sends: inout [PlannedSend], facts: ScheduleFacts, today: LocalDate) {
        for index in sends.indices where sends[index].state == .due {
            let send = sends[index]
            guard case .answer(_)? = send.purpose.reminderGroup else { continue }
            let recorded = facts.recorded[send.body]?.contains(PlannedSend.Purpose.mailout.key) == true
            // A mailout not recorded yet goes today at the earliest.
            guard let mailed = recorded ? facts.mailedOut[send.body].map(LocalDate.init(containing:)) : today else { continue }
            if send.date < mailed {
                sends[index].skip("it fell due on \(send.date), before the body was sent the mailout on \(mailed)")
            }
        }
        let groups = Dictionary(grouping: sends.indices.filter { sends[$0].purpose.reminderGroup != nil }) {
            "\(sends[$0].body) \(sends[$0].purpose.reminderGroup?.name ?? "")"
        }
        for members in groups.values {
            let standing = members.filter { [.due, .recorded].contains(sends[$0].state) }
            guard
                let latest = standing.max(by: {
                    sends[$0].purpose.reminderOrder(on: sends[$0].date) < sends[$1].purpose.reminderOrder(on: sends[$1].date)
                })
            else { continue }
            for index in standing where index != latest && sends[index].state == .due {
                sends[index].skip("superseded by \(sends[latest].purpose.label)")
            }
        }
    }

    /// The invitation to each dialogue for its participants, with the mailout; an update with a higher SEQUENCE when
    /// the dialogue changed since the last one went.
    private func invitations(_ round: Consultation, registry: Registry, recipients: [Body], _ context: RoundContext) -> [PlannedSend] {
        var sends: [PlannedSend] = []
        let asked = Set(recipients.map(\.id))
        for dialogue in round.dialogues {
            let last = context.facts.invitations[dialogue.id]
            let sequence: Int
            let reason: String
            if let last, !last.cancelled, last.dialogue.fingerprint == dialogue.fingerprint {
                sequence = last.sequence
                reason = "the invitation to \(dialogue.title) on \(dialogue.start.date)"
            } else if let last {
                sequence = last.sequence + 1
                reason = "\(dialogue.title) changed since the invitation: an update with SEQUENCE \(sequence)"
            } else {
                sequence = 0
                reason = "the invitation to \(dialogue.title) on \(dialogue.start.date), with the mailout"
            }
            for id in dialogue.participants where asked.contains(id) {
                guard let body = registry[id] else { continue }
                sends.append(
                    send(
                        .invitation(dialogue: dialogue.id, sequence: sequence), body: body, on: context.mailoutDay, to: body.recipients,
                        reason: reason))
            }
        }
        return sends
    }

    /// A dialogue removed from the round's file is cancelled for every body that was invited.
    private func cancellations(registry: Registry, _ context: RoundContext) -> [PlannedSend] {
        var sends: [PlannedSend] = []
        let current = Set(context.round.dialogues.map(\.id))
        for (id, last) in context.facts.invitations.sorted(by: { $0.key < $1.key }) where !current.contains(id) {
            let invited = context.facts.recorded.filter { $0.value.contains { $0.hasPrefix("invitation.\(id).") } }.keys.sorted()
            let sequence = last.cancelled ? last.sequence : last.sequence + 1
            for bodyID in invited {
                guard let body = registry[bodyID] else { continue }
                sends.append(
                    send(
                        .cancellation(dialogue: id, sequence: sequence), body: body, on: context.mailoutDay, to: body.recipients,
                        reason: "\(last.dialogue.title) on \(last.dialogue.start.date) was removed from the round: a cancellation"))
            }
        }
        return sends
    }

    private func state(of item: PlannedSend, round: Consultation, facts: ScheduleFacts, now: Date) -> PlannedSend {
        var item = item
        if facts.recorded[item.body]?.contains(item.purpose.key) == true {
            item.state = .recorded
            return item
        }
        guard item.state != .skipped else { return item }
        if facts.closed {
            item.skip("the round is closed")
            return item
        }
        let sendAt = SwedishTime.instant(item.date, hour: Self.sendHour, minute: 0)
        let today = LocalDate(containing: now)
        // Nothing goes on a day the offices are closed: what falls due then waits for the next working day.
        guard now >= sendAt, calendar.isWorkingDay(today), now >= SwedishTime.instant(today, hour: Self.sendHour, minute: 0) else {
            item.state = .upcoming
            return item
        }
        // A reminder ahead of something is pointless once that something has passed.
        if let passed = passed(item.purpose, round: round, now: now) { item.skip(passed) }
        if item.state != .skipped { item.state = .due }
        return item
    }

    /// Why a send whose day has come is pointless because what it is ahead of has passed, or nil.
    private func passed(_ purpose: PlannedSend.Purpose, round: Consultation, now: Date) -> String? {
        switch purpose {
        case .reminder(let reminder):
            switch reminder.kind {
            case .beforeDeadline:
                return now >= round.deadlineInstant ? "the deadline passed before it could go" : nil
            case .beforeDialogue:
                guard let dialogue = round.dialogues.first(where: { $0.id == reminder.dialogue }) else { return nil }
                return now >= dialogue.start.instant ? "the dialogue began before it could go" : nil
            case .beforeOwnMeeting:
                guard let meeting = reminder.meeting else { return nil }
                return now >= meeting.date.start ? "the meeting was held before it could go" : nil
            case .afterDeadline:
                return nil
            }
        case .invitation(let id, _):
            guard let dialogue = round.dialogues.first(where: { $0.id == id }) else { return nil }
            return now >= dialogue.end.instant ? "the dialogue is over" : nil
        case .mailout, .cancellation, .notice, .changes:
            return nil
        }
    }

    private func send(_ purpose: PlannedSend.Purpose, body: Body, on date: LocalDate, to recipients: [Recipient], reason: String)
        -> PlannedSend
    {
        PlannedSend(purpose: purpose, body: body.id, date: date, recipients: recipients, reason: reason, state: .upcoming)
    }
}

extension PlannedSend.Purpose {
    /// Reminders that replace one another when several fall due at once.
    enum ReminderGroup: Equatable {
        /// Reminders to answer: before and after the deadline; only those wait for the body's mailout.
        case answer(String)
        /// Reminders of a dialogue or of the body's own meeting.
        case event(String)

        var name: String {
            switch self {
            case .answer(let name), .event(let name): name
            }
        }
    }

    /// The group a reminder belongs to; nil for what is not a reminder.
    var reminderGroup: ReminderGroup? {
        guard let reminder else { return nil }
        let name = reminder.kind.fileKey + (reminder.dialogue.map { ".\($0)" } ?? "")
        return reminder.kind.remindsToAnswer ? .answer(name) : .event(name)
    }

    /// Orders the reminders of a group, the latest last: by day, then the one nearer its event (after the deadline:
    /// the one further from it).
    func reminderOrder(on date: LocalDate) -> (LocalDate, Int) {
        guard let reminder else { return (date, 0) }
        return (date, reminder.kind == .afterDeadline ? reminder.days : -reminder.days)
    }
}

extension PlannedSend {
    mutating func skip(_ reason: String) {
        state = .skipped
        self.reason = self.reason.isEmpty ? reason : "\(self.reason); skipped: \(reason)"
    }
}
