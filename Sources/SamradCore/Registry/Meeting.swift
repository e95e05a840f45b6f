/// One of a body's own meetings (sammanträde): the day its members decide, and so the day a round must be on
/// the agenda of if the body is to answer by the deadline.
public struct Meeting: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The day of the meeting.
    public var date: LocalDate

    /// Creates a meeting on a day.
    public init(_ date: LocalDate) {
        self.date = date
    }

    /// The day, e.g. `2019-04-17`.
    public var description: String { date.description }

    public static func < (lhs: Meeting, rhs: Meeting) -> Bool { lhs.date < rhs.date }

    /// Reads the day alone, as the registry and stored rounds write it.
    public init(from decoder: any Decoder) throws {
        self.init(try LocalDate(from: decoder))
    }

    /// Writes the day alone.
    public func encode(to encoder: any Encoder) throws {
        try date.encode(to: encoder)
    }
}

extension Consultation {
    /// The meeting whose agenda the round must be on for the body to answer in time: its last meeting between the
    /// mailout and the deadline; nil when it has none.
    public func agendaMeeting(of body: Body) -> Meeting? {
        body.meetings.last { $0.date >= mailout.date && $0.date <= deadline }
    }
}
