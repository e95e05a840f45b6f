import Foundation
import SamradCore
import SamradMail
import SamradStore

/// Sends a one-off message of a round — e.g. the council's decision (`beslut`) — to every body of
/// some kinds, through the same ledger and transports as the mailout.
public struct Notifier: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// What `notify` did.
    public struct Summary: Sendable {
        /// Messages newly recorded.
        public var queued: Int
        /// Bodies that had it already.
        public var already: Int
        /// What this run's deliveries did.
        public var report: SendReport
        /// Where the round's notices stand now: what is still to go.
        public var standing: DeliveryStanding
        /// Whether mail really left the machine.
        public var delivered: Bool
        /// The transport.
        public var transport: String
    }

    /// Records the notice for every active body of the kinds and delivers it.
    ///
    /// - Parameters:
    ///   - template: the name of one of the round's own notices (`templates: notices:`) or a bundled one (`beslut`), or
    ///     the path of a `.mustache` file, checked before anything is recorded.
    ///   - attachments: files to attach, read when each message is rendered.
    public func notify(
        _ id: String, template: String, kinds: [BodyKind], attachments: [String], options: DeliveryRunner.Options? = nil
    ) throws -> Summary {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let name = try Self.noticeTemplate(template, of: stored)
        let paths = try attachments.map { path -> String in
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            do {
                try InputFile.check(absolute)
            } catch {
                throw SamradError(.noInput, "cannot attach \(error) (--attach \(TerminalText.safe(path, singleLine: true)))")
            }
            guard FileManager.default.isReadableFile(atPath: absolute) else {
                throw SamradError(
                    .noInput, "cannot read the attachment \(TerminalText.safe(path, singleLine: true)); check its permissions")
            }
            return absolute
        }
        let registry = try workspace.database.registry()
        let bodies = registry.active().filter { kinds.contains($0.kind) }
        guard !bodies.isEmpty else { throw SamradError(.dataError, "the registry has no body of the kinds \(kinds.map(\.rawValue))") }
        let attached = paths.map { URL(fileURLWithPath: $0).lastPathComponent }
        let shown = PlannedSend.Purpose.noticeName(name)
        return try queueAndDeliver(
            .notice(template: name, attachments: paths), to: bodies, of: stored, options: options
        ) { recorded in
            "\(shown) to \(kinds.map(\.rawValue).joined(separator: ", ")): \(recorded) messages recorded"
                + (attached.isEmpty ? "" : ", attached \(attached.joined(separator: ", "))")
        }
    }

    /// What `notify --changes` found to tell.
    public struct Changes: Sendable {
        /// The revision the bodies had heard of: the one current at the mailout, or at the last notice of changes.
        public var from: Int
        /// The round's current revision.
        public var to: Int
        /// What changed between them.
        public var changes: [RoundChange]
        /// The bodies told, in id order; empty when nothing concerns any of them.
        public var bodies: [String]
        /// What was sent; nil when there was nothing to tell.
        public var summary: Summary?
    }

    /// Tells each body already sent the mailout what changed in the round since it last heard of it — the revision
    /// current at its mailout, or at the last notice of changes — once per revision; only the changes that concern
    /// it (a moved dialogue concerns its participants; a new deadline, everyone).
    public func notifyChanges(_ id: String, options: DeliveryRunner.Options? = nil) throws -> Changes {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let mailouts = try workspace.database.messages(consultation: id, kind: .mailout)
        guard let first = mailouts.map(\.date).min() else {
            throw SamradError(
                .usage,
                "round \(id) has not been mailed out yet: the mailout will carry the round as it is now, so there are no changes to tell")
        }
        let told = try workspace.database.messages(consultation: id, kind: .notice).compactMap { message -> Int? in
            guard message.key.hasPrefix(Self.changesPrefix) else { return nil }
            return Int(message.key.dropFirst(Self.changesPrefix.count))
        }
        let from = max(told.max() ?? 0, try workspace.database.revision(of: id, at: first) ?? 1)
        let to = stored.revision
        guard from < to, let old = try workspace.database.consultation(id, revision: from) else {
            return Changes(from: from, to: to, changes: [], bodies: [], summary: nil)
        }
        let changes = RoundChange.between(old.consultation, stored.consultation)
        let registry = try workspace.database.registry()
        let bodies = Set(mailouts.map(\.bodyID)).sorted().compactMap { registry[$0] }.filter { body in
            changes.contains { $0.concerns(body.id) }
        }
        guard !bodies.isEmpty else { return Changes(from: from, to: to, changes: changes, bodies: [], summary: nil) }
        let summary = try queueAndDeliver(.changes(from: from, to: to), to: bodies, of: stored, options: options) { recorded in
            "changes of revision \(to) (since \(from)): \(recorded) messages recorded"
        }
        return Changes(from: from, to: to, changes: changes, bodies: bodies.map(\.id), summary: summary)
    }

    static let changesPrefix = "changes."

    /// Records a notice for each body that has not had it and delivers every due notice of the round.
    private func queueAndDeliver(
        _ purpose: PlannedSend.Purpose, to bodies: [Body], of stored: StoredConsultation, options: DeliveryRunner.Options?,
        audit: @escaping (Int) -> String
    ) throws -> Summary {
        let id = stored.consultation.id
        let composer = try MessageRenderer.composer(for: stored)
        let json = String(decoding: try JSONEncoder().encode(purpose), as: UTF8.self)
        let already = Set(
            try workspace.database.messages(consultation: id, kind: .notice).filter { $0.key == purpose.key }.map(\.bodyID))
        let now = workspace.now()
        let messages = bodies.filter { !already.contains($0.id) }.compactMap { body -> QueuedMessage? in
            let recipients = body.recipients
            guard !recipients.isEmpty else { return nil }
            return QueuedMessage(
                consultationID: id, bodyID: body.id, kind: .notice, key: purpose.key,
                messageID: composer.newMessageID(body: body.id, key: purpose.key), subject: composer.subject(for: purpose), date: now,
                recipients: recipients, purpose: json)
        }
        let queued = try workspace.database.queue(
            messages, now: now, audit: workspace.auditing("notify", consultation: id) { $0 == 0 ? nil : audit($0) })
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = [.notice]
        let renderer = try MessageRenderer(workspace)
        let report = try DeliveryRunner(workspace).run(
            runOptions, render: renderer.render, sender: { composer.envelopeSender(token: $0.token) })
        return Summary(
            queued: queued, already: bodies.filter { already.contains($0.id) }.count, report: report,
            standing: try workspace.database.standing(consultation: id, kinds: [.notice], now: workspace.now()),
            delivered: workspace.transport.delivers, transport: workspace.transport.summary)
    }

    /// The bundled templates that are notices; the others belong to a message of their own.
    static let bundledNotices = ["beslut"]

    /// The template `notify --template` names: one of the round's own notices, a bundled notice, or a template file
    /// (returned as its absolute path, checked first).
    static func noticeTemplate(_ template: String, of stored: StoredConsultation) throws -> String {
        let round = stored.consultation
        let name = template.hasSuffix(".mustache") ? String(template.dropLast(".mustache".count)) : template
        if !template.contains("/"), round.templates.noticeNames.contains(name) || bundledNotices.contains(name) { return name }
        let absolute = URL(fileURLWithPath: template).standardizedFileURL.path
        guard template.contains("/") || template.hasSuffix(".mustache"), FileManager.default.fileExists(atPath: absolute) else {
            let own = round.templates.noticeNames
            throw SamradError(
                .usage,
                "there is no notice template '\(TerminalText.safe(template, singleLine: true))'; "
                    + (own.isEmpty ? "" : "the round's notices are: \(own.joined(separator: ", ")); ")
                    + "the bundled ones are: \(bundledNotices.joined(separator: ", ")); or give the path of a .mustache file")
        }
        let text = try ConsultationRegistrar.templateText(absolute)
        let problems = TemplateCheck.problems(
            in: text, file: template, serving: [.notice(PlannedSend.Purpose.noticeName(absolute))], round: round)
        guard problems.isEmpty else { throw SamradError(.dataError, problems.map(\.description).joined(separator: "\n")) }
        return absolute
    }
}
