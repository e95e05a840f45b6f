import Foundation
import GRDB
import SamradCore

/// An invitation version to record with the messages that carry it.
public struct NewInvitationVersion: Sendable {
    /// The round.
    public var consultationID: String
    /// The version: sequence, dialogue as described, cancelled or not.
    public var version: InvitationVersion

    /// Creates a version to record.
    public init(consultationID: String, version: InvitationVersion) {
        self.consultationID = consultationID
        self.version = version
    }
}

extension AppDatabase {
    /// What the planner needs to know of a round: the ledger keys per body, the answers, the invitations sent.
    public func scheduleFacts(for stored: StoredConsultation) throws -> ScheduleFacts {
        try writer.read { db in
            let id = stored.consultation.id
            var facts = ScheduleFacts(closed: stored.closedAt != nil)
            for row in try Row.fetchAll(
                db, sql: "SELECT organization_id, key, created_at FROM message WHERE consultation_id = ?", arguments: [id])
            {
                facts.recorded[row["organization_id"], default: []].insert(row["key"])
                if row["key"] as String == "mailout" { facts.mailedOut[row["organization_id"]] = row["created_at"] }
            }
            facts.joined = try Self.joinedDates(db)
            let responses = Dictionary(grouping: try Self.responses(db, consultation: id), by: \.body)
            for (body, given) in responses {
                let stances = AnswerRules.standing(given).mapValues(\.stance)
                facts.answeredAreas[body] = Set(stances.keys)
                if !stances.isEmpty && stances.values.allSatisfy({ $0 == .declines }) { facts.declined.insert(body) }
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT dialogue_id, sequence, dialogue, cancelled FROM invitation i
                    WHERE consultation_id = ? AND sequence = (
                        SELECT max(sequence) FROM invitation j WHERE j.consultation_id = i.consultation_id AND j.dialogue_id = i.dialogue_id)
                    """, arguments: [id])
            {
                let dialogue = try JSONDecoder().decode(Dialogue.self, from: Data((row["dialogue"] as String).utf8))
                facts.invitations[row["dialogue_id"]] = InvitationVersion(
                    sequence: row["sequence"], dialogue: dialogue, cancelled: row["cancelled"] as Bool)
            }
            return facts
        }
    }

    /// Records messages with the invitation versions they carry and when the round next has
    /// something due, in one transaction; a message or version already recorded (by this run or a
    /// concurrent one) is left as it is. Returns how many messages were new.
    @discardableResult
    public func queue(
        _ messages: [QueuedMessage], invitations: [NewInvitationVersion], nextDue: (consultation: String, at: Date?)?, now: Date,
        audit: (Int) -> AuditNote?
    ) throws -> Int {
        try write(audit: audit) { db in
            if let nextDue {
                try db.execute(
                    sql: "UPDATE consultation SET next_due_at = ? WHERE id = ?", arguments: [nextDue.at, nextDue.consultation])
            }
            for new in invitations {
                let dialogue = String(decoding: try JSONEncoder().encode(new.version.dialogue), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO invitation (consultation_id, dialogue_id, sequence, dialogue, cancelled, created_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: [new.consultationID, new.version.dialogue.id, new.version.sequence, dialogue, new.version.cancelled, now])
            }
            return try Self.insert(messages, db: db, now: now)
        }
    }

    /// The dialogue as an invitation version described it.
    public func invitation(consultation: String, dialogue: String, sequence: Int) throws -> InvitationVersion? {
        try writer.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM invitation WHERE consultation_id = ? AND dialogue_id = ? AND sequence = ?",
                    arguments: [consultation, dialogue, sequence])
            else { return nil }
            let described = try JSONDecoder().decode(Dialogue.self, from: Data((row["dialogue"] as String).utf8))
            return InvitationVersion(sequence: row["sequence"], dialogue: described, cancelled: row["cancelled"] as Bool)
        }
    }

    /// The goal areas a body has answered in a round (all of them when it answered in general).
    public func answeredAreas(consultation: String, body: String, areas: [Int]) throws -> Set<Int> {
        try writer.read { db in
            let given = try Self.responses(db, consultation: consultation, body: body)
            return Set(AnswerRules.standing(given).keys)
        }
    }

    /// The Message-ID of a body's mailout, for threading reminders under it.
    public func mailoutMessageID(consultation: String, body: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(
                db, sql: "SELECT message_id FROM message WHERE consultation_id = ? AND organization_id = ? AND key = 'mailout'",
                arguments: [consultation, body])
        }
    }

    /// The open rounds that may have something due at `now`: those whose next planned send has
    /// come, or is not known yet.
    public func consultationsToPlan(now: Date) throws -> [StoredConsultation] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: Self.consultationQuery + " WHERE c.closed_at IS NULL AND (c.next_due_at IS NULL OR c.next_due_at <= ?) ORDER BY c.id",
                arguments: [now]
            ).map(Self.storedConsultation)
        }
    }

    /// Closes a round: nothing more is planned or sent for it. Returns false when it was closed already.
    @discardableResult
    public func closeConsultation(_ id: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try write(audit: audit) { db in
            try db.execute(sql: "UPDATE consultation SET closed_at = ? WHERE id = ? AND closed_at IS NULL", arguments: [now, id])
            return db.changesCount == 1
        }
    }
}
