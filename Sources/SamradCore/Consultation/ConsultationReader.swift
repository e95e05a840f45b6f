import Foundation
import Yams

/// Reads a round's file (e.g. `consultations/mal-2019.yaml`) and checks every reference against
/// the registry, reporting each problem with its file, line and a fix.
public enum ConsultationReader {
    static let keys = [
        "id", "reference", "title", "summary", "from", "reply_to", "bounce_to", "recipients", "goal_areas",
        "mailout", "deadline", "dialogues", "reminders", "milestones", "reply_tokens", "csv", "portal", "late_answers",
        "templates", "signature",
    ]

    /// Reads a round.
    ///
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the path to name in messages.
    ///   - registry: the registry that recipients and participants must exist in.
    ///   - fileProblem: what is wrong with a path relative to the round's file (attachments,
    ///     templates) — "does not exist", "is a folder, not a file" — or nil when it is a file.
    public static func read(
        _ text: String, file: String, registry: Registry, fileProblem: (String) -> String? = { _ in nil }
    ) throws(ValidationFailure) -> Consultation {
        let reader = YAMLReader(file: file)
        let consultation = read(text, with: reader, registry: registry, fileProblem: fileProblem)
        guard let consultation, !reader.diagnostics.hasErrors else {
            throw ValidationFailure(reader.diagnostics)
        }
        return consultation
    }

    static func read(_ text: String, with reader: YAMLReader, registry: Registry, fileProblem: (String) -> String?) -> Consultation? {
        guard let root = reader.parse(text), let fields = reader.mapping(root, "the round", allowed: keys) else { return nil }

        var id: String?
        if let node = fields.required("id", in: reader, fix: "add 'id: mal-2019' (letters, digits, '-', '.' and '_')"),
            let text = reader.line(node, "the round's id")
        {
            if text.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"#, options: .regularExpression) != nil {
                id = text
            } else {
                reader.error(
                    at: node, "the round's id '\(text)' may only hold letters a–z, digits, '-', '.' and '_'",
                    fix: "use a short id such as 'mal-2019'")
            }
        }
        let reference = fields.required("reference", in: reader, fix: "add the diarienummer, e.g. 'reference: KS 2019/017'")
            .flatMap { reader.line($0, "the reference") }
        let title = fields.required("title", in: reader).flatMap { reader.line($0, "the title") }
        let summary = fields["summary"].flatMap { reader.string($0, "the summary") }
        let from = fields.required("from", in: reader, fix: "add 'from: { name: Kommunledningskontoret, email: kansli@kommun.example }'")
            .flatMap { sender($0, with: reader) }
        let replyTo = fields["reply_to"].flatMap { reader.address($0, "reply_to") }
        let bounceTo = fields["bounce_to"].flatMap { reader.address($0, "bounce_to") }
        let recipients = fields.required("recipients", in: reader, fix: "add 'recipients: { kinds: [board, company] }'")
            .flatMap { recipientSelection($0, with: reader, registry: registry) }
        let goalAreas = fields.required("goal_areas", in: reader).flatMap { Self.goalAreas($0, with: reader) }
        var mailoutTemplate: RoundTemplate?
        let mailout = fields.required("mailout", in: reader, fix: "add 'mailout: { date: 2019-04-11 }'")
            .flatMap { self.mailout($0, with: reader, fileProblem: fileProblem, template: &mailoutTemplate) }
        var templates = fields["templates"].flatMap { self.templates($0, with: reader, fileProblem: fileProblem) } ?? RoundTemplates()
        if let mailoutTemplate {
            if templates.files["mailout"] != nil, let node = fields["templates"] {
                reader.error(
                    at: node, "the mailout's template is named twice, in mailout.template and in templates.mailout",
                    fix: "keep templates.mailout and remove mailout.template")
            }
            templates.files["mailout"] = mailoutTemplate
        }
        let signature = fields["signature"].flatMap { reader.string($0, "the signature") }?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let deadlineNode = fields.required("deadline", in: reader, fix: "add 'deadline: YYYY-MM-DD'")
        let deadline = deadlineNode.flatMap { reader.date($0, "the deadline") }
        let dialogues = fields["dialogues"].flatMap { self.dialogues($0, with: reader, registry: registry) } ?? []
        let reminders = fields["reminders"].flatMap { self.reminders($0, with: reader) } ?? ReminderRules()
        let milestones = fields["milestones"].flatMap { self.milestones($0, with: reader) } ?? []

        if let deadline, let mailout, let deadlineNode, deadline < mailout.date {
            reader.error(
                at: deadlineNode, "the deadline \(deadline) is before the mailout date \(mailout.date)",
                fix: "set a deadline after the mailout, or move the mailout earlier")
        }
        if let recipients, let list = fields["dialogues"]?.sequence {
            for item in list {
                for participant in item.mapping?["participants"]?.sequence ?? [] {
                    guard let id = participant.scalar?.string, let body = registry[id], !recipients.includes(body) else { continue }
                    reader.error(
                        at: participant, "'\(id)' takes part in a dialogue but is not a recipient of the round",
                        fix: "add it to recipients, or remove it from the dialogue's participants")
                }
            }
        }

        let replyTokens = flag("reply_tokens", fields, with: reader)
        let portal = flag("portal", fields, with: reader)
        let lateAnswers = flag("late_answers", fields, with: reader)
        let csv = fields["csv"].flatMap { csvColumns($0, with: reader, goalAreas: goalAreas ?? []) }

        guard let id, let reference, let title, let from, let recipients, let goalAreas, let mailout, let deadline else {
            return nil
        }
        var consultation = Consultation(
            id: id, reference: reference, title: title, summary: summary, from: from, replyTo: replyTo, bounceTo: bounceTo,
            recipients: recipients, goalAreas: goalAreas, mailout: mailout, deadline: deadline, dialogues: dialogues,
            reminders: reminders, milestones: milestones)
        consultation.replyTokens = replyTokens
        consultation.csv = csv
        consultation.portal = portal
        consultation.lateAnswers = lateAnswers
        consultation.templates = templates
        consultation.signature = signature.flatMap { $0.isEmpty ? nil : $0 }
        return consultation
    }

    /// A yes-or-no setting such as `portal: true`; false when absent.
    static func flag(_ key: String, _ fields: YAMLMapping, with reader: YAMLReader) -> Bool {
        guard let node = fields[key], let text = reader.line(node, key) else { return false }
        switch text {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            reader.error(at: node, "\(key) is '\(text)'", fix: "write \(key): true or \(key): false")
            return false
        }
    }

    static func csvColumns(_ node: Node, with reader: YAMLReader, goalAreas: [GoalArea]) -> CSVColumns? {
        guard let fields = reader.mapping(node, "'csv'", allowed: ["body", "date", "date_format", "areas", "stances", "general"]) else {
            return nil
        }
        var columns = CSVColumns()
        columns.body = fields["body"].flatMap { reader.line($0, "csv.body") }
        columns.date = fields["date"].flatMap { reader.line($0, "csv.date") }
        columns.general = fields["general"].flatMap { reader.line($0, "csv.general") }
        if let node = fields["date_format"], let format = reader.line(node, "csv.date_format") {
            columns.dateOrder = CSVColumns.DateOrder(format: format)
            if columns.dateOrder == nil {
                reader.error(
                    at: node, "csv.date_format '\(format)' is not a date format",
                    fix: "write how the form tool writes dates, e.g. M/D/YY (month first), D/M/YYYY (day first) or YYYY-MM-DD")
            }
        }
        func byArea(_ key: String) -> [Int: String] {
            guard let node = fields[key] else { return [:] }
            guard let mapping = node.mapping else {
                reader.error(at: node, "csv.\(key) must map goal area ids to column names", fix: "write e.g. '\(key): { 1: \"Fråga 1\" }'")
                return [:]
            }
            var result: [Int: String] = [:]
            for (keyNode, value) in mapping {
                guard let id = reader.integer(keyNode, "a goal area id in csv.\(key)", in: 1...99) else { continue }
                guard goalAreas.contains(where: { $0.id == id }) else {
                    reader.error(
                        at: keyNode, "csv.\(key) names goal area \(id), which the round does not have",
                        fix: "use one of the ids in goal_areas")
                    continue
                }
                if let column = reader.line(value, "the column for goal area \(id)") { result[id] = column }
            }
            return result
        }
        columns.areas = byArea("areas")
        columns.stances = byArea("stances")
        return columns
    }

    static func sender(_ node: Node, with reader: YAMLReader) -> Sender? {
        guard let fields = reader.mapping(node, "'from'", allowed: ["name", "email"]) else { return nil }
        let name = fields.required("name", in: reader).flatMap { reader.line($0, "the sender's name") }
        let email = fields.required("email", in: reader).flatMap { reader.address($0, "the sender's address") }
        guard let name, let email else { return nil }
        return Sender(name: name, email: email)
    }

    static func recipientSelection(_ node: Node, with reader: YAMLReader, registry: Registry) -> RecipientSelection? {
        guard let fields = reader.mapping(node, "'recipients'", allowed: ["kinds", "ids", "exclude"]) else { return nil }
        var selection = RecipientSelection()
        if let list = fields["kinds"].flatMap({ reader.sequence($0, "recipients.kinds") }) {
            for item in list {
                guard let text = reader.line(item, "a recipient kind") else { continue }
                if let kind = BodyKind(rawValue: text) {
                    selection.kinds.append(kind)
                } else {
                    reader.error(at: item, "unknown kind '\(text)' in recipients", fix: "a kind is board, company or group")
                }
            }
        }
        selection.ids = ids(fields["ids"], "recipients.ids", with: reader, registry: registry)
        selection.exclude = ids(fields["exclude"], "recipients.exclude", with: reader, registry: registry)
        if selection.kinds.isEmpty && selection.ids.isEmpty {
            reader.error(at: node, "the round has no recipients", fix: "add 'kinds: [board, company]' or 'ids: [BUN, SN]'")
        }
        return selection
    }

    static func ids(_ node: Node?, _ what: String, with reader: YAMLReader, registry: Registry) -> [String] {
        guard let node, let list = reader.sequence(node, what) else { return [] }
        return list.compactMap { item in
            guard let id = reader.line(item, "an id in \(what)") else { return nil }
            guard let body = registry[id] else {
                let hint = YAMLReader.closest(to: id, among: registry.bodies.map(\.id)).map { "did you mean '\($0)'? " } ?? ""
                reader.error(
                    at: item, "unknown body '\(id)' in \(what)",
                    fix: "\(hint)use an id from contacts/ ('samrad contacts list' shows them), or load the registry first")
                return nil
            }
            if registry.isRetired(id) {
                reader.error(
                    at: item, "'\(id)' (\(body.name)) has been retired from the registry",
                    fix: "remove it here or restore it in contacts/")
                return nil
            }
            return id
        }
    }

    static func goalAreas(_ node: Node, with reader: YAMLReader) -> [GoalArea]? {
        guard let list = reader.sequence(node, "goal_areas") else { return nil }
        var seen: [Int: SourceLocation] = [:]
        var areas: [GoalArea] = []
        for item in list {
            guard let fields = reader.mapping(item, "a goal area", allowed: ["id", "title"]) else { continue }
            let idNode = fields.required("id", in: reader, fix: "number the goal areas: 'id: 1'")
            let id = idNode.flatMap { reader.integer($0, "the goal area's id", in: 1...99) }
            let title = fields.required("title", in: reader).flatMap { reader.line($0, "the goal area's title") }
            guard let id, let title, let idNode else { continue }
            if let first = seen[id] {
                reader.error(
                    at: idNode, "the goal area id \(id) is used twice (first at line \(first.line))", fix: "number each goal area once")
                continue
            }
            seen[id] = reader.location(of: idNode)
            areas.append(GoalArea(id: id, title: title))
        }
        if areas.isEmpty && list.isEmpty {
            reader.error(at: node, "the round has no goal areas", fix: "list them: '- { id: 1, title: … }'")
        }
        return areas
    }

    static func mailout(
        _ node: Node, with reader: YAMLReader, fileProblem: (String) -> String?, template: inout RoundTemplate?
    ) -> Mailout? {
        guard let fields = reader.mapping(node, "'mailout'", allowed: ["date", "attachments", "template"]) else { return nil }
        let date = fields.required("date", in: reader).flatMap { reader.date($0, "the mailout date") }
        var attachments: [String] = []
        if let list = fields["attachments"].flatMap({ reader.sequence($0, "mailout.attachments") }) {
            for item in list {
                guard let path = reader.line(item, "an attachment") else { continue }
                if let problem = fileProblem(path) {
                    reader.error(
                        at: item, "the attachment \(InputEcho.quote(path, limit: 80)) \(problem)",
                        fix: "put the file beside the round's file, or correct the path")
                } else {
                    attachments.append(path)
                }
            }
        }
        if let item = fields["template"] {
            template = templateFile(item, "the mailout's template", with: reader, fileProblem: fileProblem)
        }
        guard let date else { return nil }
        return Mailout(date: date, attachments: attachments)
    }

    /// `templates:`: the round's own template for each message that names one, and its notices under `notices:`.
    static func templates(_ node: Node, with reader: YAMLReader, fileProblem: (String) -> String?) -> RoundTemplates? {
        guard let fields = reader.mapping(node, "'templates'", allowed: RoundTemplates.keys + ["notices"]) else { return nil }
        var templates = RoundTemplates()
        for key in RoundTemplates.keys {
            guard let item = fields[key] else { continue }
            templates.files[key] = templateFile(item, "the template for \(key)", with: reader, fileProblem: fileProblem)
        }
        if let notices = fields["notices"] {
            guard let mapping = notices.mapping else {
                reader.error(
                    at: notices, "templates.notices must map a notice's name to its template",
                    fix: "write e.g. 'notices: { beslut: beslut.mustache }'")
                return templates
            }
            for (nameNode, item) in mapping {
                guard let name = reader.line(nameNode, "a notice's name") else { continue }
                guard name.range(of: #"^[a-z0-9][a-z0-9-]{0,39}$"#, options: .regularExpression) != nil else {
                    reader.error(
                        at: nameNode, "the notice name '\(name)' may only hold lower-case letters a–z, digits and '-'",
                        fix: "use a short name such as 'beslut' or 'delrapport'; it is what 'samrad notify --template' takes")
                    continue
                }
                templates.files["notices.\(name)"] = templateFile(
                    item, "the template for the notice \(name)", with: reader, fileProblem: fileProblem)
            }
        }
        return templates
    }

    /// A template's path, checked to be a file beside the round's; its text is read when the round is added.
    static func templateFile(_ item: Node, _ what: String, with reader: YAMLReader, fileProblem: (String) -> String?) -> RoundTemplate? {
        guard let path = reader.line(item, what) else { return nil }
        if let problem = fileProblem(path) {
            reader.error(
                at: item, "\(what) \(InputEcho.quote(path, limit: 80)) \(problem)",
                fix: "put the .mustache file beside the round's file, or remove the line to use the bundled template")
            return nil
        }
        return RoundTemplate(path: path)
    }

    static func dialogues(_ node: Node, with reader: YAMLReader, registry: Registry) -> [Dialogue]? {
        guard let list = reader.sequence(node, "dialogues") else { return nil }
        var seen: [String: SourceLocation] = [:]
        var dialogues: [Dialogue] = []
        for item in list {
            let allowed = ["id", "title", "start", "end", "location", "participants"]
            guard let fields = reader.mapping(item, "a dialogue", allowed: allowed) else { continue }
            let idNode = fields.required("id", in: reader, fix: "give it a stable id, e.g. 'id: budget-1'")
            let id = idNode.flatMap { reader.line($0, "the dialogue's id") }
            let title = fields.required("title", in: reader).flatMap { reader.line($0, "the dialogue's title") }
            let start = fields.required("start", in: reader).flatMap { reader.dateTime($0, "the start") }
            let endNode = fields.required("end", in: reader)
            let end = endNode.flatMap { reader.dateTime($0, "the end") }
            let location = fields.required("location", in: reader).flatMap { reader.line($0, "the location") }
            let participants = ids(fields["participants"], "the participants", with: reader, registry: registry)
            if let start, let end, let endNode, end <= start {
                reader.error(
                    at: endNode, "the dialogue ends (\(end)) before it starts (\(start))", fix: "check the dates and times of start and end"
                )
            }
            guard let id, let idNode, let title, let start, let end, let location else { continue }
            if let first = seen[id] {
                reader.error(
                    at: idNode, "the dialogue id '\(id)' is used twice (first at line \(first.line))", fix: "give each dialogue its own id")
                continue
            }
            seen[id] = reader.location(of: idNode)
            dialogues.append(Dialogue(id: id, title: title, start: start, end: end, location: location, participants: participants))
        }
        return dialogues
    }

    static func reminders(_ node: Node, with reader: YAMLReader) -> ReminderRules? {
        guard let fields = reader.mapping(node, "'reminders'", allowed: ReminderKind.allCases.map(\.fileKey)) else { return nil }
        var rules = ReminderRules()
        for kind in ReminderKind.allCases {
            guard let node = fields[kind.fileKey], let list = reader.sequence(node, "reminders.\(kind.fileKey)") else { continue }
            rules[kind] = list.compactMap { reader.integer($0, "a number of working days in \(kind.fileKey)", in: 0...60) }
        }
        return rules
    }

    static func milestones(_ node: Node, with reader: YAMLReader) -> [Milestone]? {
        guard let list = reader.sequence(node, "milestones") else { return nil }
        return list.compactMap { item in
            guard let fields = reader.mapping(item, "a milestone", allowed: ["date", "title"]) else { return nil }
            let date = fields.required("date", in: reader).flatMap { reader.date($0, "the milestone's date") }
            let title = fields.required("title", in: reader).flatMap { reader.line($0, "the milestone's title") }
            guard let date, let title else { return nil }
            return Milestone(date: date, title: title)
        }
    }
}
