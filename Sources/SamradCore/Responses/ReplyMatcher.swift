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
    /// The body answered through its own link in the answer portal.
    case portal
}

/// Matches incoming mail to the round and body it answers, by the rules in order, never guessing:
/// an address shared by several bodies matches nothing on its own.
public struct ReplyMatcher: Sendable {
    /// The Message-IDs Samråd sent, with the round and body of each.
    public var sentMessages: [String: RoundBody]
    /// The reply tokens of Samråd's messages, with the round and body of each.
    public var replyTokens: [String: RoundBody]
    /// The open rounds with their reference and recipient bodies.
    public var rounds: [(id: String, reference: String, recipients: [Body])]

    /// Creates a matcher.
    public init(
        sentMessages: [String: RoundBody], replyTokens: [String: RoundBody],
        rounds: [(id: String, reference: String, recipients: [Body])]
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
        let tagged = rounds.filter { Self.subject(mail.subject, names: $0.reference) }
        for round in tagged {
            let bodies = round.recipients.filter { body in body.isKnown(by: sender) }
            if bodies.count == 1 { return (RoundBody(consultation: round.id, body: bodies[0].id), .referenceAndSender) }
        }
        let candidates = rounds.flatMap { round in
            round.recipients.filter { body in body.isKnown(by: sender) }
                .map { RoundBody(consultation: round.id, body: $0.id) }
        }
        if candidates.count == 1 { return (candidates[0], .senderAlone) }
        return nil
    }

    /// Why a message matched no body, and the bodies it may belong to: those the sender's address belongs to, in
    /// the rounds its subject names (or every open round when it names none).
    public func diagnose(_ mail: IncomingFacts, only: String? = nil) -> (round: String?, candidates: [String], reason: String) {
        let rounds = self.rounds.filter { only == nil || $0.id == only }
        let tagged = rounds.filter { Self.subject(mail.subject, names: $0.reference) }
        let round = tagged.count == 1 ? tagged[0].id : nil
        guard let sender = mail.sender else {
            return (round, [], "it has no sender address")
        }
        let scope = tagged.isEmpty ? rounds : tagged
        var candidates: [String] = []
        for round in scope {
            for body in round.recipients where body.isKnown(by: sender) {
                if !candidates.contains(body.id) { candidates.append(body.id) }
            }
        }
        let reason: String
        switch candidates.count {
        case 0:
            reason =
                tagged.isEmpty
                ? "the sender \(sender) is not in the registry, the subject names no open round, and it answers no message Samråd sent"
                : "the sender \(sender) is not in the registry for any body of the round its subject names"
        case 1:
            reason = "the sender \(sender) belongs to \(candidates[0]) in several open rounds, and the subject names none of them"
        default:
            reason = "the sender \(sender) is shared by \(candidates.joined(separator: ", ")); Samråd does not guess between them"
        }
        return (round, candidates, reason)
    }

    /// The bodies of open rounds that share an address, when more than one does.
    public func bodiesSharing(_ address: EmailAddress) -> [String] {
        var bodies: [String] = []
        for round in rounds {
            for body in round.recipients where body.isKnown(by: address) {
                if !bodies.contains(body.id) { bodies.append(body.id) }
            }
        }
        return bodies.count > 1 ? bodies : []
    }

    /// Whether a subject carries a round's reference as a whole token: "KS 2019/01" is not in "[KS 2019/017]".
    public static func subject(_ subject: String, names reference: String) -> Bool {
        let haystack = subject.lowercased()
        let needle = reference.lowercased()
        guard !needle.isEmpty else { return false }
        var searchStart = haystack.startIndex
        while let found = haystack.range(of: needle, range: searchStart..<haystack.endIndex) {
            let before = found.lowerBound == haystack.startIndex ? nil : haystack[haystack.index(before: found.lowerBound)]
            let after = found.upperBound == haystack.endIndex ? nil : haystack[found.upperBound]
            func continues(_ character: Character?) -> Bool {
                guard let character else { return false }
                return character.isLetterFast || character.isNumberFast || character == "/"
            }
            if !continues(before) && !continues(after) { return true }
            searchStart = haystack.index(after: found.lowerBound)
        }
        return false
    }

    /// The token of a plus-address's local part, e.g. `abc123` in `samrad+abc123`.
    public static func plusToken(_ localPart: String) -> String? {
        guard let plus = localPart.lastIndex(of: "+") else { return nil }
        let token = localPart[localPart.index(after: plus)...].lowercased()
        return token.count >= 8 && token.allSatisfy(\.isHexDigit) ? token : nil
    }
}
