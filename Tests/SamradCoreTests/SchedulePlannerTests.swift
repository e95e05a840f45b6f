import Foundation
import SamradCore
import SamradTestSupport
import Testing

@Suite("The schedule of spring 2019")
struct SchedulePlannerTests {
    static let registry: Registry = {
        let folder = TestPaths.repository.appendingPathComponent("contacts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()) ?? []
        let files = names.compactMap { name in
            (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)).map {
                RegistryReader.File(name: name, text: $0)
            }
        }
        return Registry((try? RegistryReader.read(files)) ?? [])
    }()

    static let round: Consultation? = {
        let path = TestPaths.repository.appendingPathComponent("consultations/mal-2019.yaml")
        guard let text = try? String(contentsOf: path, encoding: .utf8) else { return nil }
        return try? ConsultationReader.read(text, file: path.path, registry: registry)
    }()

    let planner = SchedulePlanner()

    static func at(_ text: String) -> Date {
        SwedishTime.parseInstant(text) ?? Date.distantPast
    }

    static func day(_ text: String) throws -> LocalDate {
        try LocalDate(parsing: text)
    }

    func plan(at time: String, facts: ScheduleFacts = ScheduleFacts()) throws -> [PlannedSend] {
        planner.plan(try #require(Self.round), registry: Self.registry, facts: facts, now: Self.at(time))
    }

    @Test func everyDateIsAWorkingDay() throws {
        let calendar = WorkingDayCalendar()
        for send in try plan(at: "2019-04-01T09:00") {
            #expect(calendar.isWorkingDay(send.date), "\(send.purpose.label) to \(send.body) falls on \(send.date)")
        }
    }

    @Test func remindersAreCountedInWorkingDaysAcrossEasterMayDayAndAscension() throws {
        let sends = try plan(at: "2019-04-01T09:00")
        func dates(_ purpose: PlannedSend.Purpose) -> Set<String> {
            Set(sends.filter { $0.purpose == purpose }.map(\.date.description))
        }
        #expect(dates(.mailout) == ["2019-04-11"])
        #expect(dates(.reminder(Reminder(.beforeDeadline, days: 5))) == ["2019-05-10"])
        #expect(dates(.reminder(Reminder(.beforeDeadline, days: 1))) == ["2019-05-16"])
        #expect(dates(.reminder(Reminder(.afterDeadline, days: 2))) == ["2019-05-21"])
        #expect(dates(.reminder(Reminder(.afterDeadline, days: 5))) == ["2019-05-24"])
        // Two working days before Wednesday 24 April: Tuesday 23, then back over Easter Monday and Good Friday to Thursday 18.
        #expect(dates(.reminder(Reminder(.beforeDialogue, days: 2, dialogue: "budget-1"))) == ["2019-04-18"])
        #expect(dates(.reminder(Reminder(.beforeDialogue, days: 2, dialogue: "budget-2"))) == ["2019-05-07"])
    }

    @Test func theAgendaReminderCountsBackFromTheBodysLastMeetingBeforeTheDeadline() throws {
        let sends = try plan(at: "2019-04-01T09:00")
        let registry = Self.registry
        let round = try #require(Self.round)
        let calendar = WorkingDayCalendar()
        for body in round.recipients(in: registry) {
            let agenda = sends.filter {
                if $0.purpose.reminder?.kind == .beforeOwnMeeting { return $0.body == body.id }
                return false
            }
            #expect(agenda.count == 1, "\(body.id)")
            guard let send = agenda.first else { continue }
            if let meeting = body.meetings.last(where: { $0.date >= round.mailout.date && $0.date <= round.deadline }) {
                #expect(send.purpose == .reminder(Reminder(.beforeOwnMeeting, days: 10, meeting: meeting)))
                #expect(send.date == max(calendar.workingDays(10, before: meeting.date), try Self.day("2019-04-11")))
                #expect(send.recipients.map(\.address) == body.contacts(.secretary).map(\.email))
                #expect(send.recipients.allSatisfy { $0.role == .to })
            } else {
                // A body with no meeting before the deadline is reported, not silently left out.
                #expect(send.state == .skipped)
                #expect(send.reason.contains("no meeting between the mailout"))
            }
        }
        #expect(sends.contains { $0.body == "VN" && $0.state == .skipped && $0.reason.contains("no meeting") })
    }

    @Test func tenWorkingDaysBeforeTheFifteenthOfMayStepsOverTheFirstOfMay() throws {
        // BUN meets on 2019-05-15 in the sample registry.
        let bun = try #require(Self.registry["BUN"])
        #expect(bun.meetings.contains(Meeting(try Self.day("2019-05-15"))))
        let send = try #require(
            try plan(at: "2019-04-01T09:00").first { $0.body == "BUN" && $0.purpose.key.hasPrefix("reminder.before-meeting") })
        #expect(send.date.description == "2019-04-30")
    }

    @Test func afterTheDeadlineTheChairOrChiefExecutiveIsCopied() throws {
        let sends = try plan(at: "2019-05-21T09:00")
        let board = try #require(sends.first { $0.body == "BUN" && $0.purpose == .reminder(Reminder(.afterDeadline, days: 2)) })
        let bun = try #require(Self.registry["BUN"])
        #expect(board.state == .due)
        #expect(
            Set(board.recipients.filter { $0.role == .cc }.map(\.address))
                == Set((bun.contacts(.secretary) + bun.contacts(.chair)).map(\.email)))
        #expect(board.recipients.first == Recipient(address: try #require(bun.mailbox), role: .to, person: bun.name))
        let company = try #require(sends.first { $0.body == "HBAB" && $0.purpose == .reminder(Reminder(.afterDeadline, days: 2)) })
        let hbab = try #require(Self.registry["HBAB"])
        let expected = Set((hbab.contacts(.secretary) + hbab.contacts(.ceo) + hbab.contacts(.chair)).map(\.email))
        #expect(Set(company.recipients.filter { $0.role == .cc }.map(\.address)) == expected)
        #expect(!hbab.contacts(.ceo).isEmpty)
    }

    @Test func bodiesThatAnsweredOrDeclinedGetNoDeadlineReminders() throws {
        let facts = ScheduleFacts(answeredAreas: ["BUN": [1, 2, 3, 4], "SN": [1]], declined: ["TN"])
        let sends = try plan(at: "2019-05-10T09:00", facts: facts)
        func state(_ body: String) -> PlannedSend.State? {
            sends.first { $0.body == body && $0.purpose == .reminder(Reminder(.beforeDeadline, days: 5)) }?.state
        }
        #expect(state("BUN") == .skipped)
        #expect(state("TN") == .skipped)
        #expect(state("SN") == .due)
        #expect(state("MBN") == .due)
    }

    @Test func whatIsRecordedIsNotDueAgain() throws {
        let facts = ScheduleFacts(recorded: ["BUN": ["mailout", "reminder.before-deadline.5"]])
        let sends = try plan(at: "2019-05-10T09:00", facts: facts)
        #expect(sends.first { $0.body == "BUN" && $0.purpose == .mailout }?.state == .recorded)
        #expect(sends.first { $0.body == "BUN" && $0.purpose == .reminder(Reminder(.beforeDeadline, days: 5)) }?.state == .recorded)
        #expect(sends.first { $0.body == "SN" && $0.purpose == .mailout }?.state == .due)
    }

    @Test func nothingIsDueBeforeEightOrOnADayTheOfficesAreClosed() throws {
        #expect(try plan(at: "2019-04-11T07:59").filter { $0.state == .due }.isEmpty)
        #expect(!(try plan(at: "2019-04-11T08:00").filter { $0.state == .due }.isEmpty))
        // Good Friday and Easter Monday: what fell due on Thursday waits for Tuesday.
        let facts = ScheduleFacts(recorded: ["BUN": ["mailout"]])
        let friday = try plan(at: "2019-04-19T10:00", facts: facts)
        #expect(friday.filter { $0.state == .due }.isEmpty)
        let tuesday = try plan(at: "2019-04-23T10:00", facts: facts)
        #expect(
            tuesday.contains {
                $0.body == "BUN" && $0.purpose == .reminder(Reminder(.beforeDialogue, days: 2, dialogue: "budget-1")) && $0.state == .due
            })
    }

    @Test func aReminderAheadOfSomethingThatHasPassedIsSkipped() throws {
        let sends = try plan(at: "2019-05-20T09:00")
        #expect(sends.first { $0.body == "SN" && $0.purpose == .reminder(Reminder(.beforeDeadline, days: 5)) }?.state == .skipped)
        #expect(sends.first { $0.body == "SN" && $0.purpose == .reminder(Reminder(.afterDeadline, days: 2)) }?.state == .upcoming)
    }

    @Test func aClosedRoundGetsNothingMore() throws {
        let sends = try plan(at: "2019-05-21T09:00", facts: ScheduleFacts(closed: true))
        #expect(sends.filter { $0.state == .due }.isEmpty)
        #expect(sends.contains { $0.reason.contains("the round is closed") })
    }

    @Test func aRetiredBodyGetsNothingMore() throws {
        let round = try #require(Self.round)
        let retired = Registry(Self.registry.bodies, retired: ["BUN": Self.at("2019-04-15")])
        let sends = planner.plan(round, registry: retired, facts: ScheduleFacts(), now: Self.at("2019-05-21T09:00"))
        #expect(!sends.contains { $0.body == "BUN" })
        #expect(sends.contains { $0.body == "SN" })
    }

    @Test func invitationsGoWithTheMailoutAndAChangeSendsAnUpdate() throws {
        let round = try #require(Self.round)
        let first = try plan(at: "2019-04-11T08:00")
        let invitations = first.filter { if case .invitation = $0.purpose { return true } else { return false } }
        #expect(Set(invitations.map(\.body)) == Set(round.dialogues.flatMap(\.participants)))
        #expect(invitations.allSatisfy { $0.state == .due && $0.date.description == "2019-04-11" })

        // The invitation for budget-1 went out at SEQUENCE 0; then the round's file moved it.
        let budget1 = try #require(round.dialogues.first { $0.id == "budget-1" })
        var moved = round
        moved.dialogues[0].start = try LocalDateTime(parsing: "2019-04-24T13:00")
        moved.dialogues[0].end = try LocalDateTime(parsing: "2019-04-24T16:00")
        let sent = Dictionary(uniqueKeysWithValues: budget1.participants.map { ($0, Set(["mailout", "invitation.budget-1.0"])) })
        let facts = ScheduleFacts(
            recorded: sent, invitations: ["budget-1": InvitationVersion(sequence: 0, dialogue: budget1, cancelled: false)])
        let later = planner.plan(moved, registry: Self.registry, facts: facts, now: Self.at("2019-04-15T09:00"))
        let updates = later.filter { $0.purpose == .invitation(dialogue: "budget-1", sequence: 1) }
        #expect(Set(updates.map(\.body)) == Set(budget1.participants))
        #expect(updates.allSatisfy { $0.state == .due })

        // Removing it cancels it for everyone invited, with a higher SEQUENCE.
        var removed = round
        removed.dialogues.removeAll { $0.id == "budget-1" }
        let cancelled = planner.plan(removed, registry: Self.registry, facts: facts, now: Self.at("2019-04-15T09:00"))
            .filter { $0.purpose == .cancellation(dialogue: "budget-1", sequence: 1) }
        #expect(Set(cancelled.map(\.body)) == Set(budget1.participants))
    }

    @Test func theNextSendingMomentLetsAQuietCronRunStop() throws {
        let round = try #require(Self.round)
        let before = planner.dueAndNext(round, registry: Self.registry, facts: ScheduleFacts(), now: Self.at("2019-04-01T09:00"))
        #expect(before.due.isEmpty)
        #expect(before.next == Self.at("2019-04-11T08:00"))
        // On Good Friday what fell due on Thursday waits for Tuesday morning, after Easter Monday.
        let facts = ScheduleFacts(recorded: ["BUN": ["mailout"]])
        let friday = planner.dueAndNext(round, registry: Self.registry, facts: facts, now: Self.at("2019-04-19T10:00"))
        #expect(friday.due.isEmpty)
        #expect(friday.next == Self.at("2019-04-23T08:00"))
    }
}

/// What a run that comes late sends: one reminder per body and kind, and nothing to a body that
/// joined after the mailout until the coordinator says so.
@Suite("Catching up, and bodies that join late")
struct CatchUpTests {
    let planner = SchedulePlanner()

    func plan(at time: String, facts: ScheduleFacts) throws -> [PlannedSend] {
        planner.plan(
            try #require(SchedulePlannerTests.round), registry: SchedulePlannerTests.registry, facts: facts,
            now: SchedulePlannerTests.at(time))
    }

    /// Every recipient's mailout recorded on 11 April.
    static func mailedOnTime() throws -> ScheduleFacts {
        let round = try #require(SchedulePlannerTests.round)
        let bodies = round.recipients(in: SchedulePlannerTests.registry).map(\.id)
        return ScheduleFacts(
            recorded: Dictionary(uniqueKeysWithValues: bodies.map { ($0, ["mailout"]) }),
            mailedOut: Dictionary(uniqueKeysWithValues: bodies.map { ($0, SchedulePlannerTests.at("2019-04-11T08:05")) }))
    }

    @Test func ofSeveralOverdueRemindersOfAKindOnlyTheLatestIsDue() throws {
        let sends = try plan(at: "2019-05-27T08:05", facts: try Self.mailedOnTime())
        let sn = sends.filter { $0.body == "SN" }
        #expect(sn.first { $0.purpose == .reminder(Reminder(.afterDeadline, days: 5)) }?.state == .due)
        let earlier = try #require(sn.first { $0.purpose == .reminder(Reminder(.afterDeadline, days: 2)) })
        #expect(earlier.state == .skipped)
        #expect(earlier.reason.hasSuffix("skipped: superseded by after_deadline 5"))
    }

    @Test func aReminderAlreadySentSupersedesAnEarlierOneStillUnsent() throws {
        var facts = try Self.mailedOnTime()
        facts.recorded["SN", default: []].insert("reminder.after-deadline.5")
        let sends = try plan(at: "2019-05-28T08:05", facts: facts)
        #expect(sends.first { $0.body == "SN" && $0.purpose == .reminder(Reminder(.afterDeadline, days: 2)) }?.state == .skipped)
        #expect(sends.first { $0.body == "SN" && $0.purpose == .reminder(Reminder(.afterDeadline, days: 5)) }?.state == .recorded)
    }

    @Test func onTheSameDayTheReminderNearerTheDeadlineGoes() throws {
        // Both reminders before the deadline are overdue on 16 May when the cron job was down from 9 May.
        let sends = try plan(at: "2019-05-16T08:05", facts: try Self.mailedOnTime())
        #expect(sends.first { $0.body == "BUN" && $0.purpose == .reminder(Reminder(.beforeDeadline, days: 1)) }?.state == .due)
        #expect(
            sends.first { $0.body == "BUN" && $0.purpose == .reminder(Reminder(.beforeDeadline, days: 5)) }?.reason.hasSuffix(
                "superseded by before_deadline 1")
                == true)
    }

    @Test func aStaleRoundGetsItsMailoutAndNoReminderToAnswerThatFellDueBeforeIt() throws {
        let sends = try plan(at: "2019-05-27T08:05", facts: ScheduleFacts())
        let due = sends.filter { $0.state == .due }
        #expect(!due.isEmpty && due.allSatisfy { $0.purpose == .mailout }, "\(due.filter { $0.purpose != .mailout }.map(\.purpose.label))")
        let late = sends.filter { $0.purpose.reminder?.kind == .afterDeadline }
        #expect(late.allSatisfy { $0.state == .skipped && $0.reason.contains("before the body was sent the mailout on 2019-05-27") })
    }

    @Test func aBodyThatJoinedAfterTheMailoutWaits() throws {
        var facts = try Self.mailedOnTime()
        facts.mailedOut["BUN"] = nil
        facts.recorded["BUN"] = nil
        facts.joined = ["BUN": SchedulePlannerTests.at("2019-04-15T09:00"), "SN": SchedulePlannerTests.at("2019-03-01T09:00")]
        let sends = try plan(at: "2019-04-18T08:05", facts: facts)
        let bun = sends.filter { $0.body == "BUN" }
        #expect(!bun.isEmpty && bun.allSatisfy { $0.state == .waiting })
        #expect(bun.allSatisfy { $0.reason == "joined the registry after the mailout; 'samrad send mal-2019 --include-new' mails it" })
        #expect(sends.first { $0.body == "SN" && $0.purpose == .mailout }?.state == .recorded)
        // A body that joined before the mailout, or that the round's file names, does not wait.
        var named = try #require(SchedulePlannerTests.round)
        named.recipients.ids = ["BUN"]
        let waiting = named.waitingRecipients(in: SchedulePlannerTests.registry, mailedOut: facts.mailedOut, joined: facts.joined)
        #expect(waiting.isEmpty)
        #expect(
            try #require(SchedulePlannerTests.round).waitingRecipients(
                in: SchedulePlannerTests.registry, mailedOut: facts.mailedOut, joined: facts.joined
            ).map(\.id) == ["BUN"])
        // Before any mailout nobody waits.
        #expect(
            try #require(SchedulePlannerTests.round).waitingRecipients(
                in: SchedulePlannerTests.registry, mailedOut: [:], joined: facts.joined
            )
            .isEmpty)
    }
}
