/// The kinds of reminder a round plans, counted in Swedish working days. A new kind is a new case here: the round
/// file's key, the ledger key, the planner's rule, the label and the templates' flag all follow from it, and the
/// compiler finds every switch that must say what the new kind does.
public enum ReminderKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Some working days before the deadline, to bodies that have not answered every area.
    case beforeDeadline = "before_deadline"
    /// Some working days after the deadline, to bodies that have not, with the chair (and chief executive) copied.
    case afterDeadline = "after_deadline"
    /// Some working days before a dialogue, to its participants.
    case beforeDialogue = "before_dialogue"
    /// Some working days before the body's own meeting, to its secretaries: put the round on the agenda.
    case beforeOwnMeeting = "before_own_meeting"

    /// The key under `reminders:` in the round's file, e.g. `before_deadline`; also the label in listings and the
    /// flag the reminder template is rendered with.
    public var fileKey: String { rawValue }

    /// The ledger key's stem, e.g. `reminder.before-deadline`.
    var keyStem: String {
        switch self {
        case .beforeDeadline: "reminder.before-deadline"
        case .afterDeadline: "reminder.after-deadline"
        case .beforeDialogue: "reminder.before-dialogue"
        case .beforeOwnMeeting: "reminder.before-meeting"
        }
    }

    /// The name of the kind in a stored round (`Consultation`'s JSON).
    var storedKey: String {
        switch self {
        case .beforeDeadline: "beforeDeadline"
        case .afterDeadline: "afterDeadline"
        case .beforeDialogue: "beforeDialogue"
        case .beforeOwnMeeting: "beforeOwnMeeting"
        }
    }

    /// Whether it reminds the body to answer: it waits for the body's mailout, and stops once the body has answered
    /// every area; the others remind of an event and go whatever the body has answered.
    public var remindsToAnswer: Bool {
        switch self {
        case .beforeDeadline, .afterDeadline: true
        case .beforeDialogue, .beforeOwnMeeting: false
        }
    }
}

/// One reminder of a round to a body: its kind, how many working days from what it is about, and what that is.
public struct Reminder: Hashable, Sendable, Codable {
    /// The kind.
    public var kind: ReminderKind
    /// Working days before (or, after the deadline, after) what it reminds of.
    public var days: Int
    /// The dialogue, for a reminder before a dialogue.
    public var dialogue: String?
    /// The body's meeting, for a reminder before its own meeting; nil when the body has none in the round.
    public var meeting: Meeting?

    /// Creates a reminder.
    public init(_ kind: ReminderKind, days: Int, dialogue: String? = nil, meeting: Meeting? = nil) {
        self.kind = kind
        self.days = days
        self.dialogue = dialogue
        self.meeting = meeting
    }

    /// The key of its message in the ledger, e.g. `reminder.before-dialogue.budget-1.2`.
    var key: String {
        [kind.keyStem, dialogue, meeting.map { "\($0)" } ?? (kind == .beforeOwnMeeting ? "none" : nil), String(days)]
            .compactMap { $0 }.joined(separator: ".")
    }

    /// A short label for listings, e.g. `before_dialogue 2 (budget-1)`.
    var label: String {
        "\(kind.fileKey) \(days)" + (dialogue.map { " (\($0))" } ?? "")
    }
}

/// When a round's reminders go, in Swedish working days, per kind (`reminders:` in the round's file).
public struct ReminderRules: Hashable, Sendable, Codable {
    /// The days of each kind, as the file lists them.
    public private(set) var days: [ReminderKind: [Int]]

    /// Creates rules.
    public init(_ days: [ReminderKind: [Int]] = [:]) {
        self.days = days.filter { !$0.value.isEmpty }
    }

    /// The days of one kind.
    public subscript(kind: ReminderKind) -> [Int] {
        get { days[kind] ?? [] }
        set { days[kind] = newValue.isEmpty ? nil : newValue }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the stored form: one list per kind under its stored key (`beforeDeadline`, …).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var days: [ReminderKind: [Int]] = [:]
        for kind in ReminderKind.allCases {
            days[kind] = try container.decodeIfPresent([Int].self, forKey: Key(stringValue: kind.storedKey))
        }
        self.init(days.compactMapValues { $0 })
    }

    /// Writes one list per kind, every kind present, as earlier versions stored it: an unchanged file stays the same
    /// revision.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for kind in ReminderKind.allCases {
            try container.encode(self[kind], forKey: Key(stringValue: kind.storedKey))
        }
    }
}
