import Foundation
import GRDB
import SamradCore

/// An answer a person records by hand (`samrad answer`): what a body said in a letter, on the phone, at a dialogue
/// or a meeting, or a correction of how an answer was read.
public struct ManualAnswer: Sendable {
    /// The round and body.
    public var match: RoundBody
    /// `.manual` for a new answer from the body, `.correction` for a correction of a reading.
    public var kind: ResponseKind
    /// How the body gave it: `brev`, `telefon`, `dialog`, `möte`; nil for a correction.
    public var source: String?
    /// When the body gave it (or, for a correction, when it was made); answers count in this order.
    public var date: Date
    /// Whether it came after the deadline.
    public var late: Bool
    /// What it says, per goal area; a nil stance clears the area's stance.
    public var contributions: [Contribution]
    /// The document it came with (a letter, a minute), kept in the attachment store.
    public var document: AttachmentRecord?

    /// Creates an answer.
    public init(
        match: RoundBody, kind: ResponseKind, source: String?, date: Date, late: Bool, contributions: [Contribution],
        document: AttachmentRecord? = nil
    ) {
        self.match = match
        self.kind = kind
        self.source = source
        self.date = date
        self.late = late
        self.contributions = contributions
        self.document = document
    }
}

extension AppDatabase {
    /// Records an answer given by hand, or a correction, with its audit entry, in one transaction. A new answer
    /// from the body (a letter, a call, a meeting) is a message in: it gets the round's next register number,
    /// which is returned; a correction is not.
    public func recordAnswer(_ answer: ManualAnswer, now: Date, audit: (String?) -> AuditNote) throws -> String? {
        let entry: (String?) -> AuditNote? = { audit($0) }
        return try write(audit: entry) { db in
            var incoming: Int64?
            var registration: String?
            if answer.kind == .manual {
                let number = try Self.nextRegisterNumber(db, consultation: answer.match.consultation)
                let source = "samrad answer (\(answer.source ?? "manual"))"
                var row = IncomingRow(
                    key: "manual:\(UUID().uuidString.lowercased())", kind: .manual, round: answer.match.consultation,
                    body: answer.match.body, matchedBy: MatchRule.manual.rawValue, sender: nil,
                    subject: answer.document?.filename ?? "Svar (\(answer.source ?? "manuellt"))", sentAt: answer.date, importedAt: now,
                    source: source, registration: Registration(number: number, round: answer.match.consultation, year: nil))
                try row.insert(db)
                guard let id = row.id else { throw StoreError(.invalidData, "the database gave the new message in no id") }
                incoming = id
                if let document = answer.document {
                    try AttachmentRow(incoming: id, document).insert(db)
                }
                registration = try Self.registration(ofIncoming: id, db: db)
            }
            _ = try Self.insertResponse(
                db, incoming: incoming, match: answer.match, kind: answer.kind, matchedBy: .manual, receivedAt: answer.date, now: now,
                late: answer.late,
                source: answer.kind == .correction ? "samrad answer (rättelse)" : "samrad answer (\(answer.source ?? ""))",
                note: answer.source, contributions: answer.contributions)
            return registration
        }
    }

    /// What a person should look at in a round: review items noted at import, and the messages in that matched no
    /// body, newest last. `resolved` tells whether a person has since recorded an answer for the body (and the
    /// item's area), or the body has answered in the portal, or the message was assigned.
    public func reviewItems(consultation: String) throws -> [ReviewItem] {
        // Whether an item is resolved is a question over three tables: the queries stay in SQL.
        try read { db in
            var items: [ReviewItem] = []
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT v.*, i.key, i.register_number, i.register_year, c.reference,
                        EXISTS (
                            SELECT 1 FROM response m JOIN contribution mc ON mc.response_id = m.id
                            WHERE m.consultation_id = v.consultation_id AND m.organization_id = v.organization_id
                                AND m.kind IN ('manual', 'correction', 'portal') AND m.withdrawn_at IS NULL AND m.recorded_at >= v.created_at
                                AND (v.goal_area IS NULL OR mc.goal_area = v.goal_area)
                        ) AS resolved
                    FROM review_item v
                    LEFT JOIN response r ON r.id = v.response_id
                    LEFT JOIN incoming i ON i.id = v.incoming_id
                    LEFT JOIN consultation c ON c.id = i.register_consultation
                    WHERE v.consultation_id = ? AND (r.id IS NULL OR r.withdrawn_at IS NULL)
                        AND (v.response_id IS NOT NULL OR v.kind NOT IN ('area-without-stance', 'stance-without-area',
                            'contradiction', 'disagreement'))
                    ORDER BY v.created_at, v.rowid
                    """, arguments: [consultation])
            {
                let evidence = try (row["evidence"] as String?).map { try JSONDecoder().decode([Evidence].self, from: Data($0.utf8)) }
                items.append(
                    ReviewItem(
                        id: row["id"], consultation: row["consultation_id"], body: row["organization_id"],
                        kind: try Self.decode(ReviewKind.self, row["kind"]), area: row["goal_area"], detail: row["detail"],
                        evidence: evidence ?? [], message: row["key"],
                        registration: (row["register_number"] as Int?).map {
                            Registration.written(number: $0, reference: row["reference"], year: row["register_year"])
                        }, candidates: [], createdAt: row["created_at"], resolved: row["resolved"]))
            }
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT i.key, i.sender, i.subject, i.note, i.candidates, i.imported_at, i.register_number, i.register_year, c.reference
                    FROM incoming i LEFT JOIN consultation c ON c.id = i.register_consultation
                    WHERE i.kind = 'unmatched' AND (i.consultation_id = ? OR i.consultation_id IS NULL)
                    ORDER BY i.id
                    """, arguments: [consultation])
            {
                let key: String = row["key"]
                let sender: String = row["sender"] ?? "an unknown sender"
                let reason: String = row["note"] ?? "no rule matched it to one body"
                items.append(
                    ReviewItem(
                        id: ReviewItem.stableID(kind: .unmatched, key: key, area: nil), consultation: consultation, body: nil,
                        kind: .unmatched, area: nil,
                        detail: "a message from \(sender) ('\(row["subject"] as String)') matched no body: \(reason)", evidence: [],
                        message: key,
                        registration: (row["register_number"] as Int?).map {
                            Registration.written(number: $0, reference: row["reference"], year: row["register_year"])
                        },
                        candidates: (row["candidates"] as String?)?.split(separator: ",").map(String.init) ?? [],
                        createdAt: row["imported_at"], resolved: false))
            }
            return items
        }
    }
}

extension AppDatabase {
    /// Every response of a body in a round, withdrawn ones and corrections included, in the order they count.
    public func responses(consultation: String, body: String) throws -> [Response] {
        try read { db in try Self.responses(db, consultation: consultation, body: body, withdrawn: true) }
    }
}
