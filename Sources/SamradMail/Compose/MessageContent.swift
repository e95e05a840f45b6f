import Foundation
import SamradCore

/// Everything a message template can show, as plain values: the round, the body, dates in Swedish.
///
/// Templates are Mustache; a round may name its own for any message (`templates:`). The keys are the
/// contract for template authors and are listed in the README; `TemplateCheck` knows them from here.
public struct MessageContent: Sendable {
    var values: [String: any Sendable]

    /// The context for one body's copy of a round's mailout.
    public init(consultation: Consultation, body: Body, attachmentNames: [String], replyAddress: EmailAddress) {
        let dialogues = consultation.dialogues.filter { $0.participants.contains(body.id) }
        let nextMeeting = consultation.agendaMeeting(of: body)?.date
        values = [
            "consultation": [
                "id": consultation.id, "reference": consultation.reference, "title": consultation.title,
                "summary": consultation.summary?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "",
            ] as [String: any Sendable],
            "body": ["id": body.id, "name": body.name, "kind": body.kind.swedish] as [String: any Sendable],
            "goal_areas": consultation.goalAreas.map { ["id": String($0.id), "title": $0.title] },
            "deadline": consultation.deadline.swedish,
            "deadline_weekday": consultation.deadline.swedishWeekday,
            "has_next_meeting": nextMeeting != nil,
            "next_meeting": nextMeeting?.swedish ?? "",
            "has_summary": !(consultation.summary ?? "").isEmpty,
            "dialogues": dialogues.map(Self.dialogue),
            "has_attachments": !attachmentNames.isEmpty,
            "attachments": attachmentNames,
            "has_milestones": !consultation.milestones.isEmpty,
            "milestones": consultation.milestones.map { ["date": $0.date.swedish, "title": $0.title] },
            "from": ["name": consultation.from.name, "email": consultation.from.email.description],
            "reply_address": replyAddress.description,
        ]
        let signature = consultation.signature ?? "\(consultation.from.name)\n\(replyAddress)"
        values["signature"] = signature
        values["signature_lines"] = signature.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The context for a reminder: the mailout's keys plus what the reminder is about.
    public init(
        reminder purpose: PlannedSend.Purpose, consultation: Consultation, body: Body, openAreas: [GoalArea],
        replyAddress: EmailAddress
    ) {
        self.init(consultation: consultation, body: body, attachmentNames: [], replyAddress: replyAddress)
        values["has_open_areas"] = !openAreas.isEmpty && openAreas.count < consultation.goalAreas.count
        values["open_areas"] = openAreas.map { ["id": String($0.id), "title": $0.title] }
        guard let reminder = purpose.reminder else { return }
        // The template tells the kinds apart by a flag named as the round's file names the kind: `before_deadline` …
        values[reminder.kind.fileKey] = true
        switch reminder.kind {
        case .beforeDialogue:
            if let dialogue = consultation.dialogues.first(where: { $0.id == reminder.dialogue }) {
                values["dialogue"] = Self.dialogue(dialogue)
            }
        case .beforeOwnMeeting:
            values["meeting"] = reminder.meeting?.date.swedish
            values["meeting_weekday"] = reminder.meeting?.date.swedishWeekday
        case .beforeDeadline, .afterDeadline:
            break
        }
    }

    /// The context for an invitation to a dialogue, its update or its cancellation.
    public init(invitation version: InvitationVersion, consultation: Consultation, body: Body, replyAddress: EmailAddress) {
        self.init(consultation: consultation, body: body, attachmentNames: [], replyAddress: replyAddress)
        values["dialogue"] = Self.dialogue(version.dialogue)
        values["cancelled"] = version.cancelled
        values["updated"] = version.sequence > 0 && !version.cancelled
    }

    /// The context for a one-off notice such as the decision: the mailout's keys plus the latest
    /// milestone on or before the day it is sent (`decision.date`, `decision.title`).
    public init(notice consultation: Consultation, body: Body, attachmentNames: [String], replyAddress: EmailAddress, date: Date) {
        self.init(consultation: consultation, body: body, attachmentNames: attachmentNames, replyAddress: replyAddress)
        let today = LocalDate(containing: date)
        if let decision = consultation.milestones.filter({ $0.date <= today }).max(by: { $0.date < $1.date }) {
            values["has_decision"] = true
            values["decision"] = ["date": decision.date.swedish, "title": decision.title]
        } else {
            values["has_decision"] = false
        }
    }

    /// The context for the notice of what changed in a round: the mailout's keys plus `changes` (each with `text`, a
    /// Swedish sentence) and `revision`.
    public init(changes: [RoundChange], revision: Int, consultation: Consultation, body: Body, replyAddress: EmailAddress) {
        self.init(consultation: consultation, body: body, attachmentNames: [], replyAddress: replyAddress)
        values["changes"] = changes.map { ["text": $0.swedish] }
        values["has_changes"] = !changes.isEmpty
        values["revision"] = String(revision)
    }

    /// A dialogue's keys: title, date, weekday, start, end, location.
    static func dialogue(_ dialogue: Dialogue) -> [String: String] {
        [
            "title": dialogue.title, "date": dialogue.start.date.swedish, "weekday": dialogue.start.date.swedishWeekday,
            "start": dialogue.start.swedishTime, "end": dialogue.end.swedishTime, "location": dialogue.location,
        ]
    }
}
