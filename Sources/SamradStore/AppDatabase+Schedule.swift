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
        try read { db in
            let id = stored.consultation.id
            var facts = ScheduleFacts(closed: stored.closedAt != nil)
            for message in try MessageRow.filter(MessageRow.Columns.roundID == id).fetchAll(db) {
                facts.recorded[message.bodyID, default: []].insert(message.key)
                if message.key == "mailout" { facts.mailedOut[message.bodyID] = message.createdAt }
            }
            facts.joined = try Self.joinedDates(db)
            facts.count(answers: try Self.responses(db, consultation: id))
            // The latest version of each dialogue's invitation.
            for row in try InvitationRow.filter(InvitationRow.Columns.roundID == id).order(InvitationRow.Columns.sequence).fetchAll(db) {
                facts.invitations[row.dialogueID] = try row.version
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
                try RoundRow.filter(key: nextDue.consultation).updateAll(db, RoundRow.Columns.nextDueAt.set(to: nextDue.at))
            }
            for new in invitations {
                let row = InvitationRow(
                    roundID: new.consultationID, dialogueID: new.version.dialogue.id, sequence: new.version.sequence,
                    dialogue: String(decoding: try JSONEncoder().encode(new.version.dialogue), as: UTF8.self),
                    cancelled: new.version.cancelled, createdAt: now)
                guard try !row.exists(db) else { continue }
                try row.insert(db)
            }
            return try Self.insert(messages, db: db, now: now)
        }
    }

    /// The dialogue as an invitation version described it.
    public func invitation(consultation: String, dialogue: String, sequence: Int) throws -> InvitationVersion? {
        try read { db in
            try InvitationRow.filter(
                InvitationRow.Columns.roundID == consultation && InvitationRow.Columns.dialogueID == dialogue
                    && InvitationRow.Columns.sequence == sequence
            ).fetchOne(db)?.version
        }
    }

    /// The goal areas a body has answered in a round (all of them when it answered in general).
    public func answeredAreas(consultation: String, body: String, areas: [Int]) throws -> Set<Int> {
        try read { db in
            let given = try Self.responses(db, consultation: consultation, body: body)
            return Set(AnswerRules.standing(given).keys)
        }
    }

    /// The Message-ID of a body's mailout, for threading reminders under it.
    public func mailoutMessageID(consultation: String, body: String) throws -> String? {
        try read { db in
            try MessageRow.filter(
                MessageRow.Columns.roundID == consultation && MessageRow.Columns.bodyID == body && MessageRow.Columns.key == "mailout"
            ).fetchOne(db)?.messageID
        }
    }

    /// The open rounds that may have something due at `now`: those whose next planned send has
    /// come, or is not known yet.
    public func consultationsToPlan(now: Date) throws -> [StoredConsultation] {
        try read { db in
            try Self.storedConsultations(
                db,
                RoundRow.filter(
                    RoundRow.Columns.closedAt == nil && (RoundRow.Columns.nextDueAt == nil || RoundRow.Columns.nextDueAt <= now)
                )
                .order(RoundRow.Columns.id))
        }
    }

    /// Closes a round: nothing more is planned or sent for it. Returns false when it was closed already.
    @discardableResult
    public func closeConsultation(_ id: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool {
        try write(audit: audit) { db in
            try RoundRow.filter(key: id).filter(RoundRow.Columns.closedAt == nil).updateAll(db, RoundRow.Columns.closedAt.set(to: now))
                == 1
        }
    }
}
