import Foundation

/// One answer of a body as the status, the report and the planner count it: when it came, what kind it is, and
/// what it says per goal area.
public struct GivenAnswer: Sendable, Equatable {
    /// What an answer says on one goal area (or, with no area, in general).
    public struct Item: Sendable, Equatable {
        /// The goal area, or nil for the general text.
        public var goalArea: Int?
        /// The stance; nil in a correction that clears the area's stance.
        public var stance: Stance?
        /// Where the stance was read.
        public var evidence: Evidence?

        /// Creates an item.
        public init(goalArea: Int?, stance: Stance?, evidence: Evidence? = nil) {
            self.goalArea = goalArea
            self.stance = stance
            self.evidence = evidence
        }
    }

    /// The body.
    public var body: String
    /// What kind of answer.
    public var kind: ResponseKind
    /// When it was received (or made, for a correction); answers count in this order.
    public var receivedAt: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// What it says per goal area.
    public var items: [Item]

    /// Creates an answer.
    public init(body: String, kind: ResponseKind, receivedAt: Date, late: Bool, items: [Item]) {
        self.body = body
        self.kind = kind
        self.receivedAt = receivedAt
        self.late = late
        self.items = items
    }
}
