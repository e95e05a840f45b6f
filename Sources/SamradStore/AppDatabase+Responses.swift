import Foundation
import GRDB
import SamradCore

/// One contribution to record with a response: what the reply analysis splits a reply into.
public typealias NewContribution = SplitContribution

extension AppDatabase {
    /// Records a body's response with its contributions, giving it the round's next registration number.
    @discardableResult
    public func recordResponse(
        consultation: String, organization: String, receivedAt: Date, source: String, contributions: [NewContribution]
    ) throws -> Int {
        try writer.write { db in
            let number =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(MAX(registration_number), 0) + 1 FROM response WHERE consultation_id = ?",
                    arguments: [consultation]) ?? 1
            try db.execute(
                sql: """
                    INSERT INTO response (consultation_id, organization_id, registration_number, received_at, source)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [consultation, organization, number, receivedAt, source])
            let responseID = db.lastInsertedRowID
            for contribution in contributions {
                try db.execute(
                    sql: "INSERT INTO contribution (response_id, goal_area, stance, text) VALUES (?, ?, ?, ?)",
                    arguments: [responseID, contribution.goalArea, contribution.stance.rawValue, contribution.text])
            }
            return number
        }
    }

    /// Each response of a round with its contributions' goal areas and stances.
    static func answers(_ db: Database, consultation: String, body: String? = nil) throws -> [(
        body: String, receivedAt: Date, items: [(goalArea: Int?, stance: Stance)]
    )] {
        var responses: [Int64: (body: String, receivedAt: Date, items: [(goalArea: Int?, stance: Stance)])] = [:]
        var order: [Int64] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT r.id, r.organization_id, r.received_at, c.goal_area, c.stance FROM contribution c
                JOIN response r ON r.id = c.response_id
                WHERE r.consultation_id = ? AND r.organization_id IS NOT NULL AND (? IS NULL OR r.organization_id = ?)
                ORDER BY r.id, c.id
                """, arguments: [consultation, body, body])
        {
            let id: Int64 = row["id"]
            if responses[id] == nil {
                order.append(id)
                responses[id] = (row["organization_id"], row["received_at"], [])
            }
            responses[id]?.items.append((row["goal_area"], try decode(Stance.self, row["stance"])))
        }
        return order.compactMap { responses[$0] }
    }

    /// Where a round stands at a moment: the mailout per body and the answers per goal area.
    public func status(of stored: StoredConsultation, now: Date) throws -> ConsultationStatus {
        try writer.read { db in
            let registry = try Self.registry(db)
            let consultation = stored.consultation
            var mailout: [String: (state: DeliveryState, sentAt: Date?)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT m.organization_id, d.state, d.sent_at FROM delivery d JOIN message m ON m.id = d.message_id
                    WHERE m.consultation_id = ? AND m.kind = 'mailout' AND d.role = 'to'
                    """, arguments: [consultation.id])
            {
                mailout[row["organization_id"]] = (try Self.decode(DeliveryState.self, row["state"]), row["sent_at"])
            }
            var responses: [String: [(receivedAt: Date, items: [(goalArea: Int?, stance: Stance)])]] = [:]
            for response in try Self.answers(db, consultation: consultation.id) {
                responses[response.body, default: []].append((response.receivedAt, response.items))
            }
            // Bodies that were sent the mailout stay in the status even if retired since.
            let recipients = consultation.recipients(in: registry)
            let sentToRetired = registry.organizations.filter { registry.isRetired($0.id) && mailout[$0.id] != nil }
            return ConsultationStatus(
                consultation: consultation, recipients: (recipients + sentToRetired).sorted { $0.id < $1.id },
                mailout: mailout, responses: responses, now: now)
        }
    }
}
