import Foundation
import PostgresNIO
import SamradCore
import SamradStore

// Answers recorded by hand, the review list, the responses and where a round stands, on PostgreSQL: the same
// behaviour as `AppDatabase+Answers` and `AppDatabase+Responses`.

extension PostgresStore {
    public func recordAnswer(_ answer: ManualAnswer, now: Date, audit: (String?) -> AuditNote) throws -> String? {
        try connections.transaction { session in
            var incoming: Int64?
            var registration: String?
            let round = answer.match.consultation
            if answer.kind == .manual {
                // A new answer from the body is a message in: it takes the round's next number.
                let number = try Self.nextRegisterNumber(session: session, consultation: round)
                let subject = answer.document?.filename ?? "Svar (\(answer.source ?? "manuellt"))"
                guard
                    let id = try session.scalar(
                        """
                        INSERT INTO incoming (key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at,
                            imported_at, source, register_number, register_consultation)
                        VALUES (\("manual:\(UUID().uuidString.lowercased())"), \(IncomingKind.manual.rawValue), \(round),
                            \(answer.match.body), \(MatchRule.manual.rawValue), NULL, \(subject), \(answer.date), \(now),
                            \("samrad answer (\(answer.source ?? "manual"))"), \(number), \(round))
                        RETURNING id
                        """, as: Int64.self)
                else { throw PostgresStoreError("the database gave the new message in no id") }
                incoming = id
                if let document = answer.document {
                    try Self.insertAttachment(document, incoming: id, session: session)
                }
                registration = try Self.registration(ofIncoming: id, session: session)
            }
            _ = try Self.insertResponse(
                session: session, incoming: incoming, match: answer.match, kind: answer.kind, matchedBy: .manual,
                receivedAt: answer.date, now: now, late: answer.late,
                source: answer.kind == .correction ? "samrad answer (rättelse)" : "samrad answer (\(answer.source ?? ""))",
                note: answer.source, contributions: answer.contributions)
            try Self.append(audit(registration), session: session)
            return registration
        }
    }

    /// Records one response with its contributions inside the caller's transaction; returns its id.
    static func insertResponse(
        session: PostgresSession, incoming: Int64?, match: RoundBody, kind: ResponseKind, matchedBy: MatchRule?, receivedAt: Date,
        now: Date, late: Bool, source: String, note: String? = nil, contributions: [Contribution]
    ) throws -> Int64 {
        guard
            let response = try session.scalar(
                """
                INSERT INTO response (consultation_id, organization_id, kind, received_at, recorded_at, source, incoming_id,
                    matched_by, late, note)
                VALUES (\(match.consultation), \(match.body), \(kind.rawValue), \(receivedAt), \(now), \(source), \(incoming),
                    \(matchedBy?.rawValue), \(late), \(note))
                RETURNING id
                """, as: Int64.self)
        else { throw PostgresStoreError("the database gave the new response no id") }
        for contribution in contributions {
            let evidence = contribution.evidence
            try session.execute(
                """
                INSERT INTO contribution (response_id, goal_area, stance, text, clause, attachment, page, rule)
                VALUES (\(response), \(contribution.goalArea), \(contribution.stance?.rawValue), \(contribution.text),
                    \(evidence?.clause), \(evidence?.attachment), \(evidence?.page), \(evidence?.rule.rawValue))
                """)
        }
        return response
    }

    public func reviewItems(consultation: String) throws -> [ReviewItem] {
        try connections.transaction(readOnly: true) { session in
            var items: [ReviewItem] = []
            // Resolved: a person has since recorded an answer or correction for the body (and the item's area), or the
            // body has answered in the portal.
            for row in try session.rows(
                """
                SELECT v.id, v.consultation_id, v.organization_id, v.kind, v.goal_area, v.detail, v.evidence, v.created_at,
                    i.key, i.register_number, i.register_year, c.reference,
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
                WHERE v.consultation_id = \(consultation) AND (r.id IS NULL OR r.withdrawn_at IS NULL)
                    AND (v.response_id IS NOT NULL OR v.kind NOT IN ('area-without-stance', 'stance-without-area',
                        'contradiction', 'disagreement'))
                ORDER BY v.created_at, v.seq
                """)
            {
                let evidence = try (try row.optional("evidence", as: String.self)).map {
                    try JSONDecoder().decode([Evidence].self, from: Data($0.utf8))
                }
                items.append(
                    ReviewItem(
                        id: try row.value("id"), consultation: try row.value("consultation_id"), body: try row.optional("organization_id"),
                        kind: try Self.decode(ReviewKind.self, try row.value("kind", as: String.self)), area: try row.optional("goal_area"),
                        detail: try row.value("detail"), evidence: evidence ?? [], message: try row.optional("key"),
                        registration: try Self.registration(row), candidates: [], createdAt: try row.value("created_at"),
                        resolved: try row.value("resolved")))
            }
            for row in try session.rows(
                """
                SELECT i.key, i.sender, i.subject, i.note, i.candidates, i.imported_at, i.register_number, i.register_year, c.reference
                FROM incoming i LEFT JOIN consultation c ON c.id = i.register_consultation
                WHERE i.kind = 'unmatched' AND (i.consultation_id = \(consultation) OR i.consultation_id IS NULL)
                ORDER BY i.id
                """)
            {
                let key = try row.value("key", as: String.self)
                let sender = try row.optional("sender", as: String.self) ?? "an unknown sender"
                let reason = try row.optional("note", as: String.self) ?? "no rule matched it to one body"
                let subject = try row.value("subject", as: String.self)
                items.append(
                    ReviewItem(
                        id: ReviewItem.stableID(kind: .unmatched, key: key, area: nil), consultation: consultation, body: nil,
                        kind: .unmatched, area: nil, detail: "a message from \(sender) ('\(subject)') matched no body: \(reason)",
                        evidence: [], message: key, registration: try Self.registration(row), candidates: try Self.candidates(row),
                        createdAt: try row.value("imported_at"), resolved: false))
            }
            return items
        }
    }

    public func responses(consultation: String) throws -> [Response] {
        try connections.transaction(readOnly: true) { session in
            try Self.responses(session: session, consultation: consultation)
        }
    }

    public func responses(consultation: String, body: String) throws -> [Response] {
        try connections.transaction(readOnly: true) { session in
            try Self.responses(session: session, consultation: consultation, body: body, withdrawn: true)
        }
    }

    /// The responses of a round (of one body, when named), with their contributions, in the order they count; the
    /// withdrawn ones only when asked for.
    static func responses(session: PostgresSession, consultation: String, body: String? = nil, withdrawn: Bool = false) throws
        -> [Response]
    {
        var responses: [Int64: Response] = [:]
        var order: [Int64] = []
        for row in try session.rows(
            """
            SELECT r.id, r.organization_id, r.kind, r.received_at, r.recorded_at, r.late, r.source, r.withdrawn_at,
                i.register_number, i.register_year, rc.reference,
                c.goal_area, c.stance, c.text, c.clause, c.attachment, c.page, c.rule
            FROM response r
            LEFT JOIN contribution c ON c.response_id = r.id
            LEFT JOIN incoming i ON i.id = r.incoming_id
            LEFT JOIN consultation rc ON rc.id = i.register_consultation
            WHERE r.consultation_id = \(consultation) AND r.organization_id IS NOT NULL AND (\(withdrawn) OR r.withdrawn_at IS NULL)
                AND (\(body)::text IS NULL OR r.organization_id = \(body))
            ORDER BY r.received_at, r.id, c.id
            """)
        {
            let id = try row.value("id", as: Int64.self)
            if responses[id] == nil {
                order.append(id)
                responses[id] = Response(
                    id: id, body: try row.value("organization_id"),
                    kind: try decode(ResponseKind.self, try row.value("kind", as: String.self)), registration: try registration(row),
                    receivedAt: try row.value("received_at"), recordedAt: try row.value("recorded_at"), late: try row.value("late"),
                    source: try row.value("source"), withdrawnAt: try row.optional("withdrawn_at"), contributions: [])
            }
            guard let text = try row.optional("text", as: String.self) else { continue }
            var evidence: Evidence?
            if let rule = try row.optional("rule", as: String.self), let clause = try row.optional("clause", as: String.self) {
                evidence = Evidence(
                    clause: clause, attachment: try row.optional("attachment"), page: try row.optional("page"),
                    rule: try decode(ReadingRule.self, rule))
            }
            responses[id]?.contributions.append(
                Contribution(
                    goalArea: try row.optional("goal_area"),
                    stance: try (try row.optional("stance", as: String.self)).map { try decode(Stance.self, $0) }, text: text,
                    evidence: evidence))
        }
        return order.compactMap { responses[$0] }
    }

    public func status(of stored: StoredConsultation, now: Date) throws -> ConsultationStatus {
        try connections.transaction(readOnly: true) { session in
            let registry = try Self.bodies(session: session)
            let consultation = stored.consultation
            var mailout: [String: (state: DeliveryState, sentAt: Date?)] = [:]
            // The latest delivery to the body's mailbox counts: after a bounce and a corrected address, the new one.
            for row in try session.rows(
                """
                SELECT m.organization_id, d.state, d.sent_at FROM delivery d JOIN message m ON m.id = d.message_id
                WHERE m.consultation_id = \(consultation.id) AND m.kind = 'mailout' AND d.role = 'to'
                ORDER BY d.id
                """)
            {
                mailout[try row.value("organization_id")] = (
                    try Self.decode(DeliveryState.self, try row.value("state", as: String.self)), try row.optional("sent_at")
                )
            }
            let responses = Dictionary(grouping: try Self.responses(session: session, consultation: consultation.id), by: \.body)
            // Bodies that were sent the mailout stay in the status even if retired since.
            let recipients = consultation.recipients(in: registry)
            let sentToRetired = registry.bodies.filter { registry.isRetired($0.id) && mailout[$0.id] != nil }
            return ConsultationStatus(
                consultation: consultation, recipients: (recipients + sentToRetired).sorted { $0.id < $1.id }, mailout: mailout,
                responses: responses, now: now)
        }
    }

    /// The bodies of the registry with what the status and the portal read of them (no contacts), retired ones marked.
    static func bodies(session: PostgresSession, only id: String? = nil) throws -> Registry {
        var retired: [String: Date] = [:]
        var bodies: [Body] = []
        for row in try session.rows(
            """
            SELECT id, name, kind, mailbox, meetings, retired_at FROM organization
            WHERE \(id)::text IS NULL OR id = \(id) ORDER BY id
            """)
        {
            let id = try row.value("id", as: String.self)
            let meetings = try JSONDecoder().decode([Meeting].self, from: Data(try row.value("meetings", as: String.self).utf8))
            bodies.append(
                Body(
                    id: id, name: try row.value("name"), kind: try decode(BodyKind.self, try row.value("kind", as: String.self)),
                    mailbox: try (try row.optional("mailbox", as: String.self)).map { try EmailAddress($0) }, contacts: [],
                    meetings: meetings))
            if let at = try row.optional("retired_at", as: Date.self) { retired[id] = at }
        }
        return Registry(bodies, retired: retired)
    }
}
