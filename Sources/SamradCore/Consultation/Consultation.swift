import Foundation

/// A consultation round (samråd, remiss): what is asked, of whom, by when.
public struct Consultation: Hashable, Sendable, Codable, Identifiable {
    /// The round's short id, e.g. `mal-2019`.
    public var id: String
    /// The reference number (diarienummer), e.g. `KS 2019/017`; it goes into every subject.
    public var reference: String
    /// The title, e.g. "Nya mål för mandatperioden".
    public var title: String
    /// A few sentences for the mailout saying what is asked.
    public var summary: String?
    /// Who the mail comes from.
    public var from: Sender
    /// Where replies go, when not to `from`.
    public var replyTo: EmailAddress?
    /// The envelope sender for bounces, when the round names one.
    public var bounceTo: EmailAddress?
    /// Which bodies are asked.
    public var recipients: RecipientSelection
    /// The goal areas (målområden) to comment on.
    public var goalAreas: [GoalArea]
    /// When the mailout goes, and with what.
    public var mailout: Mailout
    /// The last day to answer; a date-only deadline lasts to the end of that day.
    public var deadline: LocalDate
    /// The dialogue meetings, e.g. the budget dialogues.
    public var dialogues: [Dialogue]
    /// When reminders go, in Swedish working days.
    public var reminders: ReminderRules
    /// The milestones of the process around the round.
    public var milestones: [Milestone]
    /// Whether each message's Reply-To carries its own token (`samrad+TOKEN@…`), which survives
    /// mail clients that drop In-Reply-To and References.
    public var replyTokens: Bool = false
    /// How the columns of form and Excel exports map to bodies and goal areas, when their names differ.
    public var csv: CSVColumns?
    /// Whether each recipient body answers through its own link to the answer portal (`portal: true`), which the
    /// mailout and every reminder carry.
    public var portal: Bool = false
    /// Whether the portal takes answers after the deadline, marked late (`late_answers: true`).
    public var lateAnswers: Bool = false
    /// The round's own templates (`templates:`), by message; the bundled Swedish ones for the rest.
    public var templates = RoundTemplates()
    /// The closing lines of every message (`signature:`), e.g. a name, a title and a telephone number; the sender's
    /// name and the reply address when the round names none.
    public var signature: String?

    /// Creates a round from its parts.
    public init(
        id: String, reference: String, title: String, summary: String?, from: Sender, replyTo: EmailAddress?,
        bounceTo: EmailAddress?, recipients: RecipientSelection, goalAreas: [GoalArea], mailout: Mailout, deadline: LocalDate,
        dialogues: [Dialogue], reminders: ReminderRules, milestones: [Milestone]
    ) {
        self.id = id
        self.reference = reference
        self.title = title
        self.summary = summary
        self.from = from
        self.replyTo = replyTo
        self.bounceTo = bounceTo
        self.recipients = recipients
        self.goalAreas = goalAreas
        self.mailout = mailout
        self.deadline = deadline
        self.dialogues = dialogues
        self.reminders = reminders
        self.milestones = milestones
    }

    /// The instant the deadline passes: the start of the day after the deadline, Swedish time.
    public var deadlineInstant: Date { deadline.end }

    /// The subject tag that names the round, e.g. `[KS 2019/017]`.
    public var subjectTag: String { "[\(reference)]" }

    /// The bodies asked, in id order: those selected, less those excluded and those retired.
    public func recipients(in registry: Registry) -> [Body] {
        registry.active().filter { recipients.includes($0) }
    }

    /// The recipient bodies that wait for the coordinator before they are sent anything: they
    /// joined the registry after the round's mailout began, have no mailout, and the round's file
    /// does not name them in `recipients: { ids: … }`. `send ID --include-new` mails them.
    ///
    /// - Parameters:
    ///   - mailedOut: when each body's mailout was recorded.
    ///   - joined: when each body joined the registry (a body not in it joined before anything was recorded).
    public func waitingRecipients(in registry: Registry, mailedOut: [String: Date], joined: [String: Date]) -> [Body] {
        guard let began = mailedOut.values.min() else { return [] }
        return recipients(in: registry).filter { body in
            mailedOut[body.id] == nil && !recipients.ids.contains(body.id) && (joined[body.id].map { $0 > began } ?? false)
        }
    }

    /// Why a body waits, in one line for `schedule`, `remind`, `send` and `status`.
    public var waitingReason: String {
        "joined the registry after the mailout; 'samrad send \(id) --include-new' mails it"
    }

    /// The goal area with an id.
    public func goalArea(_ id: Int) -> GoalArea? {
        goalAreas.first { $0.id == id }
    }
}

/// The sender of a round's mail.
public struct Sender: Hashable, Sendable, Codable {
    /// The name shown in From, e.g. "Kommunledningskontoret".
    public var name: String
    /// The address.
    public var email: EmailAddress

    /// Creates a sender.
    public init(name: String, email: EmailAddress) {
        self.name = name
        self.email = email
    }
}

/// Which bodies a round asks: by kind or by id, less exclusions.
public struct RecipientSelection: Hashable, Sendable, Codable {
    /// Every body of these kinds.
    public var kinds: [BodyKind]
    /// These bodies, whatever their kind.
    public var ids: [String]
    /// Not these.
    public var exclude: [String]

    /// Creates a selection.
    public init(kinds: [BodyKind] = [], ids: [String] = [], exclude: [String] = []) {
        self.kinds = kinds
        self.ids = ids
        self.exclude = exclude
    }

    /// Whether a body is asked.
    public func includes(_ body: Body) -> Bool {
        !exclude.contains(body.id) && (kinds.contains(body.kind) || ids.contains(body.id))
    }
}

/// A goal area (målområde).
public struct GoalArea: Hashable, Sendable, Codable, Identifiable {
    /// Its number, e.g. 1.
    public var id: Int
    /// Its title, e.g. "Hållbar tillväxt och samhällsplanering".
    public var title: String

    /// Creates a goal area.
    public init(id: Int, title: String) {
        self.id = id
        self.title = title
    }
}

/// The mailout (utskick): its date and attachments. Its template, if the round has its own, is in `templates`.
public struct Mailout: Hashable, Sendable, Codable {
    /// The day it goes.
    public var date: LocalDate
    /// Files attached, relative to the round's file.
    public var attachments: [String]

    /// Creates a mailout.
    public init(date: LocalDate, attachments: [String] = []) {
        self.date = date
        self.attachments = attachments
    }
}

/// A dialogue meeting (e.g. a budget dialogue) and who takes part.
public struct Dialogue: Hashable, Sendable, Codable, Identifiable {
    /// The id, stable for the life of the dialogue, e.g. `budget-1`.
    public var id: String
    /// The title, e.g. "Budgetdialog".
    public var title: String
    /// When it starts, Swedish time.
    public var start: LocalDateTime
    /// When it ends.
    public var end: LocalDateTime
    /// Where it is held.
    public var location: String
    /// The ids of the bodies invited.
    public var participants: [String]

    /// Creates a dialogue.
    public init(id: String, title: String, start: LocalDateTime, end: LocalDateTime, location: String, participants: [String]) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.location = location
        self.participants = participants
    }
}

/// A milestone of the process, e.g. the council's decision.
public struct Milestone: Hashable, Sendable, Codable {
    /// The day.
    public var date: LocalDate
    /// What happens.
    public var title: String

    /// Creates a milestone.
    public init(date: LocalDate, title: String) {
        self.date = date
        self.title = title
    }
}

/// Which columns of a form or Excel export hold what, named in the round's file (`csv:`) when
/// the export's own column names do not say it.
public struct CSVColumns: Hashable, Sendable, Codable {
    /// The column naming the body (its code, name or an address).
    public var body: String?
    /// The column with the submission time.
    public var date: String?
    /// Goal area id → the column with the text for it.
    public var areas: [Int: String]
    /// Goal area id → the column with the stance for it.
    public var stances: [Int: String]
    /// The column with a general comment.
    public var general: String?
    /// How the date column writes dates with slashes or dots, when the file says so (`date_format: M/D/YY`); then
    /// its dates are taken as written, even outside the round.
    public var dateOrder: DateOrder?

    /// The order of day, month and year in a written date.
    public enum DateOrder: String, Hashable, Sendable, Codable {
        /// `4/12/19` is 4 December: day first (most of Europe, Google Forms outside the US).
        case dayFirst = "day-first"
        /// `4/12/19` is 12 April: month first (Microsoft Forms and Excel in US English).
        case monthFirst = "month-first"
        /// `2019-04-12`: year first (ISO 8601).
        case yearFirst = "year-first"

        /// The order a format such as `M/D/YY`, `DD.MM.YYYY` or `YYYY-MM-DD` writes; nil when it is none of them.
        public init?(format: String) {
            let letters = format.uppercased().filter { "DMY".contains($0) }
            guard let day = letters.firstIndex(of: "D"), let month = letters.firstIndex(of: "M"), let year = letters.firstIndex(of: "Y"),
                format.uppercased().allSatisfy({ "DMY/.- ".contains($0) })
            else { return nil }
            if year < day && year < month {
                self = .yearFirst
            } else {
                self = day < month ? .dayFirst : .monthFirst
            }
        }
    }

    /// Creates a mapping.
    public init(body: String? = nil, date: String? = nil, areas: [Int: String] = [:], stances: [Int: String] = [:], general: String? = nil)
    {
        self.body = body
        self.date = date
        self.areas = areas
        self.stances = stances
        self.general = general
    }
}

extension Consultation {
    enum CodingKeys: String, CodingKey {
        case id, reference, title, summary, from, replyTo, bounceTo, recipients, goalAreas, mailout, deadline, dialogues, reminders
        case milestones, replyTokens, csv, portal, lateAnswers, templates, signature
    }

    /// Where a round stored before `templates:` kept its own mailout template.
    private enum LegacyMailoutKeys: String, CodingKey {
        case template
    }

    /// Reads a stored round; settings added in later versions take their defaults when a round
    /// stored by an earlier version lacks them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), reference: try container.decode(String.self, forKey: .reference),
            title: try container.decode(String.self, forKey: .title), summary: try container.decodeIfPresent(String.self, forKey: .summary),
            from: try container.decode(Sender.self, forKey: .from),
            replyTo: try container.decodeIfPresent(EmailAddress.self, forKey: .replyTo),
            bounceTo: try container.decodeIfPresent(EmailAddress.self, forKey: .bounceTo),
            recipients: try container.decode(RecipientSelection.self, forKey: .recipients),
            goalAreas: try container.decode([GoalArea].self, forKey: .goalAreas),
            mailout: try container.decode(Mailout.self, forKey: .mailout),
            deadline: try container.decode(LocalDate.self, forKey: .deadline),
            dialogues: try container.decodeIfPresent([Dialogue].self, forKey: .dialogues) ?? [],
            reminders: try container.decodeIfPresent(ReminderRules.self, forKey: .reminders) ?? ReminderRules(),
            milestones: try container.decodeIfPresent([Milestone].self, forKey: .milestones) ?? [])
        replyTokens = try container.decodeIfPresent(Bool.self, forKey: .replyTokens) ?? false
        csv = try container.decodeIfPresent(CSVColumns.self, forKey: .csv)
        portal = try container.decodeIfPresent(Bool.self, forKey: .portal) ?? false
        lateAnswers = try container.decodeIfPresent(Bool.self, forKey: .lateAnswers) ?? false
        templates = try container.decodeIfPresent(RoundTemplates.self, forKey: .templates) ?? RoundTemplates()
        signature = try container.decodeIfPresent(String.self, forKey: .signature)
        let legacy = try container.nestedContainer(keyedBy: LegacyMailoutKeys.self, forKey: .mailout)
        if let path = try legacy.decodeIfPresent(String.self, forKey: .template), templates.files["mailout"] == nil {
            templates.files["mailout"] = RoundTemplate(path: path)
        }
    }

    /// Writes the round; the portal settings, templates and signature only when set, so that a round stored before they existed reads the
    /// same and adding its unchanged file again records no new revision.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(reference, forKey: .reference)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(summary, forKey: .summary)
        try container.encode(from, forKey: .from)
        try container.encodeIfPresent(replyTo, forKey: .replyTo)
        try container.encodeIfPresent(bounceTo, forKey: .bounceTo)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(goalAreas, forKey: .goalAreas)
        try container.encode(mailout, forKey: .mailout)
        try container.encode(deadline, forKey: .deadline)
        try container.encode(dialogues, forKey: .dialogues)
        try container.encode(reminders, forKey: .reminders)
        try container.encode(milestones, forKey: .milestones)
        try container.encode(replyTokens, forKey: .replyTokens)
        try container.encodeIfPresent(csv, forKey: .csv)
        if portal { try container.encode(portal, forKey: .portal) }
        if lateAnswers { try container.encode(lateAnswers, forKey: .lateAnswers) }
        if !templates.isEmpty { try container.encode(templates, forKey: .templates) }
        try container.encodeIfPresent(signature, forKey: .signature)
    }
}
