import Foundation
import GRDB
import SamradCore

/// One contribution to record with a response: what it says on one goal area, or in general.
public struct NewContribution: Sendable, Equatable {
    /// The goal area, or nil for the general text.
    public var goalArea: Int?
    /// The stance; nil in a correction that clears the area's stance.
    public var stance: Stance?
    /// The text.
    public var text: String
    /// Where the stance was read.
    public var evidence: Evidence?

    /// Creates a contribution.
    public init(goalArea: Int?, stance: Stance?, text: String, evidence: Evidence? = nil) {
        self.goalArea = goalArea
        self.stance = stance
        self.text = text
        self.evidence = evidence
    }

    /// The contributions of a reading: the general text (with the stance on the whole proposal, if any), then
    /// each area the answer speaks to.
    public static func of(_ reading: AnswerReading) -> [NewContribution] {
        var result: [NewContribution] = []
        if !reading.general.isEmpty {
            result.append(NewContribution(goalArea: nil, stance: reading.generalStance ?? .unstated, text: reading.general))
        }
        for area in reading.areas {
            result.append(NewContribution(goalArea: area.area, stance: area.stance, text: area.text, evidence: area.evidence))
        }
        return result
    }
}

extension AppDatabase {
    /// Each answer of a round that counts (not withdrawn), in the order they count, with their contributions.
    static func answers(_ db: Database, consultation: String, body: String? = nil) throws -> [GivenAnswer] {
        var answers: [Int64: GivenAnswer] = [:]
        var order: [Int64] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.organization_id, r.kind, r.received_at, r.late, c.goal_area, c.stance, c.clause, c.attachment, c.page,
                    c.rule
                FROM response r
                LEFT JOIN contribution c ON c.response_id = r.id
                WHERE r.consultation_id = ? AND r.organization_id IS NOT NULL AND r.withdrawn_at IS NULL
                    AND (? IS NULL OR r.organization_id = ?)
                ORDER BY r.received_at, r.id, c.id
                """, arguments: [consultation, body, body])
        {
            let id: Int64 = row["id"]
            if answers[id] == nil {
                order.append(id)
                answers[id] = GivenAnswer(
                    body: row["organization_id"], kind: try decode(ResponseKind.self, row["kind"]), receivedAt: row["received_at"],
                    late: row["late"], items: [])
            }
            let stance: String? = row["stance"]
            let area: Int? = row["goal_area"]
            if area != nil || stance != nil {
                answers[id]?.items.append(
                    GivenAnswer.Item(goalArea: area, stance: try stance.map { try decode(Stance.self, $0) }, evidence: try evidence(row)))
            }
        }
        return order.compactMap { answers[$0] }
    }

    /// The evidence stored with a contribution's row (`clause`, `attachment`, `page`, `rule`), if any.
    static func evidence(_ row: Row) throws -> Evidence? {
        guard let rule: String = row["rule"], let clause: String = row["clause"] else { return nil }
        return Evidence(clause: clause, attachment: row["attachment"], page: row["page"], rule: try decode(ReadingRule.self, rule))
    }

    /// Records one response with its contributions inside the caller's transaction; returns its id.
    static func insertResponse(
        _ db: Database, incoming: Int64?, match: RoundBody, kind: ResponseKind, matchedBy: MatchRule?, receivedAt: Date, now: Date,
        late: Bool, source: String, note: String? = nil, contributions: [NewContribution]
    ) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO response (consultation_id, organization_id, kind, received_at, recorded_at, source, incoming_id, matched_by,
                    late, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                match.consultation, match.body, kind.rawValue, receivedAt, now, source, incoming, matchedBy?.rawValue, late, note,
            ])
        let responseID = db.lastInsertedRowID
        for contribution in contributions {
            try db.execute(
                sql: """
                    INSERT INTO contribution (response_id, goal_area, stance, text, clause, attachment, page, rule)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    responseID, contribution.goalArea, contribution.stance?.rawValue, contribution.text, contribution.evidence?.clause,
                    contribution.evidence?.attachment, contribution.evidence?.page, contribution.evidence?.rule.rawValue,
                ])
        }
        return responseID
    }

    /// Where a round stands at a moment: the mailout per body (its latest attempt at the body's mailbox) and the
    /// answers per goal area.
    public func status(of stored: StoredConsultation, now: Date) throws -> ConsultationStatus {
        try writer.read { db in
            let registry = try Self.registry(db)
            let consultation = stored.consultation
            var mailout: [String: (state: DeliveryState, sentAt: Date?)] = [:]
            // The latest delivery to the body's mailbox counts: after a bounce and a corrected address, the new one.
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT m.organization_id, d.state, d.sent_at FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND m.kind = 'mailout' AND d.role = 'to'
                    ORDER BY d.id
                    """, arguments: [consultation.id])
            {
                mailout[row["organization_id"]] = (try Self.decode(DeliveryState.self, row["state"]), row["sent_at"])
            }
            let responses = Dictionary(grouping: try Self.answers(db, consultation: consultation.id), by: \.body)
            // Bodies that were sent the mailout stay in the status even if retired since.
            let recipients = consultation.recipients(in: registry)
            let sentToRetired = registry.bodies.filter { registry.isRetired($0.id) && mailout[$0.id] != nil }
            return ConsultationStatus(
                consultation: consultation, recipients: (recipients + sentToRetired).sorted { $0.id < $1.id },
                mailout: mailout, responses: responses, now: now)
        }
    }
}
