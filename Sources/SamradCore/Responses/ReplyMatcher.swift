import Foundation

/// What the matcher needs to know of an incoming message.
public struct IncomingFacts: Sendable, Equatable {
    /// Its Message-ID, without angle brackets.
    public var messageID: String?
    /// In-Reply-To and References, oldest first.
    public var references: [String]
    /// The sender.
    public var sender: EmailAddress?
    /// Every address it was sent to: To, Cc, Delivered-To, X-Original-To.
    public var recipients: [EmailAddress]
    /// The subject.
    public var subject: String

    /// Creates the facts.
    public init(messageID: String?, references: [String], sender: EmailAddress?, recipients: [EmailAddress], subject: String) {
        self.messageID = messageID
        self.references = references
        self.sender = sender
        self.recipients = recipients
        self.subject = subject
    }
}

/// A round and a body: what a reply is matched to.
public struct RoundBody: Sendable, Hashable, Codable {
    /// The round's id.
    public var consultation: String
    /// The body's id.
    public var body: String

    /// Creates the pair.
    public init(consultation: String, body: String) {
        self.consultation = consultation
        self.body = body
    }
}

/// The rule that matched a reply to its round and body, recorded on the response.
public enum MatchRule: String, Sendable, Codable, CaseIterable {
    /// In-Reply-To or References named a Message-ID Samråd sent.
    case inReplyTo = "in-reply-to"
    /// The reply went to the plus-address (reply token) of one of Samråd's messages.
    case replyToken = "reply-token"
    /// The round's reference in the subject, from an address the registry knows for one body of the round.
    case referenceAndSender = "reference-and-sender"
    /// The sender's address belongs to exactly one recipient body of exactly one open round.
    case senderAlone = "sender"
    /// A coordinator assigned it by hand.
    case manual
}

/// Matches incoming mail to the round and body it answers, by the rules in order, never guessing:
/// an address shared by several bodies matches nothing on its own.
public struct ReplyMatcher: Sendable {
    /// The Message-IDs Samråd sent, with the round and body of each.
    public var sentMessages: [String: RoundBody]
    /// The reply tokens of Samråd's messages, with the round and body of each.
    public var replyTokens: [String: RoundBody]
    /// The open rounds with their reference and recipient bodies.
    public var rounds: [(id: String, reference: String, recipients: [Organization])]

    /// Creates a matcher.
    public init(
        sentMessages: [String: RoundBody], replyTokens: [String: RoundBody],
        rounds: [(id: String, reference: String, recipients: [Organization])]
    ) {
        self.sentMessages = sentMessages
        self.replyTokens = replyTokens
        self.rounds = rounds
    }

    /// The round and body a message answers, and the rule that said so; nil when no rule is sure.
    ///
    /// - Parameter only: restricts matching to one round (`import --consultation`).
    public func match(_ mail: IncomingFacts, only: String? = nil) -> (RoundBody, MatchRule)? {
        let rounds = self.rounds.filter { only == nil || $0.id == only }
        func allowed(_ pair: RoundBody) -> Bool { only == nil || pair.consultation == only }

        for reference in mail.references.reversed() {
            if let pair = sentMessages[reference], allowed(pair) { return (pair, .inReplyTo) }
        }
        for address in mail.recipients {
            guard let token = Self.plusToken(address.localPart), let pair = replyTokens[token], allowed(pair) else { continue }
            return (pair, .replyToken)
        }
        guard let sender = mail.sender else { return nil }
        let subject = mail.subject.lowercased()
        let tagged = rounds.filter { subject.contains($0.reference.lowercased()) }
        for round in tagged {
            let bodies = round.recipients.filter { body in body.addresses.contains { $0.normalized == sender.normalized } }
            if bodies.count == 1 { return (RoundBody(consultation: round.id, body: bodies[0].id), .referenceAndSender) }
        }
        let candidates = rounds.flatMap { round in
            round.recipients.filter { body in body.addresses.contains { $0.normalized == sender.normalized } }
                .map { RoundBody(consultation: round.id, body: $0.id) }
        }
        if candidates.count == 1 { return (candidates[0], .senderAlone) }
        return nil
    }

    /// The token of a plus-address's local part, e.g. `abc123` in `samrad+abc123`.
    public static func plusToken(_ localPart: String) -> String? {
        guard let plus = localPart.lastIndex(of: "+") else { return nil }
        let token = localPart[localPart.index(after: plus)...].lowercased()
        return token.count >= 8 && token.allSatisfy(\.isHexDigit) ? token : nil
    }
}
