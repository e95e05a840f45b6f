import Foundation
import GRDB
import SamradCore

/// What kind of thing was imported.
public enum IncomingKind: String, Sendable, Codable {
    /// A reply matched to a round and body: it becomes a response.
    case reply
    /// An automatic reply (out of office): recorded, never counted as an answer.
    case autoReply = "auto-reply"
    /// A delivery status notification: marks the delivery it reports on.
    case bounce
    /// Matched nothing: waits for `samrad assign`.
    case unmatched
    /// A row of a form or Excel export.
    case form
    /// A submission in the answer portal.
    case portal
    /// A letter, a minute or a note of a call, recorded by hand (`samrad answer`).
    case manual
}

/// One imported message or row, as the database keeps it.
public struct IncomingRecord: Sendable, Equatable {
    /// Unique: the Message-ID for mail, `csv:HASH:LINE` for a row.
    public var key: String
    /// What it is.
    public var kind: IncomingKind
    /// The round and body it was matched to, if any.
    public var match: RoundBody?
    /// The rule that matched it.
    public var matchedBy: MatchRule?
    /// Who sent it.
    public var sender: String?
    /// Its subject.
    public var subject: String
    /// When it was written (the Date header, the form's time).
    public var sentAt: Date?
    /// Where it came from: file, mbox offset, Maildir name, IMAP UID, CSV line.
    public var source: String
    /// The message as it arrived, kept whole.
    public var raw: Data?
    /// A note, e.g. why a bounce failed its delivery, or why a message matched no body.
    public var note: String?
    /// The round it belongs to when no body is known (its reference in the subject), for its register number.
    public var round: String?
    /// Bodies an unmatched message may belong to.
    public var candidates: [String]

    /// Creates a record.
    public init(
        key: String, kind: IncomingKind, match: RoundBody?, matchedBy: MatchRule?, sender: String?, subject: String, sentAt: Date?,
        source: String, raw: Data?, note: String? = nil, round: String? = nil, candidates: [String] = []
    ) {
        self.round = round
        self.candidates = candidates
        self.key = key
        self.kind = kind
        self.match = match
        self.matchedBy = matchedBy
        self.sender = sender
        self.subject = subject
        self.sentAt = sentAt
        self.source = source
        self.raw = raw
        self.note = note
    }
}

/// One thing to import: the record and, for a reply, its contributions.
public struct ImportItem: Sendable {
    /// The record.
    public var record: IncomingRecord
    /// The contributions when it is an answer.
    public var contributions: [Contribution]
    /// Whether it came after the deadline.
    public var late: Bool
    /// Its attachments.
    public var attachments: [AttachmentRecord]
    /// For a bounce: the delivery it reports on, by VERP token or by Message-ID and recipient.
    public var bounce: BounceTarget?
    /// What kind of response it becomes, when it is an answer.
    public var responseKind: ResponseKind
    /// What a person should look at in it.
    public var review: [ReviewNote]

    /// Creates an item.
    public init(
        record: IncomingRecord, contributions: [Contribution] = [], late: Bool = false, attachments: [AttachmentRecord] = [],
        bounce: BounceTarget? = nil, responseKind: ResponseKind? = nil, review: [ReviewNote] = []
    ) {
        self.responseKind = responseKind ?? (record.kind == .form ? .form : record.kind == .portal ? .portal : .mail)
        self.review = review
        self.record = record
        self.contributions = contributions
        self.late = late
        self.attachments = attachments
        self.bounce = bounce
    }
}

/// The delivery a bounce names.
public enum BounceTarget: Sendable, Equatable {
    /// By the token in the bounce's envelope recipient (`bounces+TOKEN@…`).
    case token(String, reason: String)
    /// By the returned Message-ID and the final recipient.
    case message(String, recipient: String, reason: String)
}

/// What importing one item did.
public enum ImportOutcome: Sendable, Equatable {
    /// New, with its register number as written (`KS 2019/017-14`, `INK 2019-3`).
    case imported(kind: IncomingKind, registration: String)
    /// Already imported before: nothing was added.
    case duplicate
}

extension AppDatabase {
    /// Imports items in one transaction, with the audit entries made from what it did: each is added once (a key
    /// seen before adds nothing) and gets its register number on arrival; a reply becomes a response, a bounce fails
    /// the delivery it reports on, and what a person should look at becomes review items.
    public func importItems(_ items: [ImportItem], now: Date, audit: ([ImportOutcome]) -> [AuditNote]) throws -> [ImportOutcome] {
        try write(audit: audit) { db in
            var outcomes: [ImportOutcome] = []
            for item in items {
                outcomes.append(try Self.importItem(item, db: db, now: now))
            }
            return outcomes
        }
    }

    static func importItem(_ item: ImportItem, db: Database, now: Date) throws -> ImportOutcome {
        let record = item.record
        // The statements an import runs per message are cached: compiling one costs more than running it.
        let known = try db.cachedStatement(sql: "SELECT 1 FROM \(IncomingRow.databaseTableName) WHERE key = ? LIMIT 1")
        if try Int.fetchOne(known, arguments: [record.key]) != nil {
            return .duplicate
        }
        var round = record.match?.consultation ?? record.round
        if round == nil, let bounce = item.bounce { round = try bounceRound(bounce, db: db) }
        let registration = try register(db, round: round, now: now)
        var incoming = IncomingRow(
            key: record.key, kind: record.kind, round: round, body: record.match?.body, matchedBy: record.matchedBy?.rawValue,
            sender: record.sender, subject: record.subject, sentAt: record.sentAt, importedAt: now, source: record.source,
            raw: record.raw, note: record.note, registration: registration, candidates: record.candidates)
        try incoming.insertCached(db)
        guard let incomingID = incoming.id else { throw StoreError(.invalidData, "the database gave the new message in no id") }
        for attachment in item.attachments {
            let row = AttachmentRow(incoming: incomingID, attachment)
            if try !row.exists(db) { try row.insert(db) }
        }
        var responseID: Int64?
        if [.reply, .form, .portal, .manual].contains(record.kind), let match = record.match {
            responseID = try insertResponse(
                db, incoming: incomingID, match: match, kind: item.responseKind, matchedBy: record.matchedBy,
                receivedAt: record.sentAt ?? now, now: now, late: item.late, source: record.source, contributions: item.contributions)
        }
        if let round {
            try insertReview(
                item.review, db: db, consultation: round, body: record.match?.body, key: record.key, incoming: incomingID,
                response: responseID, now: now)
        }
        if let bounce = item.bounce { try applyBounce(bounce, db: db, now: now) }
        return .imported(kind: record.kind, registration: try registration.written(db))
    }

    /// A register number taken in the caller's transaction: in the round's series when the round is known, else in
    /// the year's general series.
    static func register(_ db: Database, round: String?, now: Date) throws -> Registration {
        if let round {
            return Registration(number: try nextRegisterNumber(db, consultation: round), round: round, year: nil)
        }
        let year = LocalDate(containing: now).year
        return Registration(number: try nextGeneralRegisterNumber(db, year: year), round: nil, year: year)
    }

    /// The round a bounce's delivery belongs to.
    static func bounceRound(_ bounce: BounceTarget, db: Database) throws -> String? {
        switch bounce {
        case .token(let token, _):
            try DeliveryWithMessage.request().filter(sql: "d.token = ?", arguments: [token.lowercased()]).fetchOne(db)?.message.roundID
        case .message(let messageID, _, _):
            try MessageRow.filter(MessageRow.Columns.messageID == messageID).fetchOne(db)?.roundID
        }
    }

    /// Records review notes with stable ids, inside the caller's transaction.
    static func insertReview(
        _ notes: [ReviewNote], db: Database, consultation: String, body: String?, key: String, incoming: Int64?, response: Int64?,
        now: Date
    ) throws {
        for (index, note) in notes.enumerated() {
            let evidence = String(decoding: try JSONEncoder().encode(note.evidence), as: UTF8.self)
            let row = ReviewItemRow(
                id: ReviewItem.stableID(kind: note.kind, key: key, area: note.area, index: index), roundID: consultation, bodyID: body,
                incomingID: incoming, responseID: response, kind: note.kind, goalArea: note.area, detail: note.detail,
                evidence: evidence, createdAt: now)
            // A note seen again (the message assigned anew) keeps its id and when it was first noted.
            _ = try row.upsertAndFetch(
                db,
                onConflict: [ReviewItemRow.CodingKeys.id.rawValue], updating: .noColumnUnlessSpecified,
                doUpdate: { _ in
                    [
                        ReviewItemRow.Columns.responseID.set(to: response), ReviewItemRow.Columns.bodyID.set(to: body),
                        ReviewItemRow.Columns.detail.set(to: note.detail), ReviewItemRow.Columns.evidence.set(to: evidence),
                    ]
                })
        }
    }

    /// The next number of a round's register series, counted inside the caller's transaction. The counter's row is
    /// written before it is read, so the number is taken under the transaction's write lock and the series has no gaps.
    static func nextRegisterNumber(_ db: Database, consultation: String) throws -> Int {
        try db.cachedStatement(
            sql: """
                INSERT INTO register_counter (consultation_id, last) VALUES (?, 1)
                ON CONFLICT (consultation_id) DO UPDATE SET last = last + 1
                """
        ).execute(arguments: [consultation])
        let last = try db.cachedStatement(sql: "SELECT last FROM register_counter WHERE consultation_id = ?")
        return try Int.fetchOne(last, arguments: [consultation]) ?? 1
    }

    /// The next number of a year's general series, for messages in that belong to no known round.
    static func nextGeneralRegisterNumber(_ db: Database, year: Int) throws -> Int {
        try db.cachedStatement(
            sql: """
                INSERT INTO general_register_counter (year, last) VALUES (?, 1)
                ON CONFLICT (year) DO UPDATE SET last = last + 1
                """
        ).execute(arguments: [year])
        let last = try db.cachedStatement(sql: "SELECT last FROM general_register_counter WHERE year = ?")
        return try Int.fetchOne(last, arguments: [year]) ?? 1
    }

    static func applyBounce(_ bounce: BounceTarget, db: Database, now: Date) throws {
        let bounced = [
            DeliveryRow.Columns.state.set(to: DeliveryState.failed.rawValue), DeliveryRow.Columns.leaseUntil.set(to: nil),
            DeliveryRow.Columns.updatedAt.set(to: now),
        ]
        switch bounce {
        case .token(let token, let reason):
            try DeliveryRow.filter(DeliveryRow.Columns.token == token.lowercased()).updateAll(
                db, bounced + [DeliveryRow.Columns.reply.set(to: "bounced: \(reason)")])
        case .message(let messageID, let recipient, let reason):
            guard let message = try MessageRow.filter(MessageRow.Columns.messageID == messageID).fetchOne(db)?.id else { return }
            try DeliveryRow.filter(DeliveryRow.Columns.messageRowID == message)
                .filter(sql: "lower(recipient) = lower(?)", arguments: [recipient]).updateAll(
                    db, bounced + [DeliveryRow.Columns.reply.set(to: "bounced: \(reason)")])
        }
    }

    /// What the reply matcher needs: the Message-IDs and reply tokens Samråd sent, by round and body.
    public func sentMessageIndex() throws -> (messages: [String: RoundBody], tokens: [String: RoundBody]) {
        try read { db in
            var messages: [String: RoundBody] = [:]
            var tokens: [String: RoundBody] = [:]
            for message in try MessageRow.fetchAll(db) {
                let pair = RoundBody(consultation: message.roundID, body: message.bodyID)
                messages[message.messageID] = pair
                if let token = message.replyToken { tokens[token] = pair }
            }
            return (messages, tokens)
        }
    }

    /// Whether a delivery with this VERP token exists.
    public func deliveryTokenExists(_ token: String) throws -> Bool {
        try read { db in try !DeliveryRow.filter(DeliveryRow.Columns.token == token.lowercased()).isEmpty(db) }
    }

    /// Imported messages that matched nothing, oldest first.
    public func unmatched() throws -> [UnmatchedMessage] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT i.key, i.sender, i.subject, i.sent_at, i.imported_at, i.source, i.note, i.candidates, i.consultation_id,
                        i.register_number, i.register_year, c.reference
                    FROM incoming i LEFT JOIN consultation c ON c.id = i.register_consultation
                    WHERE i.kind = 'unmatched' ORDER BY i.id
                    """
            ).map { row in
                UnmatchedMessage(
                    messageID: row["key"], sender: row["sender"], subject: row["subject"], sentAt: row["sent_at"],
                    importedAt: row["imported_at"], source: row["source"],
                    registration: (row["register_number"] as Int?).map { number in
                        Registration.written(number: number, reference: row["reference"], year: row["register_year"])
                    },
                    consultation: row["consultation_id"], reason: row["note"],
                    candidates: (row["candidates"] as String?)?.split(separator: ",").map(String.init) ?? [])
            }
        }
    }

    /// The raw bytes of an imported message that matched nothing, or that a body answered with (to assign again).
    public func assignableRaw(_ key: String) throws -> (raw: Data, sentAt: Date?, source: String, sender: String?)? {
        try read { db in
            try Self.assignable(key).fetchOne(db).map { ($0.raw ?? Data(), $0.sentAt, $0.source, $0.sender) }
        }
    }

    /// Assigns a message to a round and body by hand, making it the body's response: an unmatched message, or one
    /// assigned before (to another body, or wrongly matched), whose earlier response is withdrawn and kept as history.
    /// Returns the message's register number as written.
    public func assign(
        _ key: String, to match: RoundBody, late: Bool, contributions: [Contribution], review: [ReviewNote], now: Date,
        audit: (String) -> AuditNote
    ) throws -> String {
        let entry: (String) -> AuditNote? = { audit($0) }
        return try write(audit: entry) { db in
            guard var row = try Self.assignable(key).fetchOne(db), let id = row.id else {
                throw StoreError(.notFound, "no unmatched or answering message has the Message-ID \(key); 'samrad unmatched' lists them")
            }
            try Self.withdrawResponses(ofIncoming: id, db: db, now: now)
            row.kind = .reply
            row.roundID = match.consultation
            row.bodyID = match.body
            row.matchedBy = MatchRule.manual.rawValue
            try row.update(db)
            let response = try Self.insertResponse(
                db, incoming: id, match: match, kind: .mail, matchedBy: .manual, receivedAt: row.sentAt ?? now, now: now,
                late: late, source: row.source, contributions: contributions)
            try Self.insertReview(
                review, db: db, consultation: match.consultation, body: match.body, key: key, incoming: id, response: response, now: now)
            return try Self.registration(ofIncoming: id, db: db) ?? key
        }
    }

    /// Undoes an assignment: the message's response is withdrawn (kept as history) and the message waits in
    /// `samrad unmatched` again. Returns the body it was assigned to.
    public func unassign(_ key: String, now: Date, audit: (RoundBody) -> AuditNote) throws -> RoundBody {
        try write(audit: audit) { db in
            guard
                var row = try IncomingRow.filter(IncomingRow.Columns.key == key && IncomingRow.Columns.kind == IncomingKind.reply.rawValue)
                    .fetchOne(db), let id = row.id, let round = row.roundID, let body = row.bodyID
            else {
                throw StoreError(
                    .notFound, "no message answering for a body has the Message-ID \(key); 'samrad log ID' lists the messages in")
            }
            let pair = RoundBody(consultation: round, body: body)
            try Self.withdrawResponses(ofIncoming: id, db: db, now: now)
            row.kind = .unmatched
            row.bodyID = nil
            row.matchedBy = nil
            row.note = "assigned to \(body) by hand, then unassigned"
            try row.update(db)
            return pair
        }
    }

    /// A message in that can be assigned by hand: one that matched nothing, or one a body answered with.
    static func assignable(_ key: String) -> QueryInterfaceRequest<IncomingRow> {
        IncomingRow.filter(
            IncomingRow.Columns.key == key
                && [IncomingKind.unmatched.rawValue, IncomingKind.reply.rawValue].contains(IncomingRow.Columns.kind))
    }

    /// Withdraws the responses a message in made, keeping them as history, inside the caller's transaction.
    static func withdrawResponses(ofIncoming id: Int64, db: Database, now: Date) throws {
        try ResponseRow.filter(ResponseRow.Columns.incomingID == id && ResponseRow.Columns.withdrawnAt == nil)
            .updateAll(db, ResponseRow.Columns.withdrawnAt.set(to: now))
    }

    /// The register number of a message in, as written.
    static func registration(ofIncoming id: Int64, db: Database) throws -> String? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT i.register_number, i.register_year, c.reference FROM incoming i
                    LEFT JOIN consultation c ON c.id = i.register_consultation WHERE i.id = ?
                    """, arguments: [id]),
            let number: Int = row["register_number"]
        else { return nil }
        return Registration.written(number: number, reference: row["reference"], year: row["register_year"])
    }

    /// A remembered value of a poller, e.g. `imap:INBOX`.
    public func importState(_ name: String) throws -> String? {
        try read { db in try ImportStateRow.fetchOne(db, key: name)?.value }
    }

    /// Remembers a value of a poller.
    public func setImportState(_ name: String, _ value: String) throws {
        try write { db in try ImportStateRow(name: name, value: value).upsert(db) }
    }
}

/// An imported message that matched no round and body.
public struct UnmatchedMessage: Sendable, Equatable, Codable {
    /// Its Message-ID (the key to assign it by).
    public var messageID: String
    /// Who sent it.
    public var sender: String?
    /// Its subject.
    public var subject: String
    /// When it was written.
    public var sentAt: Date?
    /// When it was imported.
    public var importedAt: Date
    /// Where it came from.
    public var source: String
    /// Its register number, e.g. `INK 2019-3`.
    public var registration: String?
    /// The round its subject names, if any.
    public var consultation: String?
    /// Why no body was chosen.
    public var reason: String?
    /// The bodies it may belong to.
    public var candidates: [String]

    /// Creates an unmatched message.
    public init(
        messageID: String, sender: String?, subject: String, sentAt: Date?, importedAt: Date, source: String, registration: String?,
        consultation: String?, reason: String?, candidates: [String]
    ) {
        self.messageID = messageID
        self.sender = sender
        self.subject = subject
        self.sentAt = sentAt
        self.importedAt = importedAt
        self.source = source
        self.registration = registration
        self.consultation = consultation
        self.reason = reason
        self.candidates = candidates
    }
}

/// A register number taken for a message in: in a round's series or a year's general one.
struct Registration {
    var number: Int
    var round: String?
    var year: Int?

    /// The number as written: `KS 2019/017-14` in a round's series, `INK 2019-3` in the general one.
    func written(_ db: Database) throws -> String {
        let reference = try round.flatMap { round in
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT reference FROM \(RoundRow.databaseTableName) WHERE id = ?"), arguments: [round])
        }
        return Self.written(number: number, reference: reference, year: year)
    }

    static func written(number: Int, reference: String?, year: Int?) -> String {
        if let reference { return "\(reference)-\(number)" }
        return "INK \(year ?? 0)-\(number)"
    }
}
