import Foundation
import Mustache
import SamradCore

/// What is wrong with a message template: its file and line, what, and what to do.
public struct TemplateProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template's file, as the coordinator named it.
    public var file: String
    /// The line, counted from 1.
    public var line: Int
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var fix: String

    /// `FILE:LINE: error: MESSAGE` and the fix on the next line, as the round's file's problems are shown.
    public var description: String {
        "\(file):\(line): error: \(message)\n    fix: \(fix)"
    }
}

/// Checks a message template before any message is made from it: its Mustache syntax, every section closed, and
/// every variable one that the messages it serves can fill. A round's file is checked when it is added, so that a
/// misspelt `{{deadlin}}` is an error naming the line, not an empty gap in every body's mail.
public enum TemplateCheck {
    /// The problems of a template, in the order of its lines; empty when it can be used.
    ///
    /// - Parameters:
    ///   - text: the template.
    ///   - file: the name to show, e.g. `consultations/utskick.mustache`.
    ///   - slots: the messages it serves; a variable is known when any of them fills it.
    ///   - round: the round, whose goal areas, dialogues and milestones the messages show.
    public static func problems(in text: String, file: String, serving slots: [TemplateSlot], round: Consultation) -> [TemplateProblem] {
        let scan = TagScanner.scan(text)
        var problems = scan.problems.map { TemplateProblem(file: file, line: $0.line, message: $0.message, fix: $0.fix) }
        if problems.isEmpty {
            do {
                _ = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                problems.append(
                    TemplateProblem(
                        file: file, line: error.context.lineNumber,
                        message:
                            "the template is not valid Mustache (\(error.error)) near «\(error.context.line.trimmingCharacters(in: .whitespaces))»",
                        fix: "write each tag as {{name}}, open sections with {{#name}} and close them with {{/name}}"))
            } catch {
                problems.append(
                    TemplateProblem(file: file, line: 1, message: "the template is not valid Mustache (\(error))", fix: "correct it"))
            }
        }
        guard problems.isEmpty else { return problems }
        let shape = slots.flatMap { specimens(for: $0, round: round) }.map { Shape(of: $0.values) }.reduce(Shape.unknown) { $0.merged($1) }
        var stack: [Shape] = [shape]
        for tag in scan.tags {
            switch tag.kind {
            case .variable(let name):
                switch resolve(name, in: stack) {
                case nil: problems.append(unknown(name, tag.line, file: file, stack: stack, slots: slots))
                case .list(let item)?: problems.append(notOneValue(name, tag.line, file: file, kind: "a list", inside: item))
                case .object(let members)?:
                    problems.append(notOneValue(name, tag.line, file: file, kind: "a group of values", inside: .object(members)))
                default: break
                }
            case .section(let name, let inverted):
                guard let found = resolve(name, in: stack) else {
                    problems.append(unknown(name, tag.line, file: file, stack: stack, slots: slots))
                    stack.append(.object([:]))
                    continue
                }
                switch (inverted, found) {
                case (true, _): stack.append(.object([:]))
                case (false, .list(let item)): stack.append(item)
                case (false, _): stack.append(found)
                }
            case .close:
                if stack.count > 1 { stack.removeLast() }
            }
        }
        return problems
    }

    /// A `{{name}}` that names a list or a group: Mustache would write nothing useful there.
    static func notOneValue(_ name: String, _ line: Int, file: String, kind: String, inside: Shape) -> TemplateProblem {
        let example = inside.names().first.map { "{{\($0)}}" } ?? "{{.}}"
        return TemplateProblem(
            file: file, line: line, message: "{{\(name)}} is \(kind), not one value",
            fix: "write {{#\(name)}}…{{/\(name)}} and the values inside it, e.g. {{#\(name)}}\(example){{/\(name)}}")
    }

    static func unknown(_ name: String, _ line: Int, file: String, stack: [Shape], slots: [TemplateSlot]) -> TemplateProblem {
        var names: [String] = []
        for frame in stack.reversed() { names += frame.names() }
        var seen = Set<String>()
        let available = names.filter { seen.insert($0).inserted }
        let serving = slots.map(\.description).joined(separator: ", ")
        return TemplateProblem(
            file: file, line: line, message: "unknown variable {{\(name)}}: \(serving) has no such value",
            fix: "use one of the variables available there: \(available.joined(separator: ", "))")
    }

    /// The shape a variable's name finds, as Mustache looks it up: its first part in the innermost context that has
    /// it, the rest inside that; nil when it finds nothing.
    static func resolve(_ name: String, in stack: [Shape]) -> Shape? {
        let name = transformed(name)
        if name == "." { return stack.last ?? .unknown }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return nil }
        for frame in stack.reversed() {
            guard var shape = frame.member(first) else { continue }
            for part in parts.dropFirst() {
                guard let next = shape.member(part) else { return nil }
                shape = next
            }
            return shape
        }
        return nil
    }

    /// The variable inside a transform such as `uppercased(name)`.
    static func transformed(_ name: String) -> String {
        guard let open = name.firstIndex(of: "("), name.hasSuffix(")") else { return name }
        return String(name[name.index(after: open)..<name.index(before: name.endIndex)])
    }

    /// The contexts the messages a template serves are rendered with, every optional part filled, so that every
    /// variable any of them can have is known.
    public static func specimens(for slot: TemplateSlot, round: Consultation) -> [MessageContent] {
        var round = round
        let body = Body(
            id: "EXEMPEL", name: "Exempelnämnden", kind: .board, mailbox: try? EmailAddress("exempel@kommun.example"),
            meetings: [Meeting(round.deadline)])
        if round.summary == nil { round.summary = "…" }
        if round.dialogues.isEmpty, let start = try? LocalDateTime(date: round.mailout.date, hour: 9, minute: 0),
            let end = try? LocalDateTime(date: round.mailout.date, hour: 12, minute: 0)
        {
            round.dialogues = [Dialogue(id: "dialog", title: "Dialog", start: start, end: end, location: "…", participants: [])]
        }
        if !round.dialogues.isEmpty { round.dialogues[0].participants.append(body.id) }
        if round.milestones.isEmpty { round.milestones = [Milestone(date: round.mailout.date, title: "…")] }
        let reply = round.replyTo ?? round.from.email
        let link = "https://svar.kommun.example/svar/exempel"
        let mailout = MessageContent(consultation: round, body: body, attachmentNames: ["bilaga.pdf"], replyAddress: reply)
        switch slot {
        case .mailout, .portalLink:
            return [mailout.withPortalLink(link)]
        case .reminder(let kind):
            let reminder = Reminder(kind, days: 1, dialogue: round.dialogues.first?.id, meeting: Meeting(round.deadline))
            return [
                MessageContent(
                    reminder: .reminder(reminder), consultation: round, body: body, openAreas: round.goalAreas, replyAddress: reply
                )
                .withPortalLink(link)
            ]
        case .invitation, .update, .cancellation:
            guard !round.dialogues.isEmpty else { return [] }
            let version = InvitationVersion(
                sequence: slot == .invitation ? 0 : 1, dialogue: round.dialogues[0], cancelled: slot == .cancellation)
            return [MessageContent(invitation: version, consultation: round, body: body, replyAddress: reply)]
        case .receipt:
            let form = PortalForm(
                areas: round.goalAreas.map { PortalForm.Area(id: $0.id, stance: .supports, text: "…") }, general: "…", respondent: "…",
                role: "…")
            return [
                MessageContent(
                    receipt: form, registration: "INK 2019-1", date: round.deadlineInstant, late: true, consultation: round, body: body,
                    replyAddress: reply)
            ]
        case .changes:
            let change = RoundChange("…", swedish: "…", audience: .everyone)
            return [
                MessageContent(changes: [change], revision: 2, consultation: round, body: body, replyAddress: reply).withPortalLink(link)
            ]
        case .notice:
            let last = round.milestones.map(\.date).max() ?? round.deadline
            return [MessageContent(notice: round, body: body, attachmentNames: ["bilaga.pdf"], replyAddress: reply, date: last.end)]
        }
    }
}

/// What a template's context holds at some place: a value, a mapping of names, a list of items, or anything.
indirect enum Shape: Equatable {
    case value
    case object([String: Shape])
    case list(Shape)
    case unknown

    init(of value: Any) {
        switch value {
        case let object as [String: any Sendable]: self = .object(object.mapValues { Shape(of: $0) })
        case let object as [String: String]: self = .object(object.mapValues { _ in .value })
        case let list as [Any]: self = .list(list.map { Shape(of: $0) }.reduce(.unknown) { $0.merged($1) })
        default: self = .value
        }
    }

    /// Both shapes' names: what either context can hold.
    func merged(_ other: Shape) -> Shape {
        switch (self, other) {
        case (.unknown, _): other
        case (_, .unknown): self
        case (.object(let a), .object(let b)): .object(a.merging(b) { $0.merged($1) })
        case (.list(let a), .list(let b)): .list(a.merged(b))
        default: self
        }
    }

    /// The shape of a name inside this one; nil when it has no such name.
    func member(_ name: String) -> Shape? {
        switch self {
        case .object(let members): members[name]
        case .unknown: .unknown
        case .list, .value: nil
        }
    }

    /// The names a template can use here, e.g. `body.name`, `goal_areas[id, title]`.
    func names(prefix: String = "") -> [String] {
        guard case .object(let members) = self else { return [] }
        return members.keys.sorted().flatMap { key -> [String] in
            let name = prefix + key
            switch members[key] {
            case .object: return members[key]?.names(prefix: name + ".") ?? []
            case .list(let item):
                let inner = item.names()
                return [inner.isEmpty ? name : "\(name)[\(inner.joined(separator: ", "))]"]
            default: return [name]
            }
        }
    }
}

/// The tags of a Mustache template with their lines, and the sections left open or closed wrongly.
struct TagScanner {
    enum Kind: Equatable {
        case variable(String)
        case section(String, inverted: Bool)
        case close(String)
    }

    struct Tag {
        var kind: Kind
        var line: Int
    }

    struct Problem {
        var line: Int
        var message: String
        var fix: String
    }

    var tags: [Tag] = []
    var problems: [Problem] = []

    static func scan(_ text: String) -> TagScanner {
        var scanner = TagScanner()
        var open: [(name: String, line: Int)] = []
        var line = 1
        var index = text.startIndex
        while let start = text[index...].range(of: "{{") {
            line += text[index..<start.lowerBound].filter(\.isNewline).count
            let triple = text[start.upperBound...].hasPrefix("{")
            let closing = triple ? "}}}" : "}}"
            let from = triple ? text.index(after: start.upperBound) : start.upperBound
            guard let end = text[from...].range(of: closing) else {
                scanner.problems.append(
                    Problem(line: line, message: "a tag opened with {{ is never closed with }}", fix: "close the tag with }}"))
                return scanner
            }
            let inner = text[from..<end.lowerBound]
            let tagLine = line
            line += inner.filter(\.isNewline).count
            index = end.upperBound
            var body = inner.trimmingCharacters(in: .whitespaces)
            guard let sigil = body.first else {
                scanner.problems.append(
                    Problem(line: tagLine, message: "an empty tag {{}}", fix: "name a variable inside it, or remove it"))
                continue
            }
            if triple {
                scanner.tags.append(Tag(kind: .variable(body), line: tagLine))
                continue
            }
            if "#^/&!>%=<$".contains(sigil) { body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces) }
            switch sigil {
            case "!", "%":
                continue
            case "#", "^":
                open.append((body, tagLine))
                scanner.tags.append(Tag(kind: .section(body, inverted: sigil == "^"), line: tagLine))
            case "/":
                guard let last = open.popLast() else {
                    scanner.problems.append(
                        Problem(
                            line: tagLine, message: "{{/\(body)}} closes a section that was never opened",
                            fix: "remove it, or open the section with {{#\(body)}}"))
                    continue
                }
                if last.name != body {
                    scanner.problems.append(
                        Problem(
                            line: tagLine,
                            message:
                                "{{/\(body)}} closes '\(body)', but the section open here is '\(last.name)' (opened on line \(last.line))",
                            fix: "close {{#\(last.name)}} with {{/\(last.name)}} first"))
                }
                scanner.tags.append(Tag(kind: .close(body), line: tagLine))
            case "&":
                scanner.tags.append(Tag(kind: .variable(body), line: tagLine))
            case ">", "<", "$", "=":
                scanner.problems.append(
                    Problem(
                        line: tagLine, message: "{{\(sigil)…}} (partials, blocks and new delimiters) cannot be used in a round's template",
                        fix: "write the text into the template itself"))
            default:
                scanner.tags.append(Tag(kind: .variable(body), line: tagLine))
            }
        }
        for section in open.reversed() {
            scanner.problems.append(
                Problem(
                    line: section.line, message: "the section {{#\(section.name)}} is never closed",
                    fix: "add {{/\(section.name)}} where it ends"))
        }
        scanner.problems.sort { $0.line < $1.line }
        return scanner
    }
}
