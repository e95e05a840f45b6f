import Foundation
import PostgresNIO
import SamradCore
import SamradStore

extension PostgresStore: ScheduleStore {
    public func scheduleFacts(for stored: StoredConsultation) throws -> ScheduleFacts {
        try connections.transaction(readOnly: true) { session in
            let id = stored.consultation.id
            var facts = ScheduleFacts(closed: stored.closedAt != nil)
            for row in try session.rows("SELECT organization_id, key, created_at FROM message WHERE consultation_id = \(id)") {
                let body = try row.value("organization_id", as: String.self)
                let key = try row.value("key", as: String.self)
                facts.recorded[body, default: []].insert(key)
                if key == "mailout" { facts.mailedOut[body] = try row.value("created_at", as: Date.self) }
            }
            facts.joined = try Self.joinedDates(session)
            facts.count(answers: try Self.responses(session: session, consultation: id))
            // The latest version of each dialogue's invitation.
            for row in try session.rows(
                "SELECT dialogue_id, sequence, dialogue, cancelled FROM invitation WHERE consultation_id = \(id) ORDER BY sequence")
            {
                facts.invitations[try row.value("dialogue_id", as: String.self)] = try Self.invitationVersion(row)
            }
            return facts
        }
    }

    @discardableResult
    public func queue(
        _ messages: [QueuedMessage], invitations: [NewInvitationVersion], nextDue: (consultation: String, at: Date?)?, now: Date,
        audit: (Int) -> AuditNote?
    ) throws -> Int {
        try connections.transaction { session in
            if let nextDue {
                try session.execute("UPDATE consultation SET next_due_at = \(nextDue.at) WHERE id = \(nextDue.consultation)")
            }
            // A version already recorded, by this run or a concurrent one, is left as it is.
            for new in invitations {
                let dialogue = String(decoding: try JSONEncoder().encode(new.version.dialogue), as: UTF8.self)
                try session.execute(
                    """
                    INSERT INTO invitation (consultation_id, dialogue_id, sequence, dialogue, cancelled, created_at)
                    VALUES (\(new.consultationID), \(new.version.dialogue.id), \(new.version.sequence), \(dialogue),
                        \(new.version.cancelled), \(now))
                    ON CONFLICT (consultation_id, dialogue_id, sequence) DO NOTHING
                    """)
            }
            let inserted = try Self.insert(messages, session: session, now: now)
            if let note = audit(inserted) { try Self.append(note, session: session) }
            return inserted
        }
    }

    public func invitation(consultation: String, dialogue: String, sequence: Int) throws -> InvitationVersion? {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT sequence, dialogue, cancelled FROM invitation
                WHERE consultation_id = \(consultation) AND dialogue_id = \(dialogue) AND sequence = \(sequence)
                """
            ).first.map(Self.invitationVersion)
        }
    }

    public func answeredAreas(consultation: String, body: String, areas: [Int]) throws -> Set<Int> {
        try connections.transaction(readOnly: true) { session in
            let given = try Self.responses(session: session, consultation: consultation, body: body)
            return Set(AnswerRules.standing(given).keys)
        }
    }

    public func mailoutMessageID(consultation: String, body: String) throws -> String? {
        try connections.withSession { session in
            try session.scalar(
                """
                SELECT message_id FROM message
                WHERE consultation_id = \(consultation) AND organization_id = \(body) AND key = 'mailout'
                """, as: String.self)
        }
    }

    static func invitationVersion(_ row: PostgresRandomAccessRow) throws -> InvitationVersion {
        InvitationVersion(
            sequence: try row.value("sequence"),
            dialogue: try JSONDecoder().decode(Dialogue.self, from: Data(try row.value("dialogue", as: String.self).utf8)),
            cancelled: try row.value("cancelled"))
    }
}
