import Foundation

/// What the planner needs to know of a round's history: what the ledger holds, who has answered,
/// and the invitations sent for each dialogue.
public struct ScheduleFacts: Sendable {
    /// The ledger keys already recorded, per body.
    public var recorded: [String: Set<String>]
    /// The goal areas each body has answered (all of them when it answered in general).
    public var answeredAreas: [String: Set<Int>]
    /// The bodies that declined to answer (avstår).
    public var declined: Set<String>
    /// The last invitation version sent per dialogue id.
    public var invitations: [String: InvitationVersion]
    /// Whether the round is closed.
    public var closed: Bool
    /// When each body's mailout was recorded, for the bodies that have one.
    public var mailedOut: [String: Date]
    /// When each body joined the registry, where known.
    public var joined: [String: Date]

    /// Creates the facts.
    public init(
        recorded: [String: Set<String>] = [:], answeredAreas: [String: Set<Int>] = [:], declined: Set<String> = [],
        invitations: [String: InvitationVersion] = [:], closed: Bool = false, mailedOut: [String: Date] = [:],
        joined: [String: Date] = [:]
    ) {
        self.recorded = recorded
        self.answeredAreas = answeredAreas
        self.declined = declined
        self.invitations = invitations
        self.closed = closed
        self.mailedOut = mailedOut
        self.joined = joined
    }

    /// Counts the answers that count (none withdrawn): the areas each body has answered, and the bodies that declined
    /// every area they spoke to.
    public mutating func count(answers responses: [Response]) {
        for (body, given) in Dictionary(grouping: responses, by: \.body) {
            let stances = AnswerRules.standing(given).mapValues(\.stance)
            answeredAreas[body] = Set(stances.keys)
            if !stances.isEmpty && stances.values.allSatisfy({ $0 == .declines }) { declined.insert(body) }
        }
    }
}

/// The last version of a dialogue's invitation that went out.
public struct InvitationVersion: Sendable, Equatable, Codable {
    /// The iCalendar SEQUENCE it carried.
    public var sequence: Int
    /// The dialogue as that invitation described it.
    public var dialogue: Dialogue
    /// Whether it was a cancellation.
    public var cancelled: Bool

    /// Creates a version.
    public init(sequence: Int, dialogue: Dialogue, cancelled: Bool) {
        self.sequence = sequence
        self.dialogue = dialogue
        self.cancelled = cancelled
    }
}

extension Dialogue {
    /// Time, place and title in one string: a change in it means an update with a higher SEQUENCE.
    public var fingerprint: String {
        "\(start)|\(end)|\(location)|\(title)"
    }
}
