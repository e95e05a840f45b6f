import Foundation

/// The SMTP envelope of one delivery: one sender, one recipient, so every recipient's fate is known.
public struct Envelope: Hashable, Sendable {
    /// MAIL FROM: the round's sender, or its bounce address.
    public var sender: EmailAddress
    /// RCPT TO: exactly one recipient.
    public var recipient: EmailAddress

    /// Creates an envelope.
    public init(sender: EmailAddress, recipient: EmailAddress) {
        self.sender = sender
        self.recipient = recipient
    }
}

/// A rendered message ready to hand to a transport.
public struct OutgoingMail: Sendable {
    /// The Message-ID, without angle brackets; the same on every attempt.
    public var messageID: String
    /// A safe file name stem for transports that write files, e.g. `mal-2019-BUN-mailout`.
    public var fileStem: String
    /// The message as consecutive pieces, e.g. the text written for this body and an attachment's bytes shared by
    /// every message that carries it; a transport sends them one after the other.
    public var parts: [Data]

    /// The whole message: headers and body, CRLF line endings (the pieces joined).
    public var data: Data { Self.joined(parts) }

    /// Pieces one after the other in one buffer; the piece itself when there is only one.
    public static func joined(_ pieces: [Data]) -> Data {
        pieces.count == 1 ? pieces[0] : pieces.reduce(into: Data(capacity: pieces.reduce(0) { $0 + $1.count })) { $0.append($1) }
    }

    /// Creates outgoing mail from the whole message.
    public init(messageID: String, fileStem: String, data: Data) {
        self.init(messageID: messageID, fileStem: fileStem, parts: [data])
    }

    /// Creates outgoing mail from its pieces, in order.
    public init(messageID: String, fileStem: String, parts: [Data]) {
        self.messageID = messageID
        self.fileStem = fileStem
        self.parts = parts
    }
}

/// What became of one delivery attempt.
public enum DeliveryOutcome: Hashable, Sendable {
    /// The server took it (or the outbox holds it); the reply in the server's words.
    case sent(reply: String)
    /// A temporary failure: try again later.
    case deferred(reply: String)
    /// A permanent failure: never retried blindly.
    case failed(reply: String)
    /// The server could not be reached at all (refused, no route, TLS handshake failed before
    /// SMTP began): tried again later like a deferral, but says the server is unavailable.
    case unreachable(reply: String)
    /// The transport's own settings are wrong (e.g. the server refused its login): nothing was
    /// tried for the recipient, and nothing will go until a person fixes the settings. The
    /// delivery goes back untried; it is no fault of the recipient's.
    case misconfigured(reply: String)
}

/// Carries messages to their recipients: an SMTP server, or the outbox folder.
public protocol MailTransport: Sendable {
    /// A short description for the user, e.g. "the outbox ./outbox (nothing is sent)".
    var summary: String { get }
    /// Whether messages really leave the machine.
    var delivers: Bool { get }
    /// The longest one delivery can take, connection and every time limit included: a claim's
    /// lease is sized from it, so that no run loses a delivery it is still sending.
    var longestDelivery: Duration { get }
    /// Delivers one message to one envelope recipient.
    func deliver(_ mail: OutgoingMail, envelope: Envelope) -> DeliveryOutcome
}

extension MailTransport {
    /// A minute, for transports that write locally.
    public var longestDelivery: Duration { .seconds(60) }
}

/// What a message is for; part of its key in the ledger.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    /// The mailout (utskick) of a round.
    case mailout
    /// A reminder (påminnelse).
    case reminder
    /// An invitation to a dialogue.
    case invitation
    /// A one-off notice, e.g. the decision.
    case notice
}

/// Where a delivery stands in the ledger.
public enum DeliveryState: String, Sendable, Codable, CaseIterable {
    /// Recorded, not yet tried.
    case queued
    /// Claimed by a sender, under a lease.
    case sending
    /// Handed to the server (or written to the outbox).
    case sent
    /// A temporary failure; tried again after `nextAttemptAt`.
    case deferred
    /// A permanent failure.
    case failed
}
