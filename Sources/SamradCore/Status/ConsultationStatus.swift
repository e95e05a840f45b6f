import Foundation

/// Where a round stands: one row per recipient body and the totals. Its JSON shape is documented
/// in the README and kept stable for scripts.
public struct ConsultationStatus: Sendable, Equatable, Codable {
    /// One recipient body.
    public struct Row: Sendable, Equatable, Codable {
        /// The body's id.
        public var id: String
        /// The body's name.
        public var name: String
        /// Board, company or group.
        public var kind: BodyKind
        /// When the mailout reached the body's mailbox (was accepted by the server or written to the outbox).
        public var sentAt: Date?
        /// The mailout's state at the body's mailbox; nil before it is queued.
        public var delivery: DeliveryState?
        /// The stance per goal area id, for the areas answered.
        public var answers: [String: Stance]
        /// Where each standing stance was read, per goal area id (absent for answers read before evidence was kept).
        public var evidence: [String: Evidence]
        /// When the body's first answer arrived (a coordinator's correction is no answer).
        public var answeredAt: Date?
        /// Whether the body first answered after the deadline, or has not answered at all and the deadline has passed.
        public var late: Bool
        /// Whether the body has answered every goal area, declining included.
        public var complete: Bool
        /// Whether the body joined the registry after the mailout and waits for the coordinator
        /// (`send ID --include-new`); it is not late for an answer it was never asked for.
        public var waiting = false

        enum CodingKeys: String, CodingKey {
            case id, name, kind, sentAt, delivery, answers, evidence, answeredAt, late, complete, waiting
        }

        /// Writes every key, with `null` for what is not known yet, so that scripts see one shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(kind, forKey: .kind)
            try container.encode(sentAt, forKey: .sentAt)
            try container.encode(delivery, forKey: .delivery)
            try container.encode(answers, forKey: .answers)
            try container.encode(evidence, forKey: .evidence)
            try container.encode(answeredAt, forKey: .answeredAt)
            try container.encode(late, forKey: .late)
            try container.encode(complete, forKey: .complete)
            try container.encode(waiting, forKey: .waiting)
        }
    }

    /// The totals line.
    public struct Totals: Sendable, Equatable, Codable {
        /// Recipient bodies.
        public var recipients: Int
        /// Bodies whose mailout was sent.
        public var sent: Int
        /// Bodies that answered every goal area.
        public var answered: Int
        /// Bodies that answered some goal areas.
        public var partlyAnswered: Int
        /// Bodies late with their answer.
        public var late: Int
        /// Bodies whose mailout failed at their mailbox.
        public var failed: Int
    }

    /// The round's id.
    public var consultation: String
    /// The round's reference.
    public var reference: String
    /// The deadline.
    public var deadline: LocalDate
    /// The moment the status describes.
    public var asOf: Date
    /// The goal areas, in order.
    public var goalAreas: [GoalArea]
    /// One row per recipient body, in id order.
    public var rows: [Row]
    /// The totals.
    public var totals: Totals

    /// The status with the bodies that wait for `send --include-new` marked, and not counted late.
    public func marking(waiting: Set<String>) -> ConsultationStatus {
        var status = self
        for index in status.rows.indices where waiting.contains(status.rows[index].id) {
            status.rows[index].waiting = true
            status.rows[index].late = false
        }
        status.totals.late = status.rows.filter(\.late).count
        return status
    }

    /// Computes the status from the facts the ledger and the responses hold.
    public init(
        consultation: Consultation, recipients: [Body], mailout: [String: (state: DeliveryState, sentAt: Date?)],
        responses: [String: [Response]], now: Date
    ) {
        self.consultation = consultation.id
        self.reference = consultation.reference
        self.deadline = consultation.deadline
        self.asOf = now
        self.goalAreas = consultation.goalAreas
        let areaIDs = consultation.goalAreas.map(\.id)
        rows = recipients.map { body in
            // The status as of `now`: answers received later (a clock set back with SAMRAD_NOW) are not yet in.
            let received = (responses[body.id] ?? []).filter { $0.receivedAt <= now }
            let standing = AnswerRules.standing(received)
            let stances = Dictionary(uniqueKeysWithValues: standing.map { (String($0.key), $0.value.stance) })
            let evidence = Dictionary(
                uniqueKeysWithValues: standing.compactMap { area, value in value.evidence.map { (String(area), $0) } })
            let answeredAt = received.first { $0.kind != .correction }?.receivedAt
            let complete = AnswerRules.isComplete(standing.mapValues(\.stance), areas: areaIDs)
            let late = answeredAt.map { $0 >= consultation.deadlineInstant } ?? (now >= consultation.deadlineInstant)
            let delivery = mailout[body.id]
            return Row(
                id: body.id, name: body.name, kind: body.kind, sentAt: delivery?.sentAt, delivery: delivery?.state,
                answers: stances, evidence: evidence, answeredAt: answeredAt, late: late, complete: complete)
        }
        totals = Totals(
            recipients: rows.count, sent: rows.filter { $0.delivery == .sent }.count,
            answered: rows.filter(\.complete).count,
            partlyAnswered: rows.filter { !$0.complete && !$0.answers.isEmpty }.count,
            late: rows.filter(\.late).count, failed: rows.filter { $0.delivery == .failed }.count)
    }
}
