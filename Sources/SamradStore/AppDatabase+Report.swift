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
                    SELECT r.id, r.kind, r.organization_id, r.received_at, r.late, r.source,
                        i.register_number, i.register_year, rc.reference,
                        c.goal_area, c.stance, c.text, c.clause, c.attachment, c.page, c.rule
                    FROM response r LEFT JOIN contribution c ON c.response_id = r.id
                    LEFT JOIN incoming i ON i.id = r.incoming_id
                    LEFT JOIN consultation rc ON rc.id = i.register_consultation
                    WHERE r.consultation_id = ? AND r.organization_id IS NOT NULL AND r.withdrawn_at IS NULL
                    ORDER BY r.id, c.id
                    """, arguments: [consultation])
            {
                let id: Int64 = row["id"]
                if facts[id] == nil {
                    order.append(id)
                    facts[id] = ResponseFact(
                        registration: (row["register_number"] as Int?).map {
                            Registration.written(number: $0, reference: row["reference"], year: row["register_year"])
                        }, sequence: Int(id), kind: try Self.decode(ResponseKind.self, row["kind"]), body: row["organization_id"],
                        receivedAt: row["received_at"], late: row["late"] as Bool? ?? false, source: row["source"], contributions: [])
                }
                guard let text: String = row["text"] else { continue }
                let evidence = try (row["rule"] as String?).flatMap { rule -> Evidence? in
                    guard let clause: String = row["clause"] else { return nil }
                    return Evidence(
                        clause: clause, attachment: row["attachment"], page: row["page"], rule: try Self.decode(ReadingRule.self, rule))
                }
                facts[id]?.contributions.append(
                    (row["goal_area"], try (row["stance"] as String?).map { try Self.decode(Stance.self, $0) }, text, evidence))
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
