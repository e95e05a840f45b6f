import Foundation
import SamradCore
import SamradStore
import Synchronization
import Testing

/// What comes back — imported messages and rows, answers by hand, assignments, the portal — one suite for both
/// stores. Each case starts its own database (a temporary SQLite file, or a PostgreSQL cluster of its own).
@Suite("Answers, import and portal on every store", .serialized)
struct AnswerConformanceTests {
    typealias Store = any Ledger & RegisterStore & AnswerStore & PortalStore

    static let now = LedgerSubject.now
    static let round = LedgerSubject.round

    /// The subject's store with the answers and the portal.
    static func store(_ subject: LedgerSubject) throws -> Store {
        try #require(subject.store as? Store)
    }

    static func reply(
        _ key: String, from body: String, stance: Stance = .supports, area: Int = 1, raw: String = "Vi tillstyrker.",
        review: [ReviewNote] = []
    ) -> ImportItem {
        ImportItem(
            record: IncomingRecord(
                key: key, kind: .reply, match: RoundBody(consultation: round, body: body), matchedBy: .inReplyTo,
                sender: "\(body.lowercased())@kommun.example", subject: "Sv: Begäran om synpunkter", sentAt: now,
                source: "inbox.mbox:\(key)", raw: Data(raw.utf8)),
            contributions: [Contribution(goalArea: area, stance: stance, text: raw)], review: review)
    }

    static func stray(_ key: String, candidates: [String] = []) -> ImportItem {
        ImportItem(
            record: IncomingRecord(
                key: key, kind: .unmatched, match: nil, matchedBy: nil, sender: "okand@foretag.example", subject: "Synpunkter",
                sentAt: now, source: "inbox.mbox:\(key)", raw: Data("Hej! Vi har synpunkter.".utf8), note: "no rule matched",
                candidates: candidates))
    }

    static func note(_ command: String, _ detail: String) -> AuditNote {
        AuditNote(command: command, consultation: round, detail: detail, user: "handläggare", at: now)
    }

    static func importNotes(_ outcomes: [ImportOutcome]) -> [AuditNote] {
        outcomes.compactMap { outcome in
            guard case .imported(let kind, let registration) = outcome else { return nil }
            return note("import", "\(kind.rawValue) \(registration)")
        }
    }

    @Test(arguments: Backend.allCases)
    func anImportIsAllOrNothingAndADuplicateAddsNothing(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)

        let first = try store.importItems(
            [Self.reply("<a1@b1.example>", from: "B1"), Self.stray("<s1@x.example>", candidates: ["B2", "B3"])], now: Self.now,
            audit: Self.importNotes)
        #expect(first == [.imported(kind: .reply, registration: "KS 2019/017-1"), .imported(kind: .unmatched, registration: "INK 2019-1")])

        // A batch with an item the database refuses (a body the registry does not have) leaves nothing, and takes no
        // number.
        #expect(throws: (any Error).self) {
            try store.importItems(
                [Self.reply("<a2@b2.example>", from: "B2"), Self.reply("<x@nope.example>", from: "NOPE")], now: Self.now,
                audit: Self.importNotes)
        }
        #expect(try subject.count("SELECT count(*) FROM incoming") == 2)
        #expect(try subject.count("SELECT count(*) FROM response") == 1)

        // Seen before, in an earlier import or earlier in the same one: nothing is added.
        let again = try store.importItems(
            [
                Self.reply("<a1@b1.example>", from: "B1"), Self.reply("<a2@b2.example>", from: "B2"),
                Self.reply("<a2@b2.example>", from: "B2"),
            ],
            now: Self.now, audit: Self.importNotes)
        #expect(again == [.duplicate, .imported(kind: .reply, registration: "KS 2019/017-2"), .duplicate])

        // Provenance is kept: the sender, the source, the raw bytes, the candidates.
        let unmatched = try store.unmatched()
        #expect(unmatched.map(\.messageID) == ["<s1@x.example>"])
        #expect(unmatched.first?.registration == "INK 2019-1" && unmatched.first?.candidates == ["B2", "B3"])
        #expect(unmatched.first?.sender == "okand@foretag.example" && unmatched.first?.source == "inbox.mbox:<s1@x.example>")
        #expect(unmatched.first?.reason == "no rule matched")
        let raw = try #require(try store.assignableRaw("<s1@x.example>"))
        #expect(String(decoding: raw.raw, as: UTF8.self) == "Hej! Vi har synpunkter.")
        #expect(raw.sentAt == Self.now && raw.sender == "okand@foretag.example")

        let responses = try store.responses(consultation: Self.round)
        #expect(responses.map(\.body) == ["B1", "B2"])
        #expect(responses.map(\.registration) == ["KS 2019/017-1", "KS 2019/017-2"])
        #expect(responses.first?.contributions == [Contribution(goalArea: 1, stance: .supports, text: "Vi tillstyrker.")])
        #expect(responses.allSatisfy { $0.kind == .mail && $0.receivedAt == Self.now && !$0.late })

        // The register has the messages in, in the round's series and the general one.
        let register = try store.register(consultation: Self.round)
        #expect(register.map(\.registration) == ["KS 2019/017-1", "KS 2019/017-2"])
        #expect(register.allSatisfy { $0.direction == .incoming && $0.state == "registered" })
        #expect(
            try store.auditTrail(consultation: Self.round).map(\.detail) == [
                "reply KS 2019/017-1", "unmatched INK 2019-1", "reply KS 2019/017-2",
            ])

        #expect(try store.importState("imap:INBOX") == nil)
        try store.setImportState("imap:INBOX", "1700000000:41")
        try store.setImportState("imap:INBOX", "1700000000:42")
        #expect(try store.importState("imap:INBOX") == "1700000000:42")
    }

    @Test(arguments: Backend.allCases)
    func aBounceFailsItsDeliveryAndTheIndexFindsWhatWasSent(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = try Self.store(subject)
        try store.queue([try LedgerSubject.message("B1")], now: Self.now, audit: { _ in nil })
        let delivery = try #require(try store.deliveries(consultation: Self.round).first)
        #expect(try store.deliveryTokenExists(delivery.token.uppercased()))
        #expect(try !store.deliveryTokenExists("0000000000000000"))
        let index = try store.sentMessageIndex()
        #expect(index.messages["mal-2019.B1.mailout@kommun.example"] == RoundBody(consultation: Self.round, body: "B1"))
        #expect(index.tokens.values.map(\.body) == ["B1"])

        let bounce = ImportItem(
            record: IncomingRecord(
                key: "<dsn@mx.example>", kind: .bounce, match: nil, matchedBy: nil, sender: "mailer-daemon@mx.example",
                subject: "Undelivered", sentAt: Self.now, source: "bounces.mbox:1", raw: nil),
            bounce: .token(delivery.token, reason: "550 no such user"))
        #expect(
            try store.importItems([bounce], now: Self.now, audit: { _ in [] }) == [.imported(kind: .bounce, registration: "KS 2019/017-2")])
        let after = try store.deliveries(consultation: Self.round)
        #expect(after.first { $0.id == delivery.id }?.state == .failed)
        #expect(after.first { $0.id == delivery.id }?.reply == "bounced: 550 no such user")
    }

    @Test(arguments: Backend.allCases)
    func concurrentImportersKeepTheSeriesGapFreeAndImportEachMessageOnce(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 8)
        defer { subject.remove() }
        let stores = try (0..<8).map { _ in try #require(try subject.reopen() as? Store) }
        let importers = 8
        let batches = 4
        let refused = Atomic<Int>(0)
        let imported = Atomic<Int>(0)
        let failures = Mutex<[String]>([])
        runOnThreads(importers) { importer in
            do {
                let body = "B\(importer + 1)"
                for batch in 0..<batches {
                    // Two of its own, one every importer races for (it is imported once), and one of no known round,
                    // numbered in the year's general series.
                    let outcomes = try stores[importer].importItems(
                        [
                            Self.reply("<\(body)-\(batch)-a@kommun.example>", from: body),
                            Self.stray("<\(body)-\(batch)-s@kommun.example>"),
                            Self.reply("<\(body)-\(batch)-b@kommun.example>", from: body),
                            Self.reply("<shared-\(batch)@kommun.example>", from: "B1"),
                        ], now: Self.now, audit: Self.importNotes)
                    imported.add(outcomes.filter { $0 != .duplicate }.count, ordering: .relaxed)
                    // A batch the database refuses takes no number.
                    do {
                        _ = try stores[importer].importItems(
                            [
                                Self.stray("<\(body)-\(batch)-y@kommun.example>"),
                                Self.reply("<\(body)-\(batch)-x@kommun.example>", from: body),
                                Self.reply("<no-\(body)>", from: "NOPE"),
                            ],
                            now: Self.now, audit: Self.importNotes)
                    } catch {
                        refused.add(1, ordering: .relaxed)
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(refused.load(ordering: .relaxed) == importers * batches)
        let expected = importers * batches * 2 + batches
        let strays = importers * batches
        #expect(imported.load(ordering: .relaxed) == expected + strays)
        let register = try stores[0].register(consultation: Self.round)
        #expect(register.map(\.number) == Array(1...expected))
        #expect(try stores[0].unmatched().compactMap(\.registration).sorted() == (1...strays).map { "INK 2019-\($0)" }.sorted())
        #expect(try subject.count("SELECT count(*) FROM incoming") == expected + strays)
        #expect(try subject.count("SELECT count(*) FROM response") == expected)
        #expect(try stores[0].auditTrail(consultation: Self.round).count == expected + strays)
    }

    @Test(arguments: Backend.allCases)
    func anAssignmentMakesAResponseAndUndoingItKeepsItAsHistory(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)
        _ = try store.importItems([Self.stray("<s1@x.example>")], now: Self.now, audit: { _ in [] })
        #expect(throws: (any Error).self) {
            try store.assign(
                "<unknown@x.example>", to: RoundBody(consultation: Self.round, body: "B2"), late: false, contributions: [], review: [],
                now: Self.now, audit: { Self.note("assign", $0) })
        }

        let later = Self.now.addingTimeInterval(3600)
        let note = ReviewNote(kind: .areaWithoutStance, area: 2, detail: "goal area 2 is named, but no stance could be read for it")
        let registration = try store.assign(
            "<s1@x.example>", to: RoundBody(consultation: Self.round, body: "B2"), late: true,
            contributions: [Contribution(goalArea: 1, stance: .opposes, text: "Vi avstyrker.")], review: [note], now: later,
            audit: { Self.note("assign", "assigned \($0)") })
        #expect(registration == "INK 2019-1")
        #expect(try store.unmatched().isEmpty)
        let responses = try store.responses(consultation: Self.round)
        #expect(responses.map(\.body) == ["B2"])
        #expect(responses.first?.late == true && responses.first?.registration == "INK 2019-1" && responses.first?.recordedAt == later)
        let review = try store.reviewItems(consultation: Self.round)
        #expect(review.map(\.kind) == [.areaWithoutStance])
        #expect(review.first?.body == "B2" && review.first?.message == "<s1@x.example>" && review.first?.resolved == false)

        #expect(
            try store.unassign("<s1@x.example>", now: later, audit: { Self.note("unassign", $0.body) })
                == RoundBody(consultation: Self.round, body: "B2"))
        #expect(try store.responses(consultation: Self.round).isEmpty)
        let history = try store.responses(consultation: Self.round, body: "B2")
        #expect(history.count == 1 && history.first?.withdrawnAt == later)
        #expect(try store.unmatched().map(\.reason) == ["assigned to B2 by hand, then unassigned"])
        // The note of a withdrawn response is no longer shown; the message waits in the review list again.
        #expect(try store.reviewItems(consultation: Self.round).map(\.kind) == [.unmatched])
        #expect(throws: (any Error).self) { try store.unassign("<s1@x.example>", now: later, audit: { Self.note("unassign", $0.body) }) }
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["assigned INK 2019-1", "B2"])
    }

    @Test(arguments: Backend.allCases)
    func anAnswerByHandThenACorrectionKeepsTheEarlierReadingAsHistory(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)
        let b1 = RoundBody(consultation: Self.round, body: "B1")
        let letter = AttachmentRecord(
            sha256: String(repeating: "ab", count: 32), path: "ab/brev.pdf", filename: "brev.pdf", contentType: "application/pdf",
            size: 1234)
        let registration = try store.recordAnswer(
            ManualAnswer(
                match: b1, kind: .manual, source: "brev", date: Self.now, late: false,
                contributions: [Contribution(goalArea: 1, stance: .supports, text: "Tillstyrks.")], document: letter),
            now: Self.now, audit: { Self.note("answer", $0 ?? "correction") })
        #expect(registration == "KS 2019/017-1")
        let later = Self.now.addingTimeInterval(86400)
        let correction = try store.recordAnswer(
            ManualAnswer(
                match: b1, kind: .correction, source: nil, date: later, late: false,
                contributions: [Contribution(goalArea: 1, stance: .opposes, text: "Rättat: avstyrks.")]),
            now: later, audit: { Self.note("answer", $0 ?? "correction") })
        #expect(correction == nil)

        let responses = try store.responses(consultation: Self.round, body: "B1")
        #expect(responses.map(\.kind) == [.manual, .correction])
        #expect(responses.map(\.registration) == ["KS 2019/017-1", nil])
        #expect(responses.map(\.source) == ["samrad answer (brev)", "samrad answer (rättelse)"])
        #expect(responses.last?.contributions.first?.stance == .opposes)
        #expect(try subject.count("SELECT count(*) FROM attachment") == 1)
        #expect(try store.register(consultation: Self.round).map(\.subject) == ["brev.pdf"])
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["KS 2019/017-1", "correction"])
    }

    @Test(arguments: Backend.allCases)
    func theStatusAfterAnImportCountsTheAnswers(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)
        try store.queue(try ["B1", "B2", "B3"].map { try LedgerSubject.message($0) }, now: Self.now, audit: { _ in nil })
        let claim = try store.claimDeliveries(
            DueDeliveries(consultation: Self.round, includeDeferred: false), now: Self.now, lease: 60, limit: 10)
        for delivery in claim.deliveries {
            try store.record(.sent(reply: "250 ok"), delivery: delivery.id, claim: claim.token, now: Self.now)
        }
        let note = ReviewNote(kind: .areaWithoutStance, area: 2, detail: "goal area 2 is named, but no stance could be read for it")
        _ = try store.importItems(
            [Self.reply("<a1@b1.example>", from: "B1"), Self.reply("<a2@b2.example>", from: "B2", stance: .opposes, review: [note])],
            now: Self.now, audit: { _ in [] })

        let stored = StoredConsultation(
            consultation: try LedgerSubject.consultation(), revision: 1, sourcePath: "/r.yaml", createdAt: Self.now, updatedAt: Self.now,
            closedAt: nil)
        let status = try store.status(of: stored, now: Self.now.addingTimeInterval(60))
        #expect(status.rows.map(\.id) == ["B1", "B2", "B3"])
        #expect(status.rows.map(\.delivery) == [.sent, .sent, .sent])
        #expect(status.rows.map { $0.answers["1"] } == [.supports, .opposes, nil])
        #expect(status.totals.recipients == 3 && status.totals.sent == 3)
        #expect(status.totals.answered == 0 && status.totals.partlyAnswered == 2)

        // A review note stands until a person records the body's answer on its area.
        #expect(try store.reviewItems(consultation: Self.round).map(\.resolved) == [false])
        _ = try store.recordAnswer(
            ManualAnswer(
                match: RoundBody(consultation: Self.round, body: "B2"), kind: .correction, source: nil,
                date: Self.now.addingTimeInterval(60),
                late: false, contributions: [Contribution(goalArea: 2, stance: .neutral, text: "Neutral.")]),
            now: Self.now.addingTimeInterval(60), audit: { _ in Self.note("answer", "correction") })
        #expect(try store.reviewItems(consultation: Self.round).map(\.resolved) == [true])
    }

    @Test(arguments: Backend.allCases)
    func aPortalLinkLeadsToADraftAndASubmissionWithItsReceipt(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)
        let b1 = RoundBody(consultation: Self.round, body: "B1")
        let token = String(repeating: "7f", count: 32)
        try store.addPortalLink(b1, tokenSHA256: token, messageID: "mal-2019.B1.mailout@kommun.example", now: Self.now)
        #expect(try store.portalLink(tokenSHA256: token) == PortalLink(match: b1, revokedAt: nil))
        #expect(try store.portalLink(tokenSHA256: "00") == nil)
        #expect(try store.portalPage(tokenSHA256: "00", history: false) == nil)

        let page = try #require(try store.portalPage(tokenSHA256: token, history: false))
        #expect(page.round?.consultation.id == Self.round && page.round?.revision == 1)
        #expect(page.body?.name == "Nämnd B1" && page.body?.contacts.map(\.email.description) == ["sek.b1@kommun.example"])
        #expect(page.submissions.isEmpty && page.draft == nil)

        let draft = PortalForm(areas: [.init(id: 1, stance: .supports, text: "Bra.")], general: "Utkast", respondent: "Sekreterare B1")
        try store.savePortalDraft(b1, form: draft, now: Self.now)
        let newer = PortalForm(
            areas: [.init(id: 1, stance: .supports, text: "Mycket bra.")], respondent: "Sekreterare B1", role: "sekreterare")
        try store.savePortalDraft(b1, form: newer, now: Self.now.addingTimeInterval(10))
        let saved = try #require(try store.portalPage(tokenSHA256: token, history: false)?.draft)
        #expect(saved.form == newer && saved.savedAt == Self.now.addingTimeInterval(10))

        let answer = PortalAnswer(
            match: b1, form: newer, date: Self.now.addingTimeInterval(20), late: false, subject: "Svar via svarsportalen",
            contributions: [Contribution(goalArea: 1, stance: .supports, text: "Mycket bra.")])
        let submitted = try store.recordPortalAnswer(
            answer,
            receipt: { key, registration in
                QueuedMessage(
                    consultationID: Self.round, bodyID: "B1", kind: .notice, key: "receipt-\(key)", messageID: "\(key)@kommun.example",
                    subject: "Kvitto \(registration)", date: Self.now,
                    recipients: [Recipient(address: try EmailAddress("sek.b1@kommun.example"), role: .to)])
            }, now: Self.now.addingTimeInterval(20), audit: { Self.note("portal", "answered \($0)") })
        #expect(submitted.key.hasPrefix("portal:") && submitted.registration == "KS 2019/017-1")
        // The receipt is in the ledger, queued, with the round's next number.
        let receipts = try store.messages(consultation: Self.round, kind: .notice)
        #expect(receipts.map(\.subject) == ["Kvitto KS 2019/017-1"])
        #expect(try store.deliveries(consultation: Self.round).map(\.state) == [.queued])
        #expect(try store.register(consultation: Self.round).map(\.registration) == ["KS 2019/017-1", "KS 2019/017-2"])

        let after = try #require(try store.portalPage(tokenSHA256: token, history: true))
        #expect(after.draft == nil)
        #expect(after.submissions.map(\.registration) == ["KS 2019/017-1"])
        #expect(after.submissions.first?.form == newer && after.submissions.first?.date == Self.now.addingTimeInterval(20))
        #expect(try store.portalSubmissions(b1).map(\.key) == [submitted.key])
        #expect(try store.portalSubmission(key: submitted.key)?.match == b1)
        #expect(try store.portalSubmission(key: "portal:none") == nil)
        #expect(try store.responses(consultation: Self.round).map(\.kind) == [.portal])
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["answered KS 2019/017-1"])
    }

    @Test(arguments: Backend.allCases)
    func aRevokedLinkOpensNothingUntilANewOneIsQueued(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend)
        defer { subject.remove() }
        let store = try Self.store(subject)
        let b2 = RoundBody(consultation: Self.round, body: "B2")
        try store.addPortalLink(b2, tokenSHA256: "aa", messageID: nil, now: Self.now)
        try store.addPortalLink(b2, tokenSHA256: "bb", messageID: nil, now: Self.now)
        #expect(try store.pendingPortalRevocation(b2) == nil)
        let later = Self.now.addingTimeInterval(60)
        #expect(try store.revokePortalLinks(b2, now: later, audit: { Self.note("portal revoke", "revoked \($0)") }) == 2)
        #expect(try store.portalLink(tokenSHA256: "aa")?.revokedAt == later)
        let page = try #require(try store.portalPage(tokenSHA256: "bb", history: false))
        #expect(page.link.revokedAt == later && page.round == nil && page.body == nil)
        let revocation = try #require(try store.pendingPortalRevocation(b2))
        #expect(
            try store.queuePortalLink(
                try LedgerSubject.message("B2", key: "portal-link-1", kind: .notice), revocation: revocation, now: later,
                audit: { Self.note("resend", $0 ? "queued" : "known") }))
        #expect(try store.pendingPortalRevocation(b2) == nil)
        #expect(try store.messages(consultation: Self.round, kind: .notice).map(\.key) == ["portal-link-1"])
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["revoked 2", "queued"])
    }

    @Test(arguments: Backend.allCases)
    func aCoordinatorsPasswordSetTwiceKeepsTheNewOne(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = try Self.store(subject)
        #expect(try store.coordinatorPasswordHash("anna") == nil)
        #expect(
            try store.setCoordinator(
                "anna", passwordHash: "$2b$12$first", now: Self.now, audit: { Self.note("coordinator", $0 ? "added" : "changed") }))
        #expect(
            try !store.setCoordinator(
                "anna", passwordHash: "$2b$12$second", now: Self.now, audit: { Self.note("coordinator", $0 ? "added" : "changed") }))
        #expect(try store.coordinatorPasswordHash("anna") == "$2b$12$second")
        #expect(try subject.count("SELECT count(*) FROM coordinator") == 1)
        #expect(try store.auditTrail(consultation: nil).map(\.detail) == ["added", "changed"])
    }

    /// On PostgreSQL, the round's revision and the registry's contacts, which the portal's page reads, written by SQL
    /// as the rounds and registry would store them.
}
