import Foundation
import GRDB
import SamradCore

extension AppDatabase {
    /// Every response of a round with its contributions, for the report.
    public func responseFacts(consultation: String) throws -> [ResponseFact] {
        try writer.read { db in
            var facts: [Int64: ResponseFact] = [:]
            var order: [Int64] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.registration_number, r.organization_id, r.received_at, r.late, r.source,
                        c.goal_area, c.stance, c.text
                    FROM response r LEFT JOIN contribution c ON c.response_id = r.id
                    WHERE r.consultation_id = ? AND r.organization_id IS NOT NULL
                    ORDER BY r.id, c.id
                    """, arguments: [consultation])
            {
                let id: Int64 = row["id"]
                if facts[id] == nil {
                    order.append(id)
                    facts[id] = ResponseFact(
                        registration: row["registration_number"], body: row["organization_id"], receivedAt: row["received_at"],
                        late: row["late"] as Bool? ?? false, source: row["source"], contributions: [])
                }
                if let stance: String = row["stance"] {
                    facts[id]?.contributions.append((row["goal_area"], try Self.decode(Stance.self, stance), row["text"]))
                }
            }
            return order.compactMap { facts[$0] }
        }
    }

    /// The days messages of a round went out, by kind of message, for the report's timeline.
    public func sendDays(consultation: String) throws -> [(date: LocalDate, kind: MessageKind, key: String, count: Int)] {
        try writer.read { db in
            var days: [String: (date: LocalDate, kind: MessageKind, key: String, count: Int)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT m.kind, m.key, min(d.sent_at) AS sent_at FROM message m JOIN delivery d ON d.message_id = m.id
                    WHERE m.consultation_id = ? AND d.state = 'sent' GROUP BY m.id
                    """, arguments: [consultation])
            {
                guard let sentAt: Date = row["sent_at"] else { continue }
                let kind = try Self.decode(MessageKind.self, row["kind"])
                let key: String = row["key"]
                let day = LocalDate(containing: sentAt)
                let group = "\(day)|\(key)"
                days[group, default: (day, kind, key, 0)].count += 1
            }
            return days.values.sorted { ($0.date, $0.key) < ($1.date, $1.key) }
        }
    }
}
