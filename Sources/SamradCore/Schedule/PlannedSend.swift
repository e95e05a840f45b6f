import Foundation

/// One message the schedule of a round calls for: what, to whom, on which working day, and why.
public struct PlannedSend: Sendable, Equatable, Codable {
    /// What the send is.
    public enum Purpose: Sendable, Hashable {
        /// The mailout (utskick).
        case mailout
        /// A reminder: before or after the deadline, before a dialogue, before the body's own meeting.
        case reminder(Reminder)
        /// An invitation (or an update of one) to a dialogue, as an iCalendar REQUEST.
        case invitation(dialogue: String, sequence: Int)
        /// The cancellation of a dialogue that was removed, as an iCalendar CANCEL.
        case cancellation(dialogue: String, sequence: Int)
        /// A one-off message from a template, e.g. the decision (`beslut`), with files attached: the template is a
        /// notice's name (the round's own or a bundled one) or the absolute path of a template file.
        case notice(template: String, attachments: [String])
        /// The notice of what changed in the round from one revision to a later one (`notify --changes`).
        case changes(from: Int, to: Int)

        /// The kind of message in the ledger.
        public var messageKind: MessageKind {
            switch self {
            case .mailout: .mailout
            case .reminder: .reminder
            case .invitation, .cancellation: .invitation
            case .notice, .changes: .notice
            }
        }

        /// A notice's name: the template's name, or its file's name without `.mustache`.
        public static func noticeName(_ template: String) -> String {
            guard template.contains("/") else { return template }
            let file = template.split(separator: "/").last.map(String.init) ?? template
            return file.hasSuffix(".mustache") ? String(file.dropLast(".mustache".count)) : file
        }

        /// The key of the message in the ledger: unique per round and body, so it goes once.
        public var key: String {
            switch self {
            case .mailout: "mailout"
            case .reminder(let reminder): reminder.key
            case .invitation(let dialogue, let sequence): "invitation.\(dialogue).\(sequence)"
            case .cancellation(let dialogue, let sequence): "cancellation.\(dialogue).\(sequence)"
            case .notice(let template, _): "notice.\(Self.noticeName(template))"
            case .changes(_, let revision): "changes.\(revision)"
            }
        }

        /// A short English label for listings, e.g. `before_deadline 5`.
        public var label: String {
            switch self {
            case .mailout: "mailout"
            case .reminder(let reminder): reminder.label
            case .invitation(let dialogue, let sequence): sequence == 0 ? "invitation \(dialogue)" : "invitation update \(dialogue)"
            case .cancellation(let dialogue, _): "cancellation \(dialogue)"
            case .notice(let template, _): "notice \(Self.noticeName(template))"
            case .changes(let from, let to): "changes \(from)→\(to)"
            }
        }

        /// The reminder, when the send is one.
        public var reminder: Reminder? {
            if case .reminder(let reminder) = self { return reminder }
            return nil
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
    public var recipients: [Recipient]
    /// Why it goes on that day, or why not at all.
    public var reason: String
    /// Where it stands.
    public var state: State
}

extension PlannedSend.Purpose: Codable {
    private enum CodingKeys: String, CodingKey {
        case mailout, reminder, invitation, cancellation, notice, changes
        // Before reminders had a kind, each kind was a case of its own; messages recorded then still read.
        case beforeDeadline, afterDeadline, beforeDialogue, beforeOwnMeeting
    }

    private enum FieldKeys: String, CodingKey {
        case dialogue, sequence, template, attachments, days, meeting, from, to
    }

    /// Reads a purpose as the ledger stores it (JSON in `message.purpose`), of this version or an earlier one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a purpose names no case"))
        }
        if key == .reminder {
            self = .reminder(try container.decode(Reminder.self, forKey: key))
            return
        }
        let fields = try container.nestedContainer(keyedBy: FieldKeys.self, forKey: key)
        switch key {
        case .mailout: self = .mailout
        case .invitation:
            self = .invitation(
                dialogue: try fields.decode(String.self, forKey: .dialogue), sequence: try fields.decode(Int.self, forKey: .sequence))
        case .cancellation:
            self = .cancellation(
                dialogue: try fields.decode(String.self, forKey: .dialogue), sequence: try fields.decode(Int.self, forKey: .sequence))
        case .notice:
            self = .notice(
                template: try fields.decode(String.self, forKey: .template),
                attachments: try fields.decode([String].self, forKey: .attachments))
        case .changes:
            self = .changes(from: try fields.decode(Int.self, forKey: .from), to: try fields.decode(Int.self, forKey: .to))
        case .beforeDeadline: self = .reminder(Reminder(.beforeDeadline, days: try fields.decode(Int.self, forKey: .days)))
        case .afterDeadline: self = .reminder(Reminder(.afterDeadline, days: try fields.decode(Int.self, forKey: .days)))
        case .beforeDialogue:
            self = .reminder(
                Reminder(
                    .beforeDialogue, days: try fields.decode(Int.self, forKey: .days),
                    dialogue: try fields.decode(String.self, forKey: .dialogue)))
        case .beforeOwnMeeting:
            self = .reminder(
                Reminder(
                    .beforeOwnMeeting, days: try fields.decode(Int.self, forKey: .days),
                    meeting: try fields.decodeIfPresent(Meeting.self, forKey: .meeting)))
        case .reminder: preconditionFailure("read above")
        }
    }

    /// Writes a purpose for the ledger.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .mailout:
            _ = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .mailout)
        case .reminder(let reminder):
            try container.encode(reminder, forKey: .reminder)
        case .invitation(let dialogue, let sequence):
            var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .invitation)
            try fields.encode(dialogue, forKey: .dialogue)
            try fields.encode(sequence, forKey: .sequence)
        case .cancellation(let dialogue, let sequence):
            var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .cancellation)
            try fields.encode(dialogue, forKey: .dialogue)
            try fields.encode(sequence, forKey: .sequence)
        case .notice(let template, let attachments):
            var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .notice)
            try fields.encode(template, forKey: .template)
            try fields.encode(attachments, forKey: .attachments)
        case .changes(let from, let to):
            var fields = container.nestedContainer(keyedBy: FieldKeys.self, forKey: .changes)
            try fields.encode(from, forKey: .from)
            try fields.encode(to, forKey: .to)
        }
    }
}
