import Foundation
import SamradCore

// The store by intent: what SamradApp asks of a database, in a few protocols, each a part of the work a
// coordinator does. `AppDatabase` (SQLite, through GRDB) carries them all out and is the default; another
// database carries them out by conforming to the same protocols, with the same guarantees:
//
// - every method is one transaction: a command changes what it says, or nothing;
// - a write that carries out a command takes an `audit` closure, and its entries are appended in that same
//   transaction, so no change stands without its line;
// - register numbers are taken in the transaction that records the message, so the series has no gaps;
// - a delivery is held by one claim at a time, and only the claim's token records its outcome.

/// The registry of bodies, as the contact files last loaded it.
public protocol RegistryStore: Sendable {
    /// The registry as stored: every body, retired ones marked.
    func registry() throws -> Registry
    /// Replaces the registry with the files' bodies in one transaction, and says what changed: a body missing from
    /// the files is deleted when nothing was ever sent to it, and retired when something was.
    @discardableResult
    func loadRegistry(_ bodies: [Body], now: Date, audit: (RegistryChanges) -> AuditNote?) throws -> RegistryChanges
    /// When each body joined the registry.
    func joinedDates() throws -> [String: Date]
}

/// The rounds (consultations) and their revisions.
public protocol RoundStore: Sendable {
    /// Records a round's file: a new round, a new revision of a changed one, or nothing when the same.
    func addConsultation(
        _ consultation: Consultation, source: String, sourcePath: String, now: Date, audit: (ConsultationChange) -> AuditNote?
    ) throws -> ConsultationChange
    /// Every round, in id order.
    func consultations() throws -> [StoredConsultation]
    /// One round, or nil.
    func consultation(_ id: String) throws -> StoredConsultation?
    /// One revision of a round as its file read then, and when it was added; nil when there is no such revision.
    func consultation(_ id: String, revision: Int) throws -> (consultation: Consultation, addedAt: Date)?
    /// The revision of a round that was current at an instant: the last one added then or before; nil before the first.
    func revision(of id: String, at instant: Date) throws -> Int?
    /// The open rounds that may have something due at `now`.
    func consultationsToPlan(now: Date) throws -> [StoredConsultation]
    /// Closes a round: nothing more is planned or sent for it. Returns false when it was closed already.
    @discardableResult
    func closeConsultation(_ id: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool
}

/// The ledger of messages out: queue them before anything is sent, claim what is due under a lease, record what
/// became of each delivery, and queue failed ones again.
public protocol Ledger: Sendable {
    /// Records messages and their deliveries in one transaction; a message whose key the round and body already
    /// have is left as it is. Returns how many messages were new.
    @discardableResult
    func queue(_ messages: [QueuedMessage], now: Date, audit: (Int) -> AuditNote?) throws -> Int
    /// The messages of a round already in the ledger, by body, for one kind.
    func messages(consultation: String, kind: MessageKind) throws -> [StoredMessage]
    /// Whether any delivery is due, without claiming it.
    func hasDueDeliveries(_ due: DueDeliveries, now: Date) throws -> Bool
    /// How many deliveries are due.
    func dueCount(_ due: DueDeliveries, now: Date) throws -> Int
    /// Claims up to `limit` due deliveries under a new random token and a lease until `now + lease`; two runs
    /// never hold the same delivery at once.
    func claimDeliveries(_ due: DueDeliveries, now: Date, lease: TimeInterval, limit: Int) throws -> DeliveryClaim
    /// Extends the lease of every delivery still held under a claim, and returns their ids.
    func renew(claim token: String, until: Date, now: Date) throws -> Set<Int64>
    /// Records what became of a claimed delivery, provided the claim still holds it; returns false, changing
    /// nothing, when another run has taken it over.
    @discardableResult
    func record(_ outcome: DeliveryOutcome, delivery id: Int64, claim token: String, now: Date, retryAt: Date?) throws -> Bool
    /// Gives claimed deliveries back untried; returns how many the claim still held.
    @discardableResult
    func release(_ ids: [Int64], claim token: String, now: Date) throws -> Int
    /// Where a round's deliveries of some kinds stand at `now`.
    func standing(consultation: String, kinds: [MessageKind], now: Date) throws -> DeliveryStanding
    /// The recipients of a message, To first, in the order they were recorded.
    func recipients(ofMessage messageID: String) throws -> [Recipient]
    /// Queues a body's failed deliveries of a round again, after its addresses were corrected; returns the
    /// addresses queued.
    func requeueFailed(
        consultation: String, body: String, currentRecipients: [Recipient], now: Date, audit: ([EmailAddress]) -> AuditNote?
    ) throws -> [EmailAddress]
    /// The ledger of a round, optionally in one state, ordered by body and message.
    func deliveries(consultation: String, state: DeliveryState?) throws -> [DeliveryRecord]
    /// The days messages of a round went out, by kind of message, for the report's timeline.
    func sendDays(consultation: String) throws -> [(date: LocalDate, kind: MessageKind, key: String, count: Int)]
}

extension Ledger {
    /// Records what became of a claimed delivery, with no retry time.
    @discardableResult
    public func record(_ outcome: DeliveryOutcome, delivery id: Int64, claim token: String, now: Date) throws -> Bool {
        try record(outcome, delivery: id, claim: token, now: now, retryAt: nil)
    }

    /// Where a round's deliveries of every kind stand at `now`.
    public func standing(consultation: String, now: Date) throws -> DeliveryStanding {
        try standing(consultation: consultation, kinds: MessageKind.allCases, now: now)
    }

    /// The whole ledger of a round.
    public func deliveries(consultation: String) throws -> [DeliveryRecord] {
        try deliveries(consultation: consultation, state: nil)
    }
}

/// What the planner reads of a round and records with the messages it plans.
public protocol ScheduleStore: Sendable {
    /// What the planner needs to know of a round: the ledger keys per body, the answers, the invitations sent.
    func scheduleFacts(for stored: StoredConsultation) throws -> ScheduleFacts
    /// Records messages with the invitation versions they carry and when the round next has something due, in one
    /// transaction. Returns how many messages were new.
    @discardableResult
    func queue(
        _ messages: [QueuedMessage], invitations: [NewInvitationVersion], nextDue: (consultation: String, at: Date?)?, now: Date,
        audit: (Int) -> AuditNote?
    ) throws -> Int
    /// The dialogue as an invitation version described it.
    func invitation(consultation: String, dialogue: String, sequence: Int) throws -> InvitationVersion?
    /// The goal areas a body has answered in a round.
    func answeredAreas(consultation: String, body: String, areas: [Int]) throws -> Set<Int>
    /// The Message-ID of a body's mailout, for threading reminders under it.
    func mailoutMessageID(consultation: String, body: String) throws -> String?
}

/// What comes back: imported messages and rows, answers recorded by hand, assignments, and where a round stands.
public protocol AnswerStore: Sendable {
    /// Imports items in one transaction: each once, each with its register number on arrival.
    func importItems(_ items: [ImportItem], now: Date, audit: ([ImportOutcome]) -> [AuditNote]) throws -> [ImportOutcome]
    /// What the reply matcher needs: the Message-IDs and reply tokens sent, by round and body.
    func sentMessageIndex() throws -> (messages: [String: RoundBody], tokens: [String: RoundBody])
    /// Whether a delivery with this VERP token exists.
    func deliveryTokenExists(_ token: String) throws -> Bool
    /// Imported messages that matched nothing, oldest first.
    func unmatched() throws -> [UnmatchedMessage]
    /// The raw bytes of a message that can be assigned by hand.
    func assignableRaw(_ key: String) throws -> (raw: Data, sentAt: Date?, source: String, sender: String?)?
    /// Assigns a message to a round and body by hand; returns its register number as written.
    func assign(
        _ key: String, to match: RoundBody, late: Bool, contributions: [Contribution], review: [ReviewNote], now: Date,
        audit: (String) -> AuditNote
    ) throws -> String
    /// Undoes an assignment; returns the body it was assigned to.
    func unassign(_ key: String, now: Date, audit: (RoundBody) -> AuditNote) throws -> RoundBody
    /// A remembered value of a poller, e.g. `imap:INBOX`.
    func importState(_ name: String) throws -> String?
    /// Remembers a value of a poller.
    func setImportState(_ name: String, _ value: String) throws
    /// Records an answer given by hand, or a correction; returns the register number of a new answer.
    func recordAnswer(_ answer: ManualAnswer, now: Date, audit: (String?) -> AuditNote) throws -> String?
    /// What a person should look at in a round.
    func reviewItems(consultation: String) throws -> [ReviewItem]
    /// Every response of a round that counts, with its contributions.
    func responses(consultation: String) throws -> [Response]
    /// Every response of a body in a round, withdrawn ones and corrections included.
    func responses(consultation: String, body: String) throws -> [Response]
    /// Where a round stands at a moment: the mailout per body and the answers per goal area.
    func status(of stored: StoredConsultation, now: Date) throws -> ConsultationStatus
}

/// The public-records register (diarium) and the audit trail.
public protocol RegisterStore: Sendable {
    /// The register of a round, in number order.
    func register(consultation: String) throws -> [RegisterEntry]
    /// The audit trail, of one round or of everything, oldest first.
    func auditTrail(consultation: String?) throws -> [AuditEntry]
}

/// The answer portal: links, drafts, submissions and the coordinators who may log in.
public protocol PortalStore: Sendable {
    /// Records a link a message carries, by the SHA-256 of its token.
    func addPortalLink(_ match: RoundBody, tokenSHA256: String, messageID: String?, now: Date) throws
    /// The link with a token's SHA-256, or nil.
    func portalLink(tokenSHA256: String) throws -> PortalLink?
    /// What a link's page needs, in one read; nil for a token no message carried.
    func portalPage(tokenSHA256: String, history: Bool) throws -> PortalPageFacts?
    /// Revokes every link of a body in a round; returns how many were revoked.
    @discardableResult
    func revokePortalLinks(_ match: RoundBody, now: Date, audit: (Int) -> AuditNote?) throws -> Int
    /// The body's revocation whose new link no message has carried yet, if any.
    func pendingPortalRevocation(_ match: RoundBody) throws -> Int64?
    /// Queues the message that carries a body's new link after a revocation; returns whether it was new.
    func queuePortalLink(_ message: QueuedMessage, revocation: Int64, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool
    /// Keeps a body's draft, replacing the one before.
    func savePortalDraft(_ match: RoundBody, form: PortalForm, now: Date) throws
    /// Records a body's answer from the portal with its receipt and audit entry; returns its key and register number.
    func recordPortalAnswer(
        _ answer: PortalAnswer, receipt: (_ key: String, _ registration: String) throws -> QueuedMessage, now: Date,
        audit: (String) -> AuditNote
    ) throws -> (key: String, registration: String)
    /// A body's submissions in the portal, oldest first.
    func portalSubmissions(_ match: RoundBody) throws -> [PortalSubmission]
    /// The submission with a key (`portal:…`), or nil.
    func portalSubmission(key: String) throws -> PortalSubmission?
    /// Adds a coordinator, or sets a new password for one; returns whether the name was new.
    @discardableResult
    func setCoordinator(_ name: String, passwordHash: String, now: Date, audit: (Bool) -> AuditNote?) throws -> Bool
    /// The password hash of a coordinator, or nil.
    func coordinatorPasswordHash(_ name: String) throws -> String?
}

/// Everything Samråd keeps: what a workspace's database is, whichever database carries it out.
public typealias Store = RegistryStore & RoundStore & Ledger & ScheduleStore & AnswerStore & RegisterStore & PortalStore

extension AppDatabase: RegistryStore, RoundStore, Ledger, ScheduleStore, AnswerStore, RegisterStore, PortalStore {}
