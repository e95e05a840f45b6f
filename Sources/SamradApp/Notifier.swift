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
    ///   - template: a bundled template's name (`beslut`) or the path of a `.mustache` file.
    ///   - attachments: files to attach, read when each message is rendered.
    public func notify(
        _ id: String, template: String, kinds: [BodyKind], attachments: [String], options: DeliveryRunner.Options? = nil
    ) throws -> Summary {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let composer = try MessageRenderer.composer(for: stored)
        let name = try Self.templateName(template)
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
        let purpose = PlannedSend.Purpose.notice(template: name, attachments: paths)
        let json = String(decoding: try JSONEncoder().encode(purpose), as: UTF8.self)
        let registry = try workspace.database.registry()
        let bodies = registry.active().filter { kinds.contains($0.kind) }
        guard !bodies.isEmpty else { throw SamradError(.dataError, "the registry has no body of the kinds \(kinds.map(\.rawValue))") }
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
        let attached = paths.map { URL(fileURLWithPath: $0).lastPathComponent }
        let queued = try workspace.database.queue(
            messages, now: now,
            audit: workspace.auditing("notify", consultation: id) { recorded in
                recorded == 0
                    ? nil
                    : "\(name) to \(kinds.map(\.rawValue).joined(separator: ", ")): \(recorded) messages recorded"
                        + (attached.isEmpty ? "" : ", attached \(attached.joined(separator: ", "))")
            })
        var runOptions = options ?? DeliveryRunner.Options(consultation: id)
        runOptions.consultation = id
        runOptions.kinds = [.notice]
        let renderer = try MessageRenderer(workspace)
        let report = try DeliveryRunner(workspace).run(
            runOptions, render: renderer.render, sender: { composer.envelopeSender(token: $0.token) })
        return Summary(
            queued: queued, already: already.count, report: report,
            standing: try workspace.database.standing(consultation: id, kinds: [.notice], now: workspace.now()),
            delivered: workspace.transport.delivers, transport: workspace.transport.summary)
    }

    /// A bundled template's name; a file of one's own is not yet supported for notices.
    static func templateName(_ template: String) throws -> String {
        let name = template.hasSuffix(".mustache") ? String(template.dropLast(".mustache".count)) : template
        guard (try? MessageTemplates.bundled(name)) != nil, !MessageRenderer.portalTemplates.contains(name) else {
            throw SamradError(.usage, "there is no bundled template '\(template)'; the notice templates are: beslut")
        }
        return name
    }
}
