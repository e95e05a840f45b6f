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
        let today = LocalDate(containing: now)
        let recipients = round.recipients(in: registry)
        var sends: [PlannedSend] = []
        /// Adds a send, building its recipients and reason only when it is to be shown or may be due.
        func add(
            _ purpose: PlannedSend.Purpose, _ body: Body, on date: LocalDate, to recipients: @autoclosure () -> [PlannedRecipient],
            reason: @autoclosure () -> String, skip: @autoclosure () -> String? = nil
        ) {
            guard upcoming || date <= today else { return }
            var item = send(purpose, body: body, on: date, to: recipients(), reason: reason())
            if let why = skip() { item.skip(why) }
            sends.append(item)
        }
        // Dates that depend on the round alone, counted once rather than once per body.
        let deadlineReminders = round.reminders.beforeDeadline.map { ($0, calendar.workingDays($0, before: round.deadline)) }
        let lateReminders = round.reminders.afterDeadline.map { ($0, calendar.workingDays($0, after: round.deadline)) }
        let dialogueReminders = Dictionary(
            uniqueKeysWithValues: round.dialogues.map { dialogue in
                (dialogue.id, round.reminders.beforeDialogue.map { ($0, calendar.workingDays($0, before: dialogue.start.date)) })
            })
        let mailoutDay = calendar.nextWorkingDay(onOrAfter: round.mailout.date)
        let mailoutMoved = mailoutDay == round.mailout.date ? "" : " (\(round.mailout.date) is \(closure(round.mailout.date)))"

        let areaIDs = Set(round.goalAreas.map(\.id))
        // Bodies share meeting days; each day's count is made once.
        var meetingReminders: [LocalDate: [(days: Int, counted: LocalDate)]] = [:]
        for body in recipients {
            let answeredAll = areaIDs.isSubset(of: facts.answeredAreas[body.id] ?? [])
            let done = answeredAll || facts.declined.contains(body.id)
            let doneReason = facts.declined.contains(body.id) ? "the body has declined to answer" : "the body has answered every goal area"

            add(.mailout, body, on: mailoutDay, to: mailbox(body) + secretaries(body), reason: "the mailout date\(mailoutMoved)")

            for (days, day) in deadlineReminders {
                add(
                    .beforeDeadline(days: days), body, on: max(day, mailoutDay), to: mailbox(body) + secretaries(body),
                    reason: "\(days) working days before the deadline \(round.deadline)", skip: done ? doneReason : nil)
            }
            for (days, day) in lateReminders {
                add(
                    .afterDeadline(days: days), body, on: day,
                    to: mailbox(body) + secretaries(body)
                        + ((body.kind == .company ? body.contacts(.ceo) : []) + body.contacts(.chair)).map {
                            PlannedRecipient(address: $0.email, cc: true)
                        },
                    reason:
                        "\(days) working days after the deadline \(round.deadline), also to the \(body.kind == .company ? "chief executive and chair" : "chair")",
                    skip: done ? doneReason : nil)
            }
            for dialogue in round.dialogues where dialogue.participants.contains(body.id) {
                for (days, day) in dialogueReminders[dialogue.id] ?? [] {
                    add(
                        .beforeDialogue(dialogue: dialogue.id, days: days), body, on: max(day, mailoutDay),
                        to: mailbox(body) + secretaries(body),
                        reason: "\(days) working days before \(dialogue.title) on \(dialogue.start.date)")
                }
            }
            if !round.reminders.beforeOwnMeeting.isEmpty {
                if let meeting = body.meetings.last(where: { $0 >= round.mailout.date && $0 <= round.deadline }) {
                    if meetingReminders[meeting] == nil {
                        meetingReminders[meeting] = round.reminders.beforeOwnMeeting.map { ($0, calendar.workingDays($0, before: meeting)) }
                    }
                    for (days, counted) in meetingReminders[meeting] ?? [] {
                        let day = max(counted, mailoutDay)
                        let secretaries = secretaries(body).map { PlannedRecipient(address: $0.address, cc: false) }
                        add(
                            .beforeOwnMeeting(meeting: meeting, days: days), body, on: day, to: secretaries,
                            reason: "\(days) working days before the body's meeting on \(meeting)"
                                + (counted < mailoutDay ? "; that falls before the mailout, so it goes with the mailout" : ""),
                            skip: done ? doneReason : secretaries.isEmpty ? "the body has no secretary in the registry" : nil)
                    }
                } else {
                    add(
                        .beforeOwnMeeting(meeting: round.deadline, days: round.reminders.beforeOwnMeeting[0]), body, on: mailoutDay, to: [],
                        reason: "",
                        skip: "the body has no meeting between the mailout (\(round.mailout.date)) and the deadline (\(round.deadline))")
                }
            }
        }
        if upcoming || mailoutDay <= today {
            sends += invitations(round, registry: registry, recipients: recipients, facts: facts, mailoutDay: mailoutDay)
        }
        let waiting = Set(round.waitingRecipients(in: registry, mailedOut: facts.mailedOut, joined: facts.joined).map(\.id))
        var states = sends.map { send in
            guard waiting.contains(send.body) else { return state(of: send, round: round, facts: facts, now: now) }
            var item = send
            item.state = .waiting
            item.reason = round.waitingReason
            return item
        }
        catchUp(&states, facts: facts, today: today)
        return states.sorted { ($0.date, $0.body, $0.purpose.key) < ($1.date, $1.body, $1.purpose.key) }
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

    private func invitations(
        _ round: Consultation, registry: Registry, recipients: [Body], facts: ScheduleFacts, mailoutDay: LocalDate
    ) -> [PlannedSend] {
        var sends: [PlannedSend] = []
        let asked = Set(recipients.map(\.id))
        for dialogue in round.dialogues {
            let last = facts.invitations[dialogue.id]
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
                        .invitation(dialogue: dialogue.id, sequence: sequence), body: body, on: mailoutDay,
                        to: mailbox(body) + secretaries(body), reason: reason))
            }
        }
        // A dialogue removed from the round's file is cancelled for every body that was invited.
        let current = Set(round.dialogues.map(\.id))
        for (id, last) in facts.invitations.sorted(by: { $0.key < $1.key }) where !current.contains(id) {
            let invited = facts.recorded.filter { $0.value.contains { $0.hasPrefix("invitation.\(id).") } }.keys.sorted()
            let sequence = last.cancelled ? last.sequence : last.sequence + 1
            for bodyID in invited {
                guard let body = registry[bodyID] else { continue }
                sends.append(
                    send(
                        .cancellation(dialogue: id, sequence: sequence), body: body, on: mailoutDay,
                        to: mailbox(body) + secretaries(body),
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
        switch item.purpose {
        case .beforeDeadline:
            if now >= round.deadlineInstant { item.skip("the deadline passed before it could go") }
        case .beforeDialogue(let id, _):
            if let dialogue = round.dialogues.first(where: { $0.id == id }), now >= dialogue.start.instant {
                item.skip("the dialogue began before it could go")
            }
        case .beforeOwnMeeting(let meeting, _):
            if now >= meeting.start { item.skip("the meeting was held before it could go") }
        case .invitation(let id, _):
            if let dialogue = round.dialogues.first(where: { $0.id == id }), now >= dialogue.end.instant {
                item.skip("the dialogue is over")
            }
        case .mailout, .afterDeadline, .cancellation, .notice:
            break
        }
        if item.state != .skipped { item.state = .due }
        return item
    }

    private func send(
        _ purpose: PlannedSend.Purpose, body: Body, on date: LocalDate, to recipients: [PlannedRecipient], reason: String
    )
        -> PlannedSend
    {
        var seen = Set<String>()
        let unique = recipients.filter { seen.insert($0.address.normalized).inserted }
        return PlannedSend(purpose: purpose, body: body.id, date: date, recipients: unique, reason: reason, state: .upcoming)
    }

    private func mailbox(_ body: Body) -> [PlannedRecipient] {
        body.mailbox.map { [PlannedRecipient(address: $0, cc: false)] } ?? []
    }

    private func secretaries(_ body: Body) -> [PlannedRecipient] {
        body.contacts(.secretary).map { PlannedRecipient(address: $0.email, cc: true) }
    }

    private func closure(_ date: LocalDate) -> String {
        calendar.closure(on: date) ?? "not a working day"
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
        switch self {
        case .beforeDeadline: .answer("before-deadline")
        case .afterDeadline: .answer("after-deadline")
        case .beforeDialogue(let dialogue, _): .event("before-dialogue.\(dialogue)")
        case .beforeOwnMeeting: .event("before-meeting")
        case .mailout, .invitation, .cancellation, .notice: nil
        }
    }

    /// Orders the reminders of a group, the latest last: by day, then the one nearer its event.
    func reminderOrder(on date: LocalDate) -> (LocalDate, Int) {
        switch self {
        case .beforeDeadline(let days), .beforeDialogue(_, let days), .beforeOwnMeeting(_, let days): (date, -days)
        case .afterDeadline(let days): (date, days)
        case .mailout, .invitation, .cancellation, .notice: (date, 0)
        }
    }
}

extension PlannedSend {
    mutating func skip(_ reason: String) {
        state = .skipped
        self.reason = self.reason.isEmpty ? reason : "\(self.reason); skipped: \(reason)"
    }
}
