import Foundation

/// What a response says on one goal area (bidrag) — or, with no area, in general — with where its stance was read.
public struct Contribution: Hashable, Sendable, Codable {
    /// The goal area, or nil for the general text.
    public var goalArea: Int?
    /// The stance; nil in a correction that clears the area's stance.
    public var stance: Stance?
    /// The text.
    public var text: String
    /// Where the stance was read; nil for answers read before evidence was kept.
    public var evidence: Evidence?

    /// Creates a contribution.
    public init(goalArea: Int?, stance: Stance?, text: String, evidence: Evidence? = nil) {
        self.goalArea = goalArea
        self.stance = stance
        self.text = text
        self.evidence = evidence
    }

    /// The contributions of a reading: the general text (with the stance on the whole proposal, if any), then each
    /// area the answer speaks to.
    public static func of(_ reading: AnswerReading) -> [Contribution] {
        var result: [Contribution] = []
        if !reading.general.isEmpty {
            result.append(Contribution(goalArea: nil, stance: reading.generalStance ?? .unstated, text: reading.general))
        }
        for area in reading.areas {
            result.append(Contribution(goalArea: area.area, stance: area.stance, text: area.text, evidence: area.evidence))
        }
        return result
    }
}

/// A body's response (svar) in a round: one answer as it came — a message, a form's row, a portal submission, an
/// answer recorded by hand — or a coordinator's correction of how one was read.
///
/// A body's responses count in the order they were received (a correction: when it was made): the latest on an
/// area stands (``AnswerRules``). A withdrawn response (an assignment undone) is kept as history and counts no more.
public struct Response: Sendable, Equatable, Codable {
    /// Its place among the round's responses, in the order they were recorded.
    public var id: Int64
    /// The body.
    public var body: String
    /// What kind of answer.
    public var kind: ResponseKind
    /// Its register number as written (`KS 2019/017-14`); nil for a correction, which is not registered.
    public var registration: String?
    /// When it was received (its Date, the form's time, the letter's date) or, for a correction, made.
    public var receivedAt: Date
    /// When it was recorded.
    public var recordedAt: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// Where it came from: file and line, Message-ID, portal, by hand.
    public var source: String
    /// When it was withdrawn, if it was.
    public var withdrawnAt: Date?
    /// What it says, per goal area and in general.
    public var contributions: [Contribution]

    /// Creates a response.
    public init(
        id: Int64, body: String, kind: ResponseKind, registration: String?, receivedAt: Date, recordedAt: Date, late: Bool,
        source: String, withdrawnAt: Date? = nil, contributions: [Contribution]
    ) {
        self.id = id
        self.body = body
        self.kind = kind
        self.registration = registration
        self.receivedAt = receivedAt
        self.recordedAt = recordedAt
        self.late = late
        self.source = source
        self.withdrawnAt = withdrawnAt
        self.contributions = contributions
    }
}
