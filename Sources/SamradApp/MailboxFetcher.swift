import Foundation
import SamradCore
import SamradImport
import SamradStore

/// Polls the IMAP mailbox (`SAMRAD_IMAP_*`) and imports each new message once, remembering the
/// mailbox's UIDVALIDITY and last UID between runs.
public struct MailboxFetcher: Sendable {
    let workspace: Workspace
    let configuration: IMAPConfiguration
    let importer: FeedbackImporter

    /// Creates the fetcher, or nil when no IMAP mailbox is configured.
    public init?(_ workspace: Workspace, attachmentFolder: URL, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        let configuration: IMAPConfiguration?
        do {
            configuration = try IMAPConfiguration(environment: environment)
        } catch {
            throw SamradError(.configuration, error.description)
        }
        guard let configuration else { return nil }
        self.workspace = workspace
        self.configuration = configuration
        self.importer = try FeedbackImporter(workspace, attachmentFolder: attachmentFolder)
    }

    /// What a fetch did.
    public struct Summary: Sendable {
        /// The mailbox, without secrets.
        public var mailbox: String
        /// New items imported, by kind.
        public var imported: [IncomingKind: Int] = [:]
        /// Messages seen before (by Message-ID).
        public var duplicates = 0
        /// Whether the mailbox's UIDVALIDITY changed, so it was read from the start.
        public var restarted = false
    }

    /// Fetches and imports every message newer than the last one remembered.
    public func fetch() throws -> Summary {
        let key = "imap:\(configuration.summary)"
        let remembered = try workspace.database.importState(key).flatMap { try? JSONDecoder().decode(IMAPState.self, from: Data($0.utf8)) }
        let mailbox: IMAPMailbox
        do {
            mailbox = try IMAPMailbox(configuration: configuration)
        } catch {
            throw SamradError(error.isTemporary ? .unavailable : .configuration, error.description)
        }
        defer { mailbox.close() }
        var summary = Summary(mailbox: configuration.summary)
        let source = configuration.summary
        func remember(_ state: IMAPState) throws {
            try workspace.database.setImportState(key, String(decoding: try JSONEncoder().encode(state), as: UTF8.self))
        }
        let state: IMAPState
        do {
            state = try IMAPPoller(mailbox: mailbox).poll(after: remembered) { uid, data in
                switch try importer.importMessage(data, source: "\(source) UID \(uid)") {
                case .duplicate: summary.duplicates += 1
                case .imported(let kind, _): summary.imported[kind, default: 0] += 1
                }
            }
        } catch {
            // Remember how far it got, so that what was imported is not fetched again.
            if let reached = error.state { try remember(reached) }
            throw SamradError(error.isTemporary ? .unavailable : .dataError, error.description)
        }
        summary.restarted = state.restarted
        try remember(state)
        if summary.imported.values.reduce(0, +) > 0 {
            let kinds = summary.imported.map { "\($0.value) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
            try workspace.audit("fetch", consultation: nil, "from \(configuration.summary): \(kinds)")
        }
        return summary
    }
}
