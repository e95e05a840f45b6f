import Foundation
import SamradCore
import SamradMail
import SamradStore

/// A round's subscribable calendar: its dialogues, the mailout, the deadline and the milestones.
public struct RoundCalendar: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The iCalendar (METHOD:PUBLISH) text of a round.
    public func publish(_ id: String) throws -> String {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let round = stored.consultation
        let composer = try MessageRenderer.composer(for: stored)
        let domain = round.from.email.asciiDomain
        // A dialogue carries the SEQUENCE of its last invitation, so subscribers see updates too.
        let invitations = try workspace.database.scheduleFacts(for: stored).invitations
        var events = round.dialogues.map { dialogue in
            var event = composer.event(
                InvitationVersion(sequence: invitations[dialogue.id]?.sequence ?? 0, dialogue: dialogue, cancelled: false), attendees: [])
            event.organizer = nil
            return event
        }
        func allDay(_ key: String, _ date: LocalDate, _ summary: String) -> CalendarEvent {
            CalendarEvent(
                uid: "\(round.id).\(key)@\(domain)", sequence: 0, timing: .allDay(date), summary: summary, location: nil,
                description: "\(round.title), diarienummer \(round.reference).", status: .confirmed, organizer: nil, attendees: [])
        }
        events.append(allDay("mailout", round.mailout.date, "Utskick: \(round.title) \(round.subjectTag)"))
        events.append(allDay("deadline", round.deadline, "Sista dag för svar: \(round.title) \(round.subjectTag)"))
        for milestone in round.milestones {
            events.append(allDay("milestone.\(milestone.date)", milestone.date, milestone.title))
        }
        do {
            return try ICalendarWriter.render(
                method: .publish, events: events, stamp: stored.updatedAt, name: "\(round.title) (\(round.reference))")
        } catch {
            throw SamradError(.dataError, "the round's calendar cannot be written: \(error)")
        }
    }
}
