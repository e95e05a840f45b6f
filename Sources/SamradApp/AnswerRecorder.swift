import Foundation
import SamradCore
import SamradImport
import SamradStore

/// Records a body's answer by hand — one that came on paper, by phone or at a dialogue — or corrects how an
/// answer was read. Either counts like any other answer from the moment it is made; the earlier reading stays as
/// history, and the change goes in the audit trail.
public struct AnswerRecorder: Sendable {
    let workspace: Workspace
    let attachments: AttachmentStore

    /// Creates the use case; a document goes to the attachment folder.
    public init(_ workspace: Workspace, attachmentFolder: URL) {
        self.workspace = workspace
        self.attachments = AttachmentStore(folder: attachmentFolder)
    }

    /// How a body gave an answer recorded by hand.
    public enum Source: String, Sendable, CaseIterable {
        /// A letter.
        case brev
        /// A phone call.
        case telefon
        /// A budget dialogue.
        case dialog
        /// A meeting.
        case möte
    }

    /// What to record.
    public struct Request: Sendable {
        /// The round.
        public var consultation: String
        /// The body.
        public var body: String
        /// The goal areas.
        public var areas: [Int]
        /// The stance, or nil to clear the areas' stance.
        public var stance: Stance?
        /// What the body said, in a sentence or two.
        public var text: String?
        /// A document it came with (a letter, a minute).
        public var file: String?
        /// When the body gave it (default: now).
        public var date: Date?
        /// How the body gave it; nil for a correction of a reading.
        public var source: Source?

        /// Creates a request.
        public init(
            consultation: String, body: String, areas: [Int], stance: Stance?, text: String? = nil, file: String? = nil,
            date: Date? = nil, source: Source? = nil
        ) {
            self.consultation = consultation
            self.body = body
            self.areas = areas
            self.stance = stance
            self.text = text
            self.file = file
            self.date = date
            self.source = source
        }
    }

    /// What was recorded: the register number of a new answer (a correction has none), and what it replaced.
    public struct Result: Sendable {
        /// The register number, e.g. `KS 2019/017-31`, when the answer is a new document of the body's.
        public var registration: String?
        /// Whether it was a correction of a reading rather than a new answer.
        public var correction: Bool
        /// Each area's stance before, nil when it had none.
        public var before: [Int: Stance?]
    }

    /// Records the answer; refuses, changing nothing, an unknown round, body, area or file.
    public func record(_ request: Request) throws -> Result {
        let stored = try ConsultationRegistrar.stored(request.consultation, in: workspace.database)
        let round = stored.consultation
        let registry = try workspace.database.registry()
        guard registry[request.body] != nil else {
            throw SamradError(.dataError, "there is no body '\(request.body)' in the registry; 'samrad contacts list' shows the ids")
        }
        guard round.recipients(in: registry).contains(where: { $0.id == request.body }) else {
            throw SamradError(
                .dataError, "\(request.body) is not a recipient of round \(round.id); 'samrad consultation show \(round.id)' lists them")
        }
        guard !request.areas.isEmpty else {
            throw SamradError(
                .usage,
                "name the goal area with --area N (the round's areas: \(round.goalAreas.map { String($0.id) }.joined(separator: ", ")))")
        }
        for area in request.areas where round.goalArea(area) == nil {
            throw SamradError(
                .dataError,
                "round \(round.id) has no goal area \(area); its areas are \(round.goalAreas.map { "\($0.id) \($0.title)" }.joined(separator: ", "))"
            )
        }
        let document = try request.file.map(readDocument)
        let now = workspace.now()
        let date = request.date ?? now
        let text = request.text ?? ""
        let clause = text.isEmpty ? (request.source.map { "\($0.rawValue) \(SwedishTime.short(date))" } ?? "rättelse") : text
        let evidence = Evidence(clause: clause, attachment: document?.filename, rule: .manual)
        let before = try self.before(request)
        let answer = ManualAnswer(
            match: RoundBody(consultation: round.id, body: request.body), kind: request.source == nil ? .correction : .manual,
            source: request.source?.rawValue, date: date, late: request.source != nil && date >= round.deadlineInstant,
            contributions: request.areas.map { Contribution(goalArea: $0, stance: request.stance, text: text, evidence: evidence) },
            document: document)
        let registration = try workspace.database.recordAnswer(answer, now: now) { registration in
            let areas = request.areas.map { area in
                "goal area \(area): \((before[area] ?? nil)?.swedish ?? "no stance") → \(request.stance?.swedish ?? "no stance")"
            }
            let how = request.source.map { "\($0.rawValue), \(SwedishTime.short(date))" } ?? "correction"
            let numbered = registration.map { "; registered as \($0)" } ?? ""
            return workspace.auditNote(
                "answer", consultation: round.id, "\(request.body) (\(how)): \(areas.joined(separator: "; "))\(numbered)")
        }
        return Result(registration: registration, correction: request.source == nil, before: before)
    }

    /// The body's standing stance on the request's areas before it.
    func before(_ request: Request) throws -> [Int: Stance?] {
        let status = try RoundStatus(workspace).status(request.consultation)
        let row = status.rows.first { $0.id == request.body }
        return Dictionary(uniqueKeysWithValues: request.areas.map { ($0, row?.answers[String($0)]) })
    }

    /// Reads and stores a document named on the command line.
    func readDocument(_ path: String) throws -> AttachmentRecord {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SamradError(.noInput, "\(path) does not exist; name the letter or minute to keep with the answer")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw SamradError(.noInput, "\(path) cannot be read as a file")
        }
        let url = URL(fileURLWithPath: path)
        do {
            return try attachments.put(
                MailAttachment(filename: url.lastPathComponent, contentType: MessageRenderer.contentType(of: url.pathExtension), data: data)
            )
        } catch {
            throw SamradError(.configuration, "\(error)")
        }
    }
}
