import Foundation

/// The compilation of a round for the strategic development programme: every contribution per
/// goal area, the stance summary, who has not answered, the status matrix and the timeline.
///
/// A plain value that the Markdown, HTML, CSV and JSON renderers read; its JSON is the stable
/// `report --format json` (schema in `docs/report.schema.json`).
public struct ConsultationReport: Sendable, Equatable, Codable {
    /// The round, as the report names it.
    public struct Round: Sendable, Equatable, Codable {
        /// The round's id.
        public var id: String
        /// The reference number, e.g. `KS 2019/017`.
        public var reference: String
        /// The title.
        public var title: String
        /// The day the mailout went, or the day it is planned for when it has not gone yet.
        public var mailoutDate: LocalDate
        /// Whether the mailout has gone: a report made before it says what is planned, never what happened.
        public var mailedOut: Bool
        /// The deadline.
        public var deadline: LocalDate
    }

    /// A body as the report names it.
    public struct Body: Sendable, Equatable, Codable {
        /// The code, e.g. `BUN`.
        public var id: String
        /// The name.
        public var name: String
        /// Board, company or group.
        public var kind: BodyKind
    }

    /// One contribution: what a body said on a goal area (or in general), with where it came from.
    public struct Contribution: Sendable, Equatable, Codable {
        /// The register number, e.g. `KS 2019/017-14`; nil for a coordinator's correction, which is not registered.
        public var registration: String?
        /// The body.
        public var body: Body
        /// The stance.
        public var stance: Stance
        /// When the response was written (its Date, or the form's time).
        public var date: Date
        /// Whether it came after the deadline.
        public var late: Bool
        /// The text.
        public var text: String
        /// Where it came from: file and line or Message-ID.
        public var source: String
        /// What kind of answer it came in: mail, form, portal, manual (a letter, a call), correction.
        public var kind: ResponseKind
        /// Where the stance was read: the clause, the part and page, the rule; nil for answers read before evidence was kept.
        public var evidence: Evidence?

        enum CodingKeys: String, CodingKey {
            case registration, body, stance, date, late, text, source, kind, evidence
        }

        /// Writes every key, with `null` for what is not known, so that scripts see one shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(registration, forKey: .registration)
            try container.encode(body, forKey: .body)
            try container.encode(stance, forKey: .stance)
            try container.encode(date, forKey: .date)
            try container.encode(late, forKey: .late)
            try container.encode(text, forKey: .text)
            try container.encode(source, forKey: .source)
            try container.encode(kind, forKey: .kind)
            try container.encode(evidence, forKey: .evidence)
        }
    }

    /// How many bodies took each stance on a goal area, and how many did not answer it.
    public struct StanceSummary: Sendable, Equatable, Codable {
        /// Tillstyrker.
        public var supports = 0
        /// Avstyrker.
        public var opposes = 0
        /// Varken eller.
        public var neutral = 0
        /// Avstår.
        public var declines = 0
        /// Answered without a stance that could be read.
        public var unstated = 0
        /// Recipient bodies with no answer on the area.
        public var noAnswer = 0

        /// Creates an empty summary.
        public init() {}

        /// The count for a stance.
        public subscript(stance: Stance) -> Int {
            get {
                switch stance {
                case .supports: supports
                case .opposes: opposes
                case .neutral: neutral
                case .declines: declines
                case .unstated: unstated
                }
            }
            set {
                switch stance {
                case .supports: supports = newValue
                case .opposes: opposes = newValue
                case .neutral: neutral = newValue
                case .declines: declines = newValue
                case .unstated: unstated = newValue
                }
            }
        }
    }

    /// One goal area's section.
    public struct AreaSection: Sendable, Equatable, Codable {
        /// The goal area.
        public var goalArea: GoalArea
        /// Its contributions, ordered by body id, then registration.
        public var contributions: [Contribution]
        /// The stance summary over recipient bodies (a body's latest stance counts).
        public var summary: StanceSummary
    }

    /// One row of the status matrix.
    public struct MatrixRow: Sendable, Equatable, Codable {
        /// The body.
        public var body: Body
        /// Goal area id (as text, for JSON) → the body's latest stance, absent when not answered.
        public var stances: [String: Stance]
        /// Whether the body first answered after the deadline, or has not answered at all and the deadline has passed.
        public var late: Bool
        /// Whether the body has answered every goal area, declining included.
        public var complete: Bool
    }

    /// Something that happened, or will, in the process around the round.
    public struct TimelineEvent: Sendable, Equatable, Codable {
        /// What kind of event.
        public enum Kind: String, Sendable, Codable {
            case mailout, dialogue, reminder, deadline, milestone, decision
        }

        /// The day.
        public var date: LocalDate
        /// What kind.
        public var kind: Kind
        /// What happens, in Swedish.
        public var title: String
    }

    /// The cumulative number of responding bodies at the end of a day.
    public struct ResponseCount: Sendable, Equatable, Codable {
        /// The day.
        public var date: LocalDate
        /// Bodies that had answered by the end of it.
        public var bodies: Int
    }

    /// The round.
    public var round: Round
    /// When the report was made.
    public var generatedAt: Date
    /// The recipient bodies, in id order.
    public var recipients: [Body]
    /// One section per goal area, in the round's order.
    public var areas: [AreaSection]
    /// Contributions that name no goal area.
    public var general: [Contribution]
    /// Recipient bodies with no answer at all.
    public var notAnswered: [Body]
    /// Bodies that answered after the deadline.
    public var answeredLate: [Body]
    /// The status matrix, body × goal area.
    public var matrix: [MatrixRow]
    /// The timeline, in date order.
    public var timeline: [TimelineEvent]
    /// Responding bodies over time, one entry per day with a new response.
    public var responsesOverTime: [ResponseCount]
}
