import Foundation
import SamradCore

/// Writes each message as an `.eml` file to a folder instead of sending it: nothing leaves the machine.
///
/// Every delivery of one message (To and each Cc) writes the same file, once. Files are
/// written to a temporary name and renamed, so a crash never leaves half a message.
public struct OutboxTransport: MailTransport {
    /// The folder.
    public let directory: URL

    /// The start of every reply this transport gives a delivery it wrote (or found written).
    static let replyPrefixes = ["written to the outbox as ", "already in the outbox as "]

    /// Whether a delivery's recorded reply is this transport's: the message went to the outbox, not to a server.
    public static func wroteDelivery(withReply reply: String) -> Bool {
        replyPrefixes.contains { reply.hasPrefix($0) }
    }

    /// Creates the transport; the folder is created when the first message is written.
    public init(directory: URL) {
        self.directory = directory
    }

    /// Says where messages go and that nothing is sent.
    public var summary: String { "the outbox \(directory.path)" }

    /// Always false: messages stay on this machine.
    public var delivers: Bool { false }

    /// Writes the message file if it is not there yet.
    public func deliver(_ mail: OutgoingMail, envelope: Envelope) -> DeliveryOutcome {
        let target = directory.appendingPathComponent(mail.fileStem + ".eml")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if let existing = try? Data(contentsOf: target), existing == mail.data {
                return .sent(reply: Self.replyPrefixes[1] + target.lastPathComponent)
            }
            let temporary = directory.appendingPathComponent(".\(mail.fileStem).\(UUID().uuidString).tmp")
            try mail.data.write(to: temporary)
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                return .deferred(reply: "cannot write \(target.path): \(reason)")
            }
            return .sent(reply: Self.replyPrefixes[0] + target.lastPathComponent)
        } catch {
            return .deferred(reply: "cannot write \(target.path): \(error.localizedDescription)")
        }
    }
}
