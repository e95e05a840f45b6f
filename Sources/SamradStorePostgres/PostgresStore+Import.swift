import Foundation
import PostgresNIO
import SamradCore
import SamradStore

// Imported mail and rows on PostgreSQL: the same behaviour as `AppDatabase+Import`, with the register numbers taken
// from locked counter rows.
//
// A round's counter row (`register_counter`) and a year's (`general_register_counter`) are locked by the transaction
// that takes a number from them and stay locked until it ends: numbers are taken one at a time, and a transaction
// rolled back gives its numbers back, so the series has no gaps. An import locks every counter it will take from
// before it writes anything, rounds in id order and then the year, in the same order as the ledger's queue, so two
// importers (or an importer and a `remind`) cannot deadlock.

extension PostgresStore: AnswerStore {
    public func importItems(_ items: [ImportItem], now: Date, audit: ([ImportOutcome]) -> [AuditNote]) throws -> [ImportOutcome] {
        try connections.transaction { session in
            var rounds = Set<String>()
            var general = false
            for item in items {
                if let round = try Self.importRound(item, session: session) { rounds.insert(round) } else { general = true }
            }
            try Self.lockCounters(rounds: rounds, year: general ? LocalDate(containing: now).year : nil, session: session)
            var outcomes: [ImportOutcome] = []
            for item in items {
                outcomes.append(try Self.importItem(item, session: session, now: now))
            }
            for note in audit(outcomes) { try Self.append(note, session: session) }
            return outcomes
        }
    }

    /// The round an item's register number is taken in: its match's, the one its subject names, or its bounce's.
    static func importRound(_ item: ImportItem, session: PostgresSession) throws -> String? {
        if let round = item.record.match?.consultation ?? item.record.round { return round }
        guard let bounce = item.bounce else { return nil }
        return try bounceRound(bounce, session: session)
    }

    /// Locks the counters of some rounds and of a year, creating them when needed, in the one order every writer
    /// uses: rounds in id order, then the year.
    static func lockCounters(rounds: Set<String>, year: Int?, session: PostgresSession) throws {
        for round in rounds.sorted() {
            try session.execute(
                "INSERT INTO register_counter (consultation_id, last) VALUES (\(round), 0) ON CONFLICT (consultation_id) DO NOTHING")
            try session.execute("SELECT last FROM register_counter WHERE consultation_id = \(round) FOR UPDATE")
        }
        if let year {
            try session.execute("INSERT INTO general_register_counter (year, last) VALUES (\(year), 0) ON CONFLICT (year) DO NOTHING")
            try session.execute("SELECT last FROM general_register_counter WHERE year = \(year) FOR UPDATE")
        }
    }

    static func importItem(_ item: ImportItem, session: PostgresSession, now: Date) throws -> ImportOutcome {
        let record = item.record
        if try session.scalar("SELECT count(*) FROM incoming WHERE key = \(record.key)", as: Int.self) ?? 0 > 0 {
            return .duplicate
        }
        var round = record.match?.consultation ?? record.round
        if round == nil, let bounce = item.bounce { round = try bounceRound(bounce, session: session) }
        let registration = try register(session: session, round: round, now: now)
        let candidates = record.candidates.isEmpty ? nil : record.candidates.joined(separator: ",")
        // A message with the same key imported by another transaction meanwhile (in another round's series, whose
        // counter this one does not hold) is a duplicate too: its number goes back to the counter this one holds.
        guard
            let incoming = try session.scalar(
                """
                INSERT INTO incoming (key, kind, consultation_id, organization_id, matched_by, sender, subject, sent_at, imported_at,
                    source, raw, note, register_number, register_consultation, register_year, candidates)
                VALUES (\(record.key), \(record.kind.rawValue), \(round), \(record.match?.body), \(record.matchedBy?.rawValue),
                    \(record.sender), \(record.subject), \(record.sentAt), \(now), \(record.source), \(record.raw), \(record.note),
                    \(registration.number), \(registration.round), \(registration.year), \(candidates))
                ON CONFLICT (key) DO NOTHING
                RETURNING id
                """, as: Int64.self)
        else {
            try giveBack(registration, session: session)
            return .duplicate
        }
        for attachment in item.attachments {
            try insertAttachment(attachment, incoming: incoming, session: session)
        }
        var response: Int64?
        if [.reply, .form, .portal, .manual].contains(record.kind), let match = record.match {
            response = try insertResponse(
                session: session, incoming: incoming, match: match, kind: item.responseKind, matchedBy: record.matchedBy,
                receivedAt: record.sentAt ?? now, now: now, late: item.late, source: record.source, contributions: item.contributions)
        }
        if let round {
            try insertReview(
                item.review, session: session, consultation: round, body: record.match?.body, key: record.key, incoming: incoming,
                response: response, now: now)
        }
        if let bounce = item.bounce { try applyBounce(bounce, session: session, now: now) }
        return .imported(kind: record.kind, registration: try written(registration, session: session))
    }

    /// A register number taken for a message in.
    struct Registration {
        var number: Int
        var round: String?
        var year: Int?
    }

    /// A register number taken in the caller's transaction: in the round's series when the round is known, else in
    /// the year's general series. The counter's row stays locked until the transaction ends.
    static func register(session: PostgresSession, round: String?, now: Date) throws -> Registration {
        if let round {
            return Registration(number: try nextRegisterNumber(session: session, consultation: round), round: round, year: nil)
        }
        let year = LocalDate(containing: now).year
        let number =
            try session.scalar(
                """
                INSERT INTO general_register_counter (year, last) VALUES (\(year), 1)
                ON CONFLICT (year) DO UPDATE SET last = general_register_counter.last + 1
                RETURNING last
                """, as: Int.self) ?? 1
        return Registration(number: number, round: nil, year: year)
    }

    /// The next number of a round's register series, taken under the lock of the round's counter row.
    static func nextRegisterNumber(session: PostgresSession, consultation: String) throws -> Int {
        try session.scalar(
            """
            INSERT INTO register_counter (consultation_id, last) VALUES (\(consultation), 1)
            ON CONFLICT (consultation_id) DO UPDATE SET last = register_counter.last + 1
            RETURNING last
            """, as: Int.self) ?? 1
    }

    /// Gives back the number just taken, while the transaction still holds its counter.
    static func giveBack(_ registration: Registration, session: PostgresSession) throws {
        if let round = registration.round {
            try session.execute(
                "UPDATE register_counter SET last = last - 1 WHERE consultation_id = \(round) AND last = \(registration.number)")
        } else if let year = registration.year {
            try session.execute(
                "UPDATE general_register_counter SET last = last - 1 WHERE year = \(year) AND last = \(registration.number)")
        }
    }

    /// A register number as written: `KS 2019/017-14` in a round's series, `INK 2019-3` in the general one.
    static func written(_ registration: Registration, session: PostgresSession) throws -> String {
        let reference = try registration.round.flatMap { round in
            try session.scalar("SELECT reference FROM consultation WHERE id = \(round)", as: String.self)
        }
        return written(number: registration.number, reference: reference, year: registration.year)
    }

    static func written(number: Int, reference: String?, year: Int?) -> String {
        if let reference { return "\(reference)-\(number)" }
        return "INK \(year ?? 0)-\(number)"
    }

    /// The register number of a message in, as written.
    static func registration(ofIncoming id: Int64, session: PostgresSession) throws -> String? {
        guard
            let row = try session.rows(
                """
                SELECT i.register_number, i.register_year, c.reference FROM incoming i
                LEFT JOIN consultation c ON c.id = i.register_consultation WHERE i.id = \(id)
                """
            ).first,
            let number = try row.optional("register_number", as: Int.self)
        else { return nil }
        return written(number: number, reference: try row.optional("reference"), year: try row.optional("register_year"))
    }

    static func insertAttachment(_ attachment: AttachmentRecord, incoming: Int64, session: PostgresSession) throws {
        try session.execute(
            """
            INSERT INTO attachment (incoming_id, sha256, path, filename, content_type, size)
            VALUES (\(incoming), \(attachment.sha256), \(attachment.path), \(attachment.filename), \(attachment.contentType),
                \(attachment.size))
            ON CONFLICT (incoming_id, sha256) DO NOTHING
            """)
    }

    /// The round a bounce's delivery belongs to.
    static func bounceRound(_ bounce: BounceTarget, session: PostgresSession) throws -> String? {
        switch bounce {
        case .token(let token, _):
            try session.scalar(
                "SELECT m.consultation_id FROM delivery d JOIN message m ON m.id = d.message_id WHERE d.token = \(token.lowercased())",
                as: String.self)
        case .message(let messageID, _, _):
            try session.scalar("SELECT consultation_id FROM message WHERE message_id = \(messageID)", as: String.self)
        }
    }

    static func applyBounce(_ bounce: BounceTarget, session: PostgresSession, now: Date) throws {
        switch bounce {
        case .token(let token, let reason):
            try session.execute(
                """
                UPDATE delivery SET state = 'failed', lease_until = NULL, updated_at = \(now), reply = \("bounced: \(reason)")
                WHERE token = \(token.lowercased())
                """)
        case .message(let messageID, let recipient, let reason):
            try session.execute(
                """
                UPDATE delivery SET state = 'failed', lease_until = NULL, updated_at = \(now), reply = \("bounced: \(reason)")
                WHERE message_id = (SELECT id FROM message WHERE message_id = \(messageID)) AND lower(recipient) = lower(\(recipient))
                """)
        }
    }

    /// Records review notes with stable ids, inside the caller's transaction; a note seen again (the message assigned
    /// anew) keeps its id, its place and when it was first noted.
    static func insertReview(
        _ notes: [ReviewNote], session: PostgresSession, consultation: String, body: String?, key: String, incoming: Int64?,
        response: Int64?, now: Date
    ) throws {
        for (index, note) in notes.enumerated() {
            let evidence = String(decoding: try JSONEncoder().encode(note.evidence), as: UTF8.self)
            let id = ReviewItem.stableID(kind: note.kind, key: key, area: note.area, index: index)
            try session.execute(
                """
                INSERT INTO review_item (id, consultation_id, organization_id, incoming_id, response_id, kind, goal_area, detail,
                    evidence, created_at)
                VALUES (\(id), \(consultation), \(body), \(incoming), \(response), \(note.kind.rawValue), \(note.area), \(note.detail),
                    \(evidence), \(now))
                ON CONFLICT (id) DO UPDATE SET response_id = EXCLUDED.response_id, organization_id = EXCLUDED.organization_id,
                    detail = EXCLUDED.detail, evidence = EXCLUDED.evidence
                """)
        }
    }

    public func sentMessageIndex() throws -> (messages: [String: RoundBody], tokens: [String: RoundBody]) {
        try connections.withSession { session in
            var messages: [String: RoundBody] = [:]
            var tokens: [String: RoundBody] = [:]
            for row in try session.rows("SELECT consultation_id, organization_id, message_id, reply_token FROM message") {
                let pair = RoundBody(consultation: try row.value("consultation_id"), body: try row.value("organization_id"))
                messages[try row.value("message_id", as: String.self)] = pair
                if let token = try row.optional("reply_token", as: String.self) { tokens[token] = pair }
            }
            return (messages, tokens)
        }
    }

    public func deliveryTokenExists(_ token: String) throws -> Bool {
        try connections.withSession { session in
            try session.scalar("SELECT count(*) FROM delivery WHERE token = \(token.lowercased())", as: Int.self) ?? 0 > 0
        }
    }

    public func unmatched() throws -> [UnmatchedMessage] {
        try connections.withSession { session in
            try session.rows(
                """
                SELECT i.key, i.sender, i.subject, i.sent_at, i.imported_at, i.source, i.note, i.candidates, i.consultation_id,
                    i.register_number, i.register_year, c.reference
                FROM incoming i LEFT JOIN consultation c ON c.id = i.register_consultation
                WHERE i.kind = 'unmatched' ORDER BY i.id
                """
            ).map { row in
                UnmatchedMessage(
                    messageID: try row.value("key"), sender: try row.optional("sender"), subject: try row.value("subject"),
                    sentAt: try row.optional("sent_at"), importedAt: try row.value("imported_at"), source: try row.value("source"),
                    registration: try Self.registration(row), consultation: try row.optional("consultation_id"),
                    reason: try row.optional("note"), candidates: try Self.candidates(row))
            }
        }
    }

    /// The register number of a row with `register_number`, `register_year` and `reference`, as written.
    static func registration(_ row: PostgresRandomAccessRow) throws -> String? {
        guard let number = try row.optional("register_number", as: Int.self) else { return nil }
        return written(number: number, reference: try row.optional("reference"), year: try row.optional("register_year"))
    }

    static func candidates(_ row: PostgresRandomAccessRow) throws -> [String] {
        (try row.optional("candidates", as: String.self))?.split(separator: ",").map(String.init) ?? []
    }

    public func assignableRaw(_ key: String) throws -> (raw: Data, sentAt: Date?, source: String, sender: String?)? {
        try connections.withSession { session in
            guard
                let row = try session.rows(
                    "SELECT raw, sent_at, source, sender FROM incoming WHERE key = \(key) AND kind IN ('unmatched', 'reply')"
                ).first
            else { return nil }
            return (
                try row.optional("raw", as: Data.self) ?? Data(), try row.optional("sent_at"), try row.value("source"),
                try row.optional("sender")
            )
        }
    }

    public func assign(
        _ key: String, to match: RoundBody, late: Bool, contributions: [Contribution], review: [ReviewNote], now: Date,
        audit: (String) -> AuditNote
    ) throws -> String {
        try connections.transaction { session in
            guard
                let row = try session.rows(
                    "SELECT id, sent_at, source FROM incoming WHERE key = \(key) AND kind IN ('unmatched', 'reply') FOR UPDATE"
                ).first
            else {
                throw StoreError(.notFound, "no unmatched or answering message has the Message-ID \(key); 'samrad unmatched' lists them")
            }
            let id = try row.value("id", as: Int64.self)
            try Self.withdrawResponses(ofIncoming: id, session: session, now: now)
            try session.execute(
                """
                UPDATE incoming SET kind = 'reply', consultation_id = \(match.consultation), organization_id = \(match.body),
                    matched_by = \(MatchRule.manual.rawValue)
                WHERE id = \(id)
                """)
            let response = try Self.insertResponse(
                session: session, incoming: id, match: match, kind: .mail, matchedBy: .manual,
                receivedAt: try row.optional("sent_at") ?? now, now: now, late: late, source: try row.value("source"),
                contributions: contributions)
            try Self.insertReview(
                review, session: session, consultation: match.consultation, body: match.body, key: key, incoming: id,
                response: response, now: now)
            let registration = try Self.registration(ofIncoming: id, session: session) ?? key
            try Self.append(audit(registration), session: session)
            return registration
        }
    }

    public func unassign(_ key: String, now: Date, audit: (RoundBody) -> AuditNote) throws -> RoundBody {
        try connections.transaction { session in
            guard
                let row = try session.rows(
                    "SELECT id, consultation_id, organization_id FROM incoming WHERE key = \(key) AND kind = 'reply' FOR UPDATE"
                ).first,
                let round = try row.optional("consultation_id", as: String.self),
                let body = try row.optional("organization_id", as: String.self)
            else {
                throw StoreError(
                    .notFound, "no message answering for a body has the Message-ID \(key); 'samrad log ID' lists the messages in")
            }
            let id = try row.value("id", as: Int64.self)
            try Self.withdrawResponses(ofIncoming: id, session: session, now: now)
            try session.execute(
                """
                UPDATE incoming SET kind = 'unmatched', organization_id = NULL, matched_by = NULL,
                    note = \("assigned to \(body) by hand, then unassigned")
                WHERE id = \(id)
                """)
            let pair = RoundBody(consultation: round, body: body)
            try Self.append(audit(pair), session: session)
            return pair
        }
    }

    /// Withdraws the responses a message in made, keeping them as history, inside the caller's transaction.
    static func withdrawResponses(ofIncoming id: Int64, session: PostgresSession, now: Date) throws {
        try session.execute("UPDATE response SET withdrawn_at = \(now) WHERE incoming_id = \(id) AND withdrawn_at IS NULL")
    }

    public func importState(_ name: String) throws -> String? {
        try connections.withSession { session in
            try session.scalar("SELECT value FROM import_state WHERE name = \(name)", as: String.self)
        }
    }

    public func setImportState(_ name: String, _ value: String) throws {
        try connections.transaction { session in
            try session.execute(
                """
                INSERT INTO import_state (name, value) VALUES (\(name), \(value))
                ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
                """)
        }
    }
}
