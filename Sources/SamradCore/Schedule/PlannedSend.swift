import Foundation

/// One message the schedule of a round calls for: what, to whom, on which working day, and why.
public struct PlannedSend: Sendable, Equatable, Codable {
    /// What the send is.
    public enum Purpose: Sendable, Equatable, Codable {
        /// The mailout (utskick).
        case mailout
        /// A reminder some working days before the deadline.
        case beforeDeadline(days: Int)
        /// A reminder some working days after the deadline, escalated to the chair or chief executive.
        case afterDeadline(days: Int)
        /// A reminder some working days before a dialogue, to its participants.
        case beforeDialogue(dialogue: String, days: Int)
        /// A reminder to the secretary to put the round on the agenda of the body's meeting.
        case beforeOwnMeeting(meeting: LocalDate, days: Int)
        /// An invitation (or an update of one) to a dialogue, as an iCalendar REQUEST.
        case invitation(dialogue: String, sequence: Int)
        /// The cancellation of a dialogue that was removed, as an iCalendar CANCEL.
        case cancellation(dialogue: String, sequence: Int)
        /// A one-off message from a template, e.g. the decision (`beslut`), with files attached.
        case notice(template: String, attachments: [String])

        /// The kind of message in the ledger.
        public var messageKind: MessageKind {
            switch self {
            case .mailout: .mailout
            case .beforeDeadline, .afterDeadline, .beforeDialogue, .beforeOwnMeeting: .reminder
            case .invitation, .cancellation: .invitation
            case .notice: .notice
            }
        }

        /// The key of the message in the ledger: unique per round and body, so it goes once.
        public var key: String {
            switch self {
            case .mailout: "mailout"
            case .beforeDeadline(let days): "reminder.before-deadline.\(days)"
            case .afterDeadline(let days): "reminder.after-deadline.\(days)"
            case .beforeDialogue(let dialogue, let days): "reminder.before-dialogue.\(dialogue).\(days)"
            case .beforeOwnMeeting(let meeting, let days): "reminder.before-meeting.\(meeting).\(days)"
            case .invitation(let dialogue, let sequence): "invitation.\(dialogue).\(sequence)"
            case .cancellation(let dialogue, let sequence): "cancellation.\(dialogue).\(sequence)"
            case .notice(let template, _): "notice.\(template)"
            }
        }

        /// A short English label for listings, e.g. `before_deadline 5`.
        public var label: String {
            switch self {
            case .mailout: "mailout"
            case .beforeDeadline(let days): "before_deadline \(days)"
            case .afterDeadline(let days): "after_deadline \(days)"
            case .beforeDialogue(let dialogue, let days): "before_dialogue \(days) (\(dialogue))"
            case .beforeOwnMeeting(_, let days): "before_own_meeting \(days)"
            case .invitation(let dialogue, let sequence): sequence == 0 ? "invitation \(dialogue)" : "invitation update \(dialogue)"
            case .cancellation(let dialogue, _): "cancellation \(dialogue)"
            case .notice(let template, _): "notice \(template)"
            }
        }
    }

    /// Where a planned send stands now.
    public enum State: String, Sendable, Codable {
        /// In the ledger already (queued or sent).
        case recorded
        /// Its time has come: `remind` sends it now.
        case due
        /// Its day is still ahead.
        case upcoming
        /// It will not be sent, see the reason.
        case skipped
        /// Its body joined the registry after the mailout: nothing goes to it until the
        /// coordinator mails it (`send ID --include-new`) or the round's file names it.
        case waiting
    }

    /// What the send is.
    public var purpose: Purpose
    /// The body it goes to.
    public var body: String
    /// The working day it goes, at ``SchedulePlanner/sendHour`` Swedish time.
    public var date: LocalDate
    /// The envelope recipients, To first.
    public var recipients: [PlannedRecipient]
    /// Why it goes on that day, or why not at all.
    public var reason: String
    /// Where it stands.
    public var state: State
}

/// One address a planned send goes to.
public struct PlannedRecipient: Sendable, Equatable, Codable {
    /// The address.
    public var address: EmailAddress
    /// Whether it stands on Cc rather than To.
    public var cc: Bool

    /// Creates a recipient.
    public init(address: EmailAddress, cc: Bool) {
        self.address = address
        self.cc = cc
    }
}
