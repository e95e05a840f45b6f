import Foundation
import GRDB
import SamradCore

// One record per table: a Codable struct whose coding keys are the columns. The Swift side says `body`, the
// glossary's word; the columns keep the names the shipped migrations gave them (`organization_id`).
//
// JSON columns (a body's meetings, a round's document, a dialogue, a form, evidence) are kept as the text the
// store wrote, so that the canonical JSON of a round compares equal across versions.

/// A row of `organization`: a body of the registry.
struct BodyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "organization"
    static let contacts = hasMany(ContactRow.self)

    var id: String
    var name: String
    var kind: BodyKind
    var mailbox: String?
    /// JSON of `[Meeting]`.
    var meetings: String
    var retiredAt: Date?
    var updatedAt: Date
    var addedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, kind, mailbox, meetings
        case retiredAt = "retired_at"
        case updatedAt = "updated_at"
        case addedAt = "added_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let retiredAt = Column(CodingKeys.retiredAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
        static let addedAt = Column(CodingKeys.addedAt)
    }
}

/// A row of `contact`: one person of a body, in the registry's order.
struct ContactRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contact"

    var id: Int64?
    var bodyID: String
    var position: Int
    var name: String
    var role: ContactRole
    var email: String

    enum CodingKeys: String, CodingKey {
        case id, position, name, role, email
        case bodyID = "organization_id"
    }

    enum Columns {
        static let bodyID = Column(CodingKeys.bodyID)
        static let position = Column(CodingKeys.position)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `consultation`: a round, pointing at its current revision.
struct RoundRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "consultation"

    var id: String
    var reference: String
    var title: String
    var revision: Int
    var sourcePath: String
    var closedAt: Date?
    var createdAt: Date
    var updatedAt: Date
    var nextDueAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, reference, title, revision
        case sourcePath = "source_path"
        case closedAt = "closed_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case nextDueAt = "next_due_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let reference = Column(CodingKeys.reference)
        static let closedAt = Column(CodingKeys.closedAt)
        static let nextDueAt = Column(CodingKeys.nextDueAt)
    }
}

/// A row of `consultation_revision`: a round's file as it was added, kept whole.
struct RevisionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "consultation_revision"

    var roundID: String
    var revision: Int
    /// The round's canonical JSON.
    var document: String
    /// The file's text.
    var source: String
    var sourcePath: String
    var addedAt: Date

    enum CodingKeys: String, CodingKey {
        case revision, document, source
        case roundID = "consultation_id"
        case sourcePath = "source_path"
        case addedAt = "added_at"
    }

    enum Columns {
        static let roundID = Column(CodingKeys.roundID)
        static let revision = Column(CodingKeys.revision)
    }
}

/// A row of `message`: one message of the ledger, recorded before anything is sent.
struct MessageRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "message"

    var id: Int64?
    var roundID: String
    var bodyID: String
    var kind: MessageKind
    var key: String
    var messageID: String
    var subject: String
    var createdAt: Date
    var purpose: String?
    var replyToken: String?
    var registerNumber: Int?

    enum CodingKeys: String, CodingKey {
        case id, kind, key, subject, purpose
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case messageID = "message_id"
        case createdAt = "created_at"
        case replyToken = "reply_token"
        case registerNumber = "register_number"
    }

    enum Columns {
        static let roundID = Column(CodingKeys.roundID)
        static let bodyID = Column(CodingKeys.bodyID)
        static let kind = Column(CodingKeys.kind)
        static let key = Column(CodingKeys.key)
        static let messageID = Column(CodingKeys.messageID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var stored: StoredMessage {
        StoredMessage(
            consultationID: roundID, bodyID: bodyID, kind: kind, key: key, messageID: messageID, subject: subject, date: createdAt,
            purpose: purpose, replyToken: replyToken)
    }
}

/// A row of `delivery`: one message to one address, with its state and lease.
struct DeliveryRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "delivery"
    static let message = belongsTo(MessageRow.self)

    var id: Int64?
    var messageRowID: Int64
    var recipient: String
    var role: Recipient.Role
    var state: DeliveryState = .queued
    var attempts: Int = 0
    var nextAttemptAt: Date?
    var leaseUntil: Date?
    var reply: String?
    var sentAt: Date?
    var updatedAt: Date
    var token: String
    var claimToken: String?

    enum CodingKeys: String, CodingKey {
        case id, recipient, role, state, attempts, reply, token
        case messageRowID = "message_id"
        case nextAttemptAt = "next_attempt_at"
        case leaseUntil = "lease_until"
        case sentAt = "sent_at"
        case updatedAt = "updated_at"
        case claimToken = "claim_token"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let messageRowID = Column(CodingKeys.messageRowID)
        static let recipient = Column(CodingKeys.recipient)
        static let role = Column(CodingKeys.role)
        static let state = Column(CodingKeys.state)
        static let attempts = Column(CodingKeys.attempts)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let leaseUntil = Column(CodingKeys.leaseUntil)
        static let reply = Column(CodingKeys.reply)
        static let sentAt = Column(CodingKeys.sentAt)
        static let updatedAt = Column(CodingKeys.updatedAt)
        static let token = Column(CodingKeys.token)
        static let claimToken = Column(CodingKeys.claimToken)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// A new queued delivery of a message to one recipient, with a fresh token of its own.
    init(message: Int64, recipient: Recipient, now: Date) {
        self.messageRowID = message
        self.recipient = recipient.address.description
        self.role = recipient.role
        self.updatedAt = now
        self.token = AppDatabase.newToken(bytes: 8)
    }
}

/// A delivery with its message, as the ledger's reads and the claim return them.
struct DeliveryWithMessage: Decodable, FetchableRecord {
    var delivery: DeliveryRow
    var message: MessageRow

    var record: DeliveryRecord {
        get throws {
            DeliveryRecord(
                id: delivery.id ?? 0, message: message.stored, recipient: try EmailAddress(delivery.recipient), role: delivery.role,
                state: delivery.state, attempts: delivery.attempts, nextAttemptAt: delivery.nextAttemptAt, reply: delivery.reply,
                sentAt: delivery.sentAt, token: delivery.token)
        }
    }

    /// Deliveries joined to their messages, under the aliases `d` and `m` that conditions in SQL name.
    static func request() -> QueryInterfaceRequest<DeliveryWithMessage> {
        DeliveryRow.aliased(TableAlias(name: "d")).including(required: DeliveryRow.message.aliased(TableAlias(name: "m")))
            .asRequest(of: DeliveryWithMessage.self)
    }
}

/// A row of `invitation`: one version of a dialogue's invitation, as the messages that carried it described it.
struct InvitationRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "invitation"

    var roundID: String
    var dialogueID: String
    var sequence: Int
    /// JSON of `Dialogue`.
    var dialogue: String
    var cancelled: Bool
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case sequence, dialogue, cancelled
        case roundID = "consultation_id"
        case dialogueID = "dialogue_id"
        case createdAt = "created_at"
    }

    enum Columns {
        static let roundID = Column(CodingKeys.roundID)
        static let dialogueID = Column(CodingKeys.dialogueID)
        static let sequence = Column(CodingKeys.sequence)
    }

    var version: InvitationVersion {
        get throws {
            InvitationVersion(
                sequence: sequence, dialogue: try JSONDecoder().decode(Dialogue.self, from: Data(dialogue.utf8)), cancelled: cancelled)
        }
    }
}

/// A row of `incoming`: everything imported or recorded as a message in, exactly once, with its register number.
struct IncomingRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "incoming"

    var id: Int64?
    var key: String
    var kind: IncomingKind
    var roundID: String?
    var bodyID: String?
    var matchedBy: String?
    var sender: String?
    var subject: String
    var sentAt: Date?
    var importedAt: Date
    var source: String
    var raw: Data?
    var note: String?
    var registerNumber: Int?
    var registerRound: String?
    var registerYear: Int?
    /// Comma-separated body ids.
    var candidates: String?

    enum CodingKeys: String, CodingKey {
        case id, key, kind, sender, subject, source, raw, note, candidates
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case matchedBy = "matched_by"
        case sentAt = "sent_at"
        case importedAt = "imported_at"
        case registerNumber = "register_number"
        case registerRound = "register_consultation"
        case registerYear = "register_year"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let key = Column(CodingKeys.key)
        static let kind = Column(CodingKeys.kind)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// A message in with its register number, not yet in the database.
    init(
        key: String, kind: IncomingKind, round: String?, body: String?, matchedBy: String?, sender: String?, subject: String,
        sentAt: Date?, importedAt: Date, source: String, raw: Data? = nil, note: String? = nil, registration: Registration,
        candidates: [String] = []
    ) {
        self.key = key
        self.kind = kind
        self.roundID = round
        self.bodyID = body
        self.matchedBy = matchedBy
        self.sender = sender
        self.subject = subject
        self.sentAt = sentAt
        self.importedAt = importedAt
        self.source = source
        self.raw = raw
        self.note = note
        self.registerNumber = registration.number
        self.registerRound = registration.round
        self.registerYear = registration.year
        self.candidates = candidates.isEmpty ? nil : candidates.joined(separator: ",")
    }
}

/// A row of `attachment`: a file that came with a message in, kept in the attachment store by its SHA-256.
struct AttachmentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "attachment"

    var incomingID: Int64
    var sha256: String
    var path: String
    var filename: String
    var contentType: String
    var size: Int

    enum CodingKeys: String, CodingKey {
        case sha256, path, filename, size
        case incomingID = "incoming_id"
        case contentType = "content_type"
    }

    init(incoming: Int64, _ attachment: AttachmentRecord) {
        self.incomingID = incoming
        self.sha256 = attachment.sha256
        self.path = attachment.path
        self.filename = attachment.filename
        self.contentType = attachment.contentType
        self.size = attachment.size
    }
}

/// A row of `response`: one answer of a body.
struct ResponseRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "response"

    var id: Int64?
    var roundID: String
    var bodyID: String?
    var kind: ResponseKind
    var receivedAt: Date
    var recordedAt: Date
    var source: String
    var incomingID: Int64?
    var matchedBy: String?
    var late: Bool
    var withdrawnAt: Date?
    var note: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, source, late, note
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case receivedAt = "received_at"
        case recordedAt = "recorded_at"
        case incomingID = "incoming_id"
        case matchedBy = "matched_by"
        case withdrawnAt = "withdrawn_at"
    }

    enum Columns {
        static let incomingID = Column(CodingKeys.incomingID)
        static let withdrawnAt = Column(CodingKeys.withdrawnAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `contribution`: what a response says on one goal area, or in general, with its evidence.
struct ContributionRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "contribution"

    var id: Int64?
    var responseID: Int64
    var goalArea: Int?
    var stance: Stance?
    var text: String
    var clause: String?
    var attachment: String?
    var page: Int?
    var rule: ReadingRule?

    enum CodingKeys: String, CodingKey {
        case id, stance, text, clause, attachment, page, rule
        case responseID = "response_id"
        case goalArea = "goal_area"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(response: Int64, _ contribution: Contribution) {
        self.responseID = response
        self.goalArea = contribution.goalArea
        self.stance = contribution.stance
        self.text = contribution.text
        self.clause = contribution.evidence?.clause
        self.attachment = contribution.evidence?.attachment
        self.page = contribution.evidence?.page
        self.rule = contribution.evidence?.rule
    }
}

/// A row of `review_item`: something a person should look at, with a stable id.
struct ReviewItemRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "review_item"

    var id: String
    var roundID: String
    var bodyID: String?
    var incomingID: Int64?
    var responseID: Int64?
    var kind: ReviewKind
    var goalArea: Int?
    var detail: String
    /// JSON of `[Evidence]`.
    var evidence: String?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, detail, evidence
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case incomingID = "incoming_id"
        case responseID = "response_id"
        case goalArea = "goal_area"
        case createdAt = "created_at"
    }

    enum Columns {
        static let bodyID = Column(CodingKeys.bodyID)
        static let responseID = Column(CodingKeys.responseID)
        static let detail = Column(CodingKeys.detail)
        static let evidence = Column(CodingKeys.evidence)
    }
}

/// A row of `audit`: one line of the append-only audit trail.
struct AuditRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"

    var id: Int64?
    var at: Date
    var user: String
    var command: String
    var roundID: String?
    var detail: String

    enum CodingKeys: String, CodingKey {
        case id, at, user, command, detail
        case roundID = "consultation_id"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let roundID = Column(CodingKeys.roundID)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ note: AuditNote) {
        self.at = note.at
        self.user = note.user
        self.command = note.command
        self.roundID = note.consultation
        self.detail = note.detail
    }

    var entry: AuditEntry { AuditEntry(at: at, user: user, command: command, consultation: roundID, detail: detail) }
}

/// A row of `import_state`: what a poller remembers between runs.
struct ImportStateRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "import_state"

    var name: String
    var value: String
}

/// A row of `portal_link`: a link a message carried, by the SHA-256 of its token.
struct PortalLinkRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "portal_link"

    var id: Int64?
    var roundID: String
    var bodyID: String
    var tokenSHA256: String
    var messageID: String?
    var createdAt: Date
    var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case tokenSHA256 = "token_sha256"
        case messageID = "message_id"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    enum Columns {
        static let roundID = Column(CodingKeys.roundID)
        static let bodyID = Column(CodingKeys.bodyID)
        static let tokenSHA256 = Column(CodingKeys.tokenSHA256)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var link: PortalLink { PortalLink(match: RoundBody(consultation: roundID, body: bodyID), revokedAt: revokedAt) }
}

/// A row of `portal_revocation`: a revocation waiting until a message carries the body's new link.
struct PortalRevocationRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "portal_revocation"

    var id: Int64?
    var roundID: String
    var bodyID: String
    var revokedAt: Date
    var linkQueuedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case revokedAt = "revoked_at"
        case linkQueuedAt = "link_queued_at"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let roundID = Column(CodingKeys.roundID)
        static let bodyID = Column(CodingKeys.bodyID)
        static let linkQueuedAt = Column(CodingKeys.linkQueuedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `portal_draft`: what a body saved with "Spara utkast".
struct PortalDraftRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "portal_draft"

    var roundID: String
    var bodyID: String
    /// JSON of `PortalForm`.
    var form: String
    var savedAt: Date

    enum CodingKeys: String, CodingKey {
        case form
        case roundID = "consultation_id"
        case bodyID = "organization_id"
        case savedAt = "saved_at"
    }
}

/// A row of `coordinator`: who may log in to the coordinator's pages.
struct CoordinatorRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "coordinator"

    var name: String
    var passwordHash: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case name
        case passwordHash = "password_hash"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
