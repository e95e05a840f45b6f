import Foundation
import GRDB
import SamradCore

extension AppDatabase {
    /// Every response of a round that counts, with its contributions, for the report.
    public func responses(consultation: String) throws -> [Response] {
        try read { db in try Self.responses(db, consultation: consultation) }
    }

    /// The days messages of a round went out, by kind of message, for the report's timeline.
    public func sendDays(consultation: String) throws -> [(date: LocalDate, kind: MessageKind, key: String, count: Int)] {
        try read { db in
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
