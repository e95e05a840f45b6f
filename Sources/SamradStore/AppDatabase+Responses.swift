import Foundation
import GRDB
import SamradCore

extension AppDatabase {
    /// The responses of a round (of one body, when named), with their contributions, in the order they count; the
    /// withdrawn ones only when asked for.
    /// One join of four tables, read in one pass: it stays in SQL.
    static func responses(_ db: Database, consultation: String, body: String? = nil, withdrawn: Bool = false) throws -> [Response] {
        var responses: [Int64: Response] = [:]
        var order: [Int64] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.organization_id, r.kind, r.received_at, r.recorded_at, r.late, r.source, r.withdrawn_at,
                    i.register_number, i.register_year, rc.reference,
                    c.goal_area, c.stance, c.text, c.clause, c.attachment, c.page, c.rule
                FROM response r
                LEFT JOIN contribution c ON c.response_id = r.id
                LEFT JOIN incoming i ON i.id = r.incoming_id
                LEFT JOIN consultation rc ON rc.id = i.register_consultation
                WHERE r.consultation_id = ? AND r.organization_id IS NOT NULL AND (? OR r.withdrawn_at IS NULL)
                    AND (? IS NULL OR r.organization_id = ?)
                ORDER BY r.received_at, r.id, c.id
                """, arguments: [consultation, withdrawn, body, body])
        {
            let id: Int64 = row["id"]
            if responses[id] == nil {
                order.append(id)
                responses[id] = Response(
                    id: id, body: row["organization_id"], kind: try decode(ResponseKind.self, row["kind"]),
                    registration: (row["register_number"] as Int?).map {
                        Registration.written(number: $0, reference: row["reference"], year: row["register_year"])
                    },
                    receivedAt: row["received_at"], recordedAt: row["recorded_at"], late: row["late"], source: row["source"],
                    withdrawnAt: row["withdrawn_at"], contributions: [])
            }
            guard let text: String = row["text"] else { continue }
            responses[id]?.contributions.append(
                Contribution(
                    goalArea: row["goal_area"], stance: try (row["stance"] as String?).map { try decode(Stance.self, $0) }, text: text,
                    evidence: try evidence(row)))
        }
        return order.compactMap { responses[$0] }
    }

    /// The evidence stored with a contribution's row (`clause`, `attachment`, `page`, `rule`), if any.
    static func evidence(_ row: Row) throws -> Evidence? {
        guard let rule: String = row["rule"], let clause: String = row["clause"] else { return nil }
        return Evidence(clause: clause, attachment: row["attachment"], page: row["page"], rule: try decode(ReadingRule.self, rule))
    }

    /// Records one response with its contributions inside the caller's transaction; returns its id.
    static func insertResponse(
        _ db: Database, incoming: Int64?, match: RoundBody, kind: ResponseKind, matchedBy: MatchRule?, receivedAt: Date, now: Date,
        late: Bool, source: String, note: String? = nil, contributions: [Contribution]
    ) throws -> Int64 {
        var response = ResponseRow(
            id: nil, roundID: match.consultation, bodyID: match.body, kind: kind, receivedAt: receivedAt, recordedAt: now,
            source: source, incomingID: incoming, matchedBy: matchedBy?.rawValue, late: late, withdrawnAt: nil, note: note)
        try response.insertCached(db)
        guard let responseID = response.id else { throw StoreError(.invalidData, "the database gave the new response no id") }
        for contribution in contributions {
            var row = ContributionRow(response: responseID, contribution)
            try row.insertCached(db)
        }
        return responseID
    }

    /// Where a round stands at a moment: the mailout per body (its latest attempt at the body's mailbox) and the
    /// answers per goal area.
    public func status(of stored: StoredConsultation, now: Date) throws -> ConsultationStatus {
        try read { db in
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
            let responses = Dictionary(grouping: try Self.responses(db, consultation: consultation.id), by: \.body)
            // Bodies that were sent the mailout stay in the status even if retired since.
            let recipients = consultation.recipients(in: registry)
            let sentToRetired = registry.bodies.filter { registry.isRetired($0.id) && mailout[$0.id] != nil }
            return ConsultationStatus(
                consultation: consultation, recipients: (recipients + sentToRetired).sorted { $0.id < $1.id },
                mailout: mailout, responses: responses, now: now)
        }
    }
}
