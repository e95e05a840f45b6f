/// A message a round may word in a template of its own: every one has a bundled Swedish template, written from the
/// round's own data only, and the round's file may name its own under `templates:`.
public enum TemplateSlot: Hashable, Sendable {
    /// The mailout.
    case mailout
    /// A reminder of one kind.
    case reminder(ReminderKind)
    /// The invitation to a dialogue.
    case invitation
    /// An update of an invitation: new time, place or title.
    case update
    /// A dialogue's cancellation.
    case cancellation
    /// The receipt of an answer given in the answer portal.
    case receipt
    /// A body's new link to the answer portal.
    case portalLink
    /// The notice of what changed in the round after the mailout (`notify --changes`).
    case changes
    /// A one-off notice such as the decision (`notify --template NAME`).
    case notice(String)

    /// Every slot but the notices, in the order `templates:` lists them.
    public static let fixed: [TemplateSlot] =
        [.mailout] + ReminderKind.allCases.map(TemplateSlot.reminder) + [
            .invitation, .update, .cancellation, .receipt, .portalLink, .changes,
        ]

    /// The key under `templates:` in the round's file, e.g. `before_deadline` or `notices.beslut`.
    public var fileKey: String {
        switch self {
        case .mailout: "mailout"
        case .reminder(let kind): kind.fileKey
        case .invitation: "invitation"
        case .update: "update"
        case .cancellation: "cancellation"
        case .receipt: "receipt"
        case .portalLink: "portal_link"
        case .changes: "changes"
        case .notice(let name): "notices.\(name)"
        }
    }

    /// The keys a round's template for this message is looked up under, most particular first: a reminder kind
    /// falls back to `reminder`, an update and a cancellation to `invitation`.
    public var lookupKeys: [String] {
        switch self {
        case .reminder: [fileKey, RoundTemplates.anyReminderKey]
        case .update, .cancellation: [fileKey, TemplateSlot.invitation.fileKey]
        default: [fileKey]
        }
    }

    /// The name of the bundled template, e.g. `reminder` (one template serves every kind, told apart by a flag).
    public var bundledName: String {
        switch self {
        case .mailout: "mailout"
        case .reminder: "reminder"
        case .invitation, .update, .cancellation: "invitation"
        case .receipt: "kvitto"
        case .portalLink: "portal-lank"
        case .changes: "andringar"
        case .notice(let name): name
        }
    }

    /// What the message is, for the coordinator's terminal, e.g. "the reminder before_deadline".
    public var description: String {
        switch self {
        case .mailout: "the mailout"
        case .reminder(let kind): "the reminder \(kind.fileKey)"
        case .invitation: "the invitation"
        case .update: "the invitation's update"
        case .cancellation: "the cancellation"
        case .receipt: "the receipt of a portal answer"
        case .portalLink: "the message with a new portal link"
        case .changes: "the notice of changes"
        case .notice(let name): "the notice \(name)"
        }
    }

    /// The slots a key of `templates:` serves: `reminder` every reminder kind without a template of its own,
    /// `invitation` also the update and the cancellation when they have none.
    static func slots(served key: String, by templates: RoundTemplates) -> [TemplateSlot] {
        if key.hasPrefix(RoundTemplates.noticePrefix) { return [.notice(String(key.dropFirst(RoundTemplates.noticePrefix.count)))] }
        return fixed.filter { slot in slot.lookupKeys.first { templates.files[$0] != nil } == key }
    }
}

/// A template of the round's own: the path its file names, and its text once read — the text is part of the
/// round's revision, so editing a template is a change, and what was checked is what is sent.
public struct RoundTemplate: Hashable, Sendable, Codable {
    /// The path, relative to the round's file.
    public var path: String
    /// The template's text; nil in a round stored before templates were kept whole, which reads the file instead.
    public var text: String?

    /// Creates a template reference.
    public init(path: String, text: String? = nil) {
        self.path = path
        self.text = text
    }
}

/// The round's own templates (`templates:` in its file), by key.
public struct RoundTemplates: Hashable, Sendable, Codable {
    /// Key → template: `mailout`, `reminder`, a reminder kind, `invitation`, `update`, `cancellation`, `receipt`,
    /// `portal_link`, `changes`, or `notices.NAME`.
    public var files: [String: RoundTemplate]

    /// The key of the template every reminder kind without its own uses.
    public static let anyReminderKey = "reminder"
    /// The prefix of a notice's key.
    static let noticePrefix = "notices."
    /// The keys `templates:` takes besides `notices`.
    public static let keys = [anyReminderKey] + TemplateSlot.fixed.map(\.fileKey)

    /// Creates the set.
    public init(_ files: [String: RoundTemplate] = [:]) {
        self.files = files
    }

    /// Whether the round names none.
    public var isEmpty: Bool { files.isEmpty }

    /// The round's template for a message, with the key it was found under; nil for the bundled one.
    public func template(for slot: TemplateSlot) -> (key: String, template: RoundTemplate)? {
        for key in slot.lookupKeys {
            if let template = files[key] { return (key, template) }
        }
        return nil
    }

    /// The names of the round's own notices, in order.
    public var noticeNames: [String] {
        files.keys.filter { $0.hasPrefix(Self.noticePrefix) }.map { String($0.dropFirst(Self.noticePrefix.count)) }.sorted()
    }

    /// The messages the template under a key is used for.
    public func slots(served key: String) -> [TemplateSlot] {
        TemplateSlot.slots(served: key, by: self)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try [String: RoundTemplate](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try files.encode(to: encoder)
    }
}
