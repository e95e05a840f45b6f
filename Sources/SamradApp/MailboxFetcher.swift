import Foundation
import SamradCore
import SamradImport
import SamradStore

/// Polls every IMAP mailbox `SAMRAD_IMAP_URL` names — the replies and the bounces — and imports
/// each new message once, remembering each mailbox's UIDVALIDITY and last UID between runs.
public struct MailboxFetcher: Sendable {
    let workspace: Workspace
    let configurations: [IMAPConfiguration]
    let importer: FeedbackImporter

    /// Creates the fetcher, or nil when no IMAP mailbox is configured.
    public init?(_ workspace: Workspace, attachmentFolder: URL, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws
    {
        let configurations: [IMAPConfiguration]
        do {
            configurations = try IMAPConfiguration.all(environment: environment)
        } catch {
            throw SamradError(error.isMissingInput ? .noInput : .configuration, error.description)
        }
        guard !configurations.isEmpty else { return nil }
        self.workspace = workspace
        self.configurations = configurations
        self.importer = try FeedbackImporter(workspace, attachmentFolder: attachmentFolder)
    }

    /// What a fetch did in one mailbox.
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

    /// What a fetch did in every mailbox.
    public struct Result: Sendable {
        /// The mailboxes read, in the order configured.
        public var mailboxes: [Summary] = []
        /// The mailboxes that could not be read (or not to the end), each with why; the others were read.
        public var failures: [SamradError] = []

        /// The exit status: the first failure's, else 0.
        public var exitStatus: Int32 { failures.first?.exitStatus ?? 0 }
    }

    /// Fetches and imports every message newer than the last one remembered, mailbox by mailbox;
    /// a mailbox that cannot be read does not stop the others.
    public func fetch() throws -> Result {
        var result = Result()
        for configuration in configurations {
            do {
                result.mailboxes.append(try fetch(configuration))
            } catch {
                result.failures.append(SamradError.from(error))
            }
        }
        return result
    }

    /// Fetches the new messages of one mailbox.
    func fetch(_ configuration: IMAPConfiguration) throws -> Summary {
        let key = "imap:\(configuration.summary)"
        let remembered = try workspace.database.importState(key).flatMap { try? JSONDecoder().decode(IMAPState.self, from: Data($0.utf8)) }
        let mailbox = try IMAPMailbox(configuration: configuration)
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
            throw error
        }
        summary.restarted = state.restarted
        try remember(state)
        return summary
    }
}
