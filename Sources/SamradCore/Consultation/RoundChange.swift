/// One thing that changed in a round between two revisions of its file, said for the coordinator (`consultation
/// add` prints it) and for the bodies (`notify --changes` sends it to those it concerns).
public struct RoundChange: Hashable, Sendable {
    /// Who the change concerns.
    public enum Audience: Hashable, Sendable {
        /// Every body asked.
        case everyone
        /// Only these bodies, e.g. a dialogue's participants.
        case bodies(Set<String>)
        /// No body: a setting of the coordinator's own, such as reminders or templates.
        case coordinator
    }

    /// For the coordinator's terminal, e.g. "deadline 17 maj 2019 → 24 maj 2019".
    public var summary: String
    /// For the bodies, a Swedish sentence, e.g. "Sista dag för svar är flyttad från fredag den 17 maj 2019 till …".
    public var swedish: String
    /// Whom it concerns.
    public var audience: Audience

    /// Creates a change.
    public init(_ summary: String, swedish: String, audience: Audience) {
        self.summary = summary
        self.swedish = swedish
        self.audience = audience
    }

    /// Whether the change concerns a body.
    public func concerns(_ body: String) -> Bool {
        switch audience {
        case .everyone: true
        case .bodies(let ids): ids.contains(body)
        case .coordinator: false
        }
    }

    /// What changed from one revision of a round to another, in the order the file lists it; empty when nothing.
    public static func between(_ old: Consultation, _ new: Consultation) -> [RoundChange] {
        var changes: [RoundChange] = []
        if old.title != new.title {
            changes.append(
                RoundChange(
                    "title «\(old.title)» → «\(new.title)»", swedish: "Ärendets rubrik är nu ”\(new.title)” (tidigare ”\(old.title)”).",
                    audience: .everyone))
        }
        if old.reference != new.reference {
            changes.append(
                RoundChange(
                    "reference \(old.reference) → \(new.reference)",
                    swedish: "Diarienumret är nu \(new.reference) (tidigare \(old.reference)).", audience: .everyone))
        }
        if old.summary != new.summary {
            changes.append(
                RoundChange("summary rewritten", swedish: "Beskrivningen av vad vi frågar om har skrivits om.", audience: .everyone))
        }
        changes += goalAreaChanges(old, new)
        if old.deadline != new.deadline {
            changes.append(
                RoundChange(
                    "deadline \(old.deadline.swedish) → \(new.deadline.swedish)",
                    swedish: "Sista dag för svar är flyttad från \(old.deadline.swedishWeekday) den \(old.deadline.swedish) "
                        + "till \(new.deadline.swedishWeekday) den \(new.deadline.swedish).",
                    audience: .everyone))
        }
        if old.mailout.attachments != new.mailout.attachments {
            let names = new.mailout.attachments.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            changes.append(
                RoundChange(
                    "attachments \(old.mailout.attachments.joined(separator: ", ")) → \(new.mailout.attachments.joined(separator: ", "))",
                    swedish: names.isEmpty
                        ? "Utskicket har inte längre några bilagor."
                        : "Bilagorna till utskicket är nu: \(names.joined(separator: ", ")). Be oss om dem om ni saknar någon.",
                    audience: .everyone))
        }
        changes += dialogueChanges(old, new)
        for (same, label) in coordinatorFields where !same(old, new) {
            changes.append(RoundChange("\(label) changed", swedish: "", audience: .coordinator))
        }
        return changes
    }

    /// The settings no body is told of, each with how to tell whether it is the same.
    private static let coordinatorFields: [(@Sendable (Consultation, Consultation) -> Bool, String)] = [
        ({ $0.mailout.date == $1.mailout.date }, "mailout date"),
        ({ $0.from == $1.from && $0.replyTo == $1.replyTo && $0.bounceTo == $1.bounceTo }, "sender or reply addresses"),
        ({ $0.recipients == $1.recipients }, "recipients"),
        ({ $0.reminders == $1.reminders }, "reminders"),
        ({ $0.milestones == $1.milestones }, "milestones"),
        ({ $0.csv == $1.csv }, "csv columns"),
        (
            { $0.replyTokens == $1.replyTokens && $0.portal == $1.portal && $0.lateAnswers == $1.lateAnswers },
            "reply tokens or portal settings"
        ),
        ({ $0.signature == $1.signature }, "signature"),
        ({ $0.templates == $1.templates }, "templates"),
    ]

    static func goalAreaChanges(_ old: Consultation, _ new: Consultation) -> [RoundChange] {
        var changes: [RoundChange] = []
        for area in new.goalAreas {
            guard let before = old.goalArea(area.id) else {
                changes.append(
                    RoundChange(
                        "area \(area.id) added «\(area.title)»", swedish: "Ett nytt målområde har lagts till: \(area.id). \(area.title).",
                        audience: .everyone))
                continue
            }
            if before.title != area.title {
                changes.append(
                    RoundChange(
                        "area \(area.id) renamed «\(before.title)» → «\(area.title)»",
                        swedish: "Målområde \(area.id) heter nu ”\(area.title)” (tidigare ”\(before.title)”).", audience: .everyone))
            }
        }
        for area in old.goalAreas where new.goalArea(area.id) == nil {
            changes.append(
                RoundChange(
                    "area \(area.id) removed «\(area.title)»",
                    swedish: "Målområde \(area.id), ”\(area.title)”, har tagits bort; ni behöver inte svara på det.", audience: .everyone))
        }
        return changes
    }

    /// What differs between two versions of one dialogue, in the coordinator's words: only what changed.
    static func dialogueDifference(_ before: Dialogue, _ after: Dialogue) -> String {
        var parts: [String] = []
        if before.start != after.start || before.end != after.end {
            parts.append("time \(before.start)–\(before.end.swedishTime) → \(after.start)–\(after.end.swedishTime)")
        }
        if before.location != after.location { parts.append("place «\(before.location)» → «\(after.location)»") }
        if before.title != after.title { parts.append("title «\(before.title)» → «\(after.title)»") }
        return parts.isEmpty ? "details" : parts.joined(separator: ", ")
    }

    static func dialogueChanges(_ old: Consultation, _ new: Consultation) -> [RoundChange] {
        var changes: [RoundChange] = []
        func when(_ dialogue: Dialogue) -> String {
            "\(dialogue.start.date.swedishWeekday) den \(dialogue.start.date.swedish) kl. \(dialogue.start.swedishTime)–\(dialogue.end.swedishTime), "
                + dialogue.location
        }
        for dialogue in new.dialogues {
            guard let before = old.dialogues.first(where: { $0.id == dialogue.id }) else {
                changes.append(
                    RoundChange(
                        "\(dialogue.id) added (\(dialogue.start))", swedish: "\(dialogue.title) hålls \(when(dialogue)).",
                        audience: .bodies(Set(dialogue.participants))))
                continue
            }
            if before.fingerprint != dialogue.fingerprint {
                changes.append(
                    RoundChange(
                        "\(dialogue.id) changed " + dialogueDifference(before, dialogue),
                        swedish: "\(dialogue.title) hålls nu \(when(dialogue)) (tidigare \(when(before))).",
                        audience: .bodies(Set(before.participants + dialogue.participants))))
            }
            let added = Set(dialogue.participants).subtracting(before.participants)
            let removed = Set(before.participants).subtracting(dialogue.participants)
            if !added.isEmpty {
                changes.append(
                    RoundChange(
                        "\(dialogue.id) invites also \(added.sorted().joined(separator: ", "))",
                        swedish: "Ni är nu inbjudna till \(dialogue.title) \(when(dialogue)).", audience: .bodies(added)))
            }
            if !removed.isEmpty {
                changes.append(
                    RoundChange(
                        "\(dialogue.id) no longer invites \(removed.sorted().joined(separator: ", "))",
                        swedish: "Ni är inte längre inbjudna till \(dialogue.title) \(when(before)).", audience: .bodies(removed)))
            }
        }
        for dialogue in old.dialogues where !new.dialogues.contains(where: { $0.id == dialogue.id }) {
            changes.append(
                RoundChange(
                    "\(dialogue.id) cancelled", swedish: "\(dialogue.title) \(when(dialogue)) är inställd.",
                    audience: .bodies(Set(dialogue.participants))))
        }
        return changes
    }
}
