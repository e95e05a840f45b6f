import Foundation

/// One response as the report needs it.
public struct ResponseFact: Sendable, Equatable {
    /// Its register number as written (`KS 2019/017-14`), or nil for a correction, which is not registered.
    public var registration: String?
    /// Its place among the round's responses, in the order they were recorded.
    public var sequence: Int
    /// What kind of answer it is.
    public var kind: ResponseKind
    /// The body.
    public var body: String
    /// When it was written.
    public var receivedAt: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// Where it came from.
    public var source: String
    /// What it said, per goal area (nil for general), with the evidence of each stance; a nil stance clears it.
    public var contributions: [(goalArea: Int?, stance: Stance?, text: String, evidence: Evidence?)]

    /// Creates a fact.
    public init(
        registration: String?, sequence: Int, kind: ResponseKind, body: String, receivedAt: Date, late: Bool, source: String,
        contributions: [(goalArea: Int?, stance: Stance?, text: String, evidence: Evidence?)]
    ) {
        self.registration = registration
        self.sequence = sequence
        self.kind = kind
        self.body = body
        self.receivedAt = receivedAt
        self.late = late
        self.source = source
        self.contributions = contributions
    }

    public static func == (lhs: ResponseFact, rhs: ResponseFact) -> Bool {
        lhs.sequence == rhs.sequence && lhs.registration == rhs.registration && lhs.body == rhs.body && lhs.receivedAt == rhs.receivedAt
    }
}

/// Builds the compilation of a round from its facts; pure, so the same facts give the same report.
public enum ReportBuilder {
    /// The report of a round.
    ///
    /// - Parameters:
    ///   - sent: the days something went out, with a Swedish label (reminders, invitations, the decision).
    public static func build(
        round: Consultation, recipients: [Body], responses: [ResponseFact],
        sent: [(date: LocalDate, kind: ConsultationReport.TimelineEvent.Kind, title: String)], mailedOut: LocalDate?,
        now: Date
    ) -> ConsultationReport {
        let bodies = Dictionary(recipients.map { ($0.id, $0) }) { first, _ in first }
        func body(_ id: String) -> ConsultationReport.Body {
            let body = bodies[id]
            return .init(id: id, name: body?.name ?? id, kind: body?.kind ?? .board)
        }
        let ordered = responses.sorted { ($0.body, $0.receivedAt, $0.sequence) < ($1.body, $1.receivedAt, $1.sequence) }
        func contribution(
            _ response: ResponseFact, _ item: (goalArea: Int?, stance: Stance?, text: String, evidence: Evidence?)
        ) -> ConsultationReport.Contribution? {
            guard let stance = item.stance else { return nil }
            return .init(
                registration: response.registration, body: body(response.body), stance: stance, date: response.receivedAt,
                late: response.late, text: item.text, source: response.source, kind: response.kind, evidence: item.evidence)
        }

        // A body's standing stance per goal area, from its responses in the order they count.
        let chronological = responses.sorted { ($0.receivedAt, $0.sequence) < ($1.receivedAt, $1.sequence) }
        let latest = Dictionary(grouping: chronological, by: \.body).mapValues { given in
            AnswerRules.stances(given.map { $0.contributions.map { ($0.goalArea, $0.stance) } })
        }

        let areas = round.goalAreas.map { area -> ConsultationReport.AreaSection in
            var summary = ConsultationReport.StanceSummary()
            for recipient in recipients {
                if let stance = latest[recipient.id]?[area.id] { summary[stance] += 1 } else { summary.noAnswer += 1 }
            }
            let items = ordered.flatMap { response in
                response.contributions.filter { $0.goalArea == area.id }.compactMap { contribution(response, $0) }
            }
            return .init(goalArea: area, contributions: items, summary: summary)
        }
        let general = ordered.flatMap { response in
            response.contributions.filter { $0.goalArea == nil && !$0.text.isEmpty }.compactMap { contribution(response, $0) }
        }
        let answers = responses.filter { $0.kind != .correction }
        let answered = Set(answers.map(\.body))
        // Late: the body first answered after the deadline, or has not answered at all and the deadline has passed.
        let firstAnswer = Dictionary(grouping: answers, by: \.body).mapValues { $0.map(\.receivedAt).min() }
        let pastDeadline = now >= round.deadlineInstant
        func isLate(_ body: String) -> Bool {
            if let first = firstAnswer[body] ?? nil { return first >= round.deadlineInstant }
            return pastDeadline
        }
        let lateBodies = Set(answered.filter(isLate))
        let matrix = recipients.map { recipient -> ConsultationReport.MatrixRow in
            let stances = latest[recipient.id] ?? [:]
            return .init(
                body: body(recipient.id), stances: Dictionary(uniqueKeysWithValues: stances.map { (String($0.key), $0.value) }),
                late: isLate(recipient.id), complete: AnswerRules.isComplete(stances, areas: round.goalAreas.map(\.id)))
        }

        var timeline: [ConsultationReport.TimelineEvent] = [
            .init(
                date: mailedOut ?? round.mailout.date, kind: .mailout,
                title: mailedOut == nil ? "Planerat utskick till nämnder och bolag" : "Utskick till nämnder och bolag"),
            .init(date: round.deadline, kind: .deadline, title: "Sista dag för svar"),
        ]
        timeline += round.dialogues.map {
            .init(date: $0.start.date, kind: .dialogue, title: "\($0.title), \($0.start.swedishTime)–\($0.end.swedishTime), \($0.location)")
        }
        timeline += round.milestones.map { .init(date: $0.date, kind: .milestone, title: $0.title) }
        var seen = Set<String>()
        for event in sent where seen.insert("\(event.date)|\(event.kind)|\(event.title)").inserted {
            timeline.append(.init(date: event.date, kind: event.kind, title: event.title))
        }
        let order: [ConsultationReport.TimelineEvent.Kind] = [.mailout, .dialogue, .reminder, .deadline, .milestone, .decision]
        timeline.sort { ($0.date, order.firstIndex(of: $0.kind) ?? 0, $0.title) < ($1.date, order.firstIndex(of: $1.kind) ?? 0, $1.title) }

        var first: [String: LocalDate] = [:]
        for response in answers {
            let day = LocalDate(containing: response.receivedAt)
            if let known = first[response.body], known <= day { continue }
            first[response.body] = day
        }
        var counts: [ConsultationReport.ResponseCount] = []
        var total = 0
        for (day, group) in Dictionary(grouping: first.values, by: { $0 }).sorted(by: { $0.key < $1.key }) {
            total += group.count
            counts.append(.init(date: day, bodies: total))
        }

        return ConsultationReport(
            round: .init(
                id: round.id, reference: round.reference, title: round.title, mailoutDate: mailedOut ?? round.mailout.date,
                mailedOut: mailedOut != nil, deadline: round.deadline),
            generatedAt: now, recipients: recipients.map { body($0.id) }, areas: areas, general: general,
            notAnswered: recipients.filter { !answered.contains($0.id) }.map { body($0.id) },
            answeredLate: recipients.filter { lateBodies.contains($0.id) }.map { body($0.id) }, matrix: matrix, timeline: timeline,
            responsesOverTime: counts)
    }
}
