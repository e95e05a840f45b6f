import Foundation

/// Builds the compilation of a round from its facts; pure, so the same facts give the same report.
public enum ReportBuilder {
    /// The report of a round.
    ///
    /// - Parameters:
    ///   - sent: the days something went out, with a Swedish label (reminders, invitations, the decision).
    public static func build(
        round: Consultation, recipients: [Body], responses: [Response],
        sent: [(date: LocalDate, kind: ConsultationReport.TimelineEvent.Kind, title: String)], mailedOut: LocalDate?,
        now: Date
    ) -> ConsultationReport {
        let bodies = Dictionary(recipients.map { ($0.id, $0) }) { first, _ in first }
        func body(_ id: String) -> ConsultationReport.Body {
            let body = bodies[id]
            return .init(id: id, name: body?.name ?? id, kind: body?.kind ?? .board)
        }
        let responses = responses.filter { $0.withdrawnAt == nil }
        let ordered = responses.sorted { ($0.body, $0.receivedAt, $0.id) < ($1.body, $1.receivedAt, $1.id) }
        func contribution(_ response: Response, _ item: Contribution) -> ConsultationReport.Contribution? {
            guard let stance = item.stance else { return nil }
            return .init(
                registration: response.registration, body: body(response.body), stance: stance, date: response.receivedAt,
                late: response.late, text: item.text, source: response.source, kind: response.kind, evidence: item.evidence)
        }

        // A body's standing stance per goal area, from its responses in the order they count.
        let chronological = responses.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        let latest = Dictionary(grouping: chronological, by: \.body).mapValues { AnswerRules.standing($0).mapValues(\.stance) }

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
