import Foundation
import SamradCore
import SamradImport
import SamradMail
import SamradStore

/// A body's answer through its own link in the answer portal: its page, its draft, and its submissions, each of
/// which is registered, counted like any other answer and confirmed by a receipt through the ledger.
///
/// ```swift
/// let answers = PortalAnswers(workspace, attachmentFolder: folder)
/// guard case .page(let page) = try answers.access(token) else { return }
/// let receipt = try answers.submit(page, form: form, upload: nil)
/// _ = try answers.deliverReceipts()
/// ```
public struct PortalAnswers: Sendable {
    let workspace: Workspace
    let attachments: AttachmentStore

    /// Creates the use case; uploaded documents go to the attachment folder, by content.
    public init(_ workspace: Workspace, attachmentFolder: URL) {
        self.workspace = workspace
        self.attachments = AttachmentStore(folder: attachmentFolder)
    }

    /// The receipt's key in the ledger is this prefix and the submission's key.
    static let receiptKeyPrefix = "portal-receipt."

    /// The largest document a body may upload.
    public static let documentLimit = 20 * 1024 * 1024
    /// The longest text a field takes.
    public static let textLimit = 20_000
    /// The longest name or role.
    public static let nameLimit = 200

    /// What a link opens.
    public enum Access: Sendable {
        /// The body's page: open for answers, or closed with what was sent.
        case page(BodyPage)
        /// The link was replaced by a newer one.
        case revoked
        /// The round was closed by the coordinator.
        case roundClosed
        /// No message carried such a link.
        case unknown
    }

    /// What a body's page shows.
    public struct BodyPage: Sendable {
        /// The round.
        public var round: Consultation
        /// The body.
        public var body: Body
        /// What the form holds: the draft, else the latest submission, else nothing.
        public var form: PortalForm
        /// When the draft was saved, when the form holds one.
        public var draftSavedAt: Date?
        /// What the body sent before, oldest first.
        public var submissions: [PortalSubmission]
        /// Whether the page takes answers now.
        public var open: Bool
        /// Whether an answer now is late (after the deadline, in a round with `late_answers: true`).
        public var late: Bool
        /// The dialogues the body is invited to.
        public var dialogues: [Dialogue]
        /// The file names of the round's documents, in the order the mailout attaches them.
        public var documents: [String]
    }

    /// A field the body must correct, with the message to show beside it (Swedish).
    public struct FieldError: Sendable, Equatable, Error {
        /// The field's id on the page, e.g. `omrade-2-text`.
        public var field: String
        /// What to correct.
        public var message: String

        /// Creates an error.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// Why a submission or draft was not taken: the fields to correct.
    public struct Refusal: Error, Sendable {
        /// The fields, in the page's order.
        public var errors: [FieldError]
    }

    /// What a link opens now; with `history: false` the page holds only the body's latest submission.
    public func access(_ token: Substring, history: Bool = true) throws -> Access {
        guard PortalTokens.isWellFormed(token),
            let facts = try workspace.database.portalPage(tokenSHA256: PortalTokens.digest(token), history: history)
        else { return .unknown }
        if facts.link.revokedAt != nil { return .revoked }
        guard let stored = facts.round else { return .unknown }
        if stored.closedAt != nil || !stored.consultation.portal { return .roundClosed }
        guard let body = facts.body else { return .unknown }
        let round = stored.consultation
        let past = workspace.now() >= round.deadlineInstant
        let open = !past || round.lateAnswers
        let form = (open ? facts.draft?.form : nil) ?? facts.submissions.last?.form ?? PortalForm.empty(for: round)
        return .page(
            BodyPage(
                round: round, body: body, form: form, draftSavedAt: open ? facts.draft?.savedAt : nil, submissions: facts.submissions,
                open: open, late: past && open, dialogues: round.dialogues.filter { $0.participants.contains(body.id) },
                documents: round.mailout.attachments.map { URL(fileURLWithPath: $0).lastPathComponent }))
    }

    /// Refuses a page that takes no answers.
    func requireOpen(_ page: BodyPage) throws {
        guard page.open else { throw Refusal(errors: [FieldError(field: "", message: "Remissen tar inte längre emot svar.")]) }
    }

    /// Keeps what the body has filled in so far on the page its link opened; nothing is registered or counted.
    public func saveDraft(_ page: BodyPage, form: PortalForm, upload: Upload?) throws -> Date {
        try requireOpen(page)
        var form = try checked(form, round: page.round, requireRespondent: false)
        if let upload { form.document = try store(upload) } else if form.document == nil { form.document = page.form.document }
        let now = workspace.now()
        try workspace.database.savePortalDraft(RoundBody(consultation: page.round.id, body: page.body.id), form: form, now: now)
        return now
    }

    /// A document a body uploads: its name as sent and its bytes.
    public struct Upload: Sendable {
        /// The file name the browser sent (only shown, never used as a path).
        public var filename: String
        /// The bytes.
        public var data: Data

        /// Creates an upload.
        public init(filename: String, data: Data) {
            self.filename = filename
            self.data = data
        }
    }

    /// What a submission did.
    public struct Receipt: Sendable {
        /// The submission.
        public var submission: PortalSubmission
        /// The receipt's recipients.
        public var recipients: [EmailAddress]
    }

    /// Registers the body's answer given on the page its link opened, counts it, and records its receipt in the
    /// ledger (``deliverReceipts()`` sends it); refuses, changing nothing, what must be corrected first.
    public func submit(_ page: BodyPage, form: PortalForm, upload: Upload?) throws -> Receipt {
        try requireOpen(page)
        var form = try checked(form, round: page.round, requireRespondent: true)
        if let upload { form.document = try store(upload) } else if form.document == nil { form.document = page.form.document }
        if form.isEmpty {
            throw Refusal(errors: [
                FieldError(
                    field: page.round.goalAreas.first.map { "omrade-\($0.id)-\(Stance.portalChoices[0].rawValue)" } ?? "allmant",
                    message: "Ta ställning till minst ett målområde, skriv en synpunkt eller bifoga ert beslut.")
            ])
        }
        let round = page.round
        guard let template = Self.receiptTemplate else {
            throw SamradError(.software, "the bundled template 'kvitto' is missing from this installation of samrad")
        }
        // Only the Message-ID, subject and recipients are made here: the receipt is rendered when it is delivered.
        let composer = MessageComposer(consultation: round, template: template, attachments: [])
        let match = RoundBody(consultation: round.id, body: page.body.id)
        let now = workspace.now()
        let answer = PortalAnswer(
            match: match, form: form, date: now, late: now >= round.deadlineInstant, subject: "Svar via svarsportalen",
            contributions: Self.contributions(form, round: round, before: page.submissions.last?.form))
        let recipients = page.body.recipients
        let (key, registration) = try workspace.database.recordPortalAnswer(
            answer,
            receipt: { key, registration in
                QueuedMessage(
                    consultationID: round.id, bodyID: page.body.id, kind: .notice, key: Self.receiptKeyPrefix + key,
                    messageID: composer.newMessageID(body: page.body.id, key: "kvitto"),
                    subject: composer.receiptSubject(registration: registration), date: now,
                    recipients: recipients,
                    purpose: String(
                        decoding: try JSONEncoder().encode(PlannedSend.Purpose.notice(template: "kvitto", attachments: [])), as: UTF8.self))
            }, now: now,
            audit: { registration in
                AuditNote(
                    command: "portal", consultation: round.id,
                    detail: "\(page.body.id) answered in the portal, registered as \(registration)"
                        + (answer.late ? " (late)" : "") + (form.document.map { ", with \($0.filename)" } ?? ""),
                    user: "portal:\(page.body.id)", at: now)
            })
        let submission = PortalSubmission(key: key, match: match, registration: registration, date: now, late: answer.late, form: form)
        return Receipt(submission: submission, recipients: recipients.map(\.address))
    }

    /// The receipt template, read once.
    static let receiptTemplate = try? MessageTemplates.bundled("kvitto")

    /// Delivers every due notice of the open rounds (the receipts just recorded among them) through the ledger, as
    /// `notify` and `remind` do; what cannot go now stays queued for the next run.
    public func deliverReceipts() throws -> SendReport {
        var options = DeliveryRunner.Options(consultation: nil, kinds: [.notice])
        options.connections = 1
        let renderer = try MessageRenderer(workspace)
        return try DeliveryRunner(workspace).run(
            options, render: renderer.render,
            sender: { delivery in
                // A message is rendered, and its round's composer read, before it is sent.
                (try? renderer.composer(for: delivery.message.consultationID))?.envelopeSender(token: delivery.token)
                    ?? delivery.recipient
            })
    }

    /// What a form gives on each goal area: a stance chosen (with its text), a text without a stance, or, for an area
    /// the body's last submission spoke to and this one leaves blank, a clearing of its stance: the latest answer counts.
    static func contributions(_ form: PortalForm, round: Consultation, before: PortalForm?) -> [Contribution] {
        var result: [Contribution] = []
        if !form.general.isEmpty {
            result.append(Contribution(goalArea: nil, stance: .unstated, text: form.general))
        }
        for area in round.goalAreas {
            let answer = form.area(area.id)
            let text = answer?.text ?? ""
            if let stance = answer?.stance {
                let clause = text.isEmpty ? stance.portalLabel : "\(stance.portalLabel): \(text.prefix(280))"
                result.append(
                    Contribution(goalArea: area.id, stance: stance, text: text, evidence: Evidence(clause: clause, rule: .portal)))
            } else if !text.isEmpty {
                result.append(
                    Contribution(
                        goalArea: area.id, stance: .unstated, text: text,
                        evidence: Evidence(clause: String(text.prefix(280)), rule: .portal)))
            } else if let earlier = before?.area(area.id), earlier.stance != nil || !earlier.text.isEmpty {
                result.append(
                    Contribution(
                        goalArea: area.id, stance: nil, text: "", evidence: Evidence(clause: "Lämnades tomt i svarsportalen", rule: .portal)
                    ))
            }
        }
        return result
    }

    /// The form with its texts trimmed and checked against the limits and the round's areas.
    func checked(_ form: PortalForm, round: Consultation, requireRespondent: Bool) throws -> PortalForm {
        var errors: [FieldError] = []
        func clean(_ text: String, field: String, label: String, limit: Int) -> String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > limit {
                errors.append(FieldError(field: field, message: "\(label) är för lång: högst \(limit) tecken."))
            }
            return trimmed
        }
        var result = PortalForm(areas: [])
        for area in round.goalAreas {
            let given = form.area(area.id)
            result.areas.append(
                PortalForm.Area(
                    id: area.id, stance: given?.stance.flatMap { Stance.portalChoices.contains($0) ? $0 : nil },
                    text: clean(
                        given?.text ?? "", field: "omrade-\(area.id)-text", label: "Texten om målområde \(area.id)", limit: Self.textLimit))
            )
        }
        result.general = clean(form.general, field: "allmant", label: "Den allmänna synpunkten", limit: Self.textLimit)
        result.respondent = clean(form.respondent, field: "namn", label: "Namnet", limit: Self.nameLimit)
        result.role = clean(form.role, field: "roll", label: "Rollen", limit: Self.nameLimit)
        result.document = form.document
        if requireRespondent && result.respondent.isEmpty {
            errors.append(FieldError(field: "namn", message: "Skriv vem som svarar."))
        }
        if !errors.isEmpty { throw Refusal(errors: errors) }
        return result
    }

    /// Stores an uploaded document after checking by its content that it is a PDF, DOCX or ODT file of at most the limit.
    func store(_ upload: Upload) throws -> AttachmentRecord {
        guard upload.data.count <= Self.documentLimit else {
            throw Refusal(errors: [
                FieldError(field: "dokument", message: "Filen är för stor: högst \(Self.documentLimit / 1024 / 1024) MB.")
            ])
        }
        guard let kind = DocumentKind(content: upload.data) else {
            throw Refusal(errors: [
                FieldError(
                    field: "dokument", message: "Filen är inte en PDF-, DOCX- eller ODT-fil. Bifoga beslutet i något av de formaten.")
            ])
        }
        // The name shown is the sender's, cut to a plain file name with the extension the content has.
        let name = DocumentKind.displayName(upload.filename, kind: kind)
        do {
            return try attachments.put(MailAttachment(filename: name, contentType: kind.contentType, data: upload.data))
        } catch {
            throw SamradError(.configuration, "\(error)")
        }
    }

    /// A document of the round (one the mailout attaches) for a body's page to offer for download.
    public func roundDocument(_ token: Substring, index: Int) throws -> (filename: String, contentType: String, data: Data)? {
        guard case .page(let page) = try access(token), page.round.mailout.attachments.indices.contains(index) else { return nil }
        let stored = try ConsultationRegistrar.stored(page.round.id, in: workspace.database)
        let url = URL(fileURLWithPath: stored.sourcePath).deletingLastPathComponent().appendingPathComponent(
            page.round.mailout.attachments[index])
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return (url.lastPathComponent, MessageRenderer.contentType(of: url.pathExtension), data)
    }

    /// The round's calendar (dialogues, deadline, milestones) for a body's page.
    public func calendar(_ token: Substring) throws -> String? {
        guard case .page(let page) = try access(token) else { return nil }
        return try RoundCalendar(workspace).publish(page.round.id)
    }
}
