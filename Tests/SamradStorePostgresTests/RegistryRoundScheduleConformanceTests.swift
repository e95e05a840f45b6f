import Foundation
import SamradCore
import SamradStore
import Testing

/// The registry, the rounds and what the planner reads and records, one suite for both stores.
@Suite("The registry, rounds and schedule on every store", .serialized)
struct RegistryRoundScheduleConformanceTests {
    static let now = LedgerSubject.now
    static let later = LedgerSubject.now.addingTimeInterval(86_400)
    static let round = LedgerSubject.round

    static func note(_ command: String, _ detail: String, at: Date = now) -> AuditNote {
        AuditNote(command: command, consultation: nil, detail: detail, user: "handläggare", at: at)
    }

    @Test(arguments: Backend.allCases)
    func loadingTheRegistryAgainAddsChangesRetiresAndDeletesOnlyWhatWasNeverSentTo(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 0)
        defer { subject.remove() }
        let store = subject.store
        let first = try store.loadRegistry(
            try ["B1", "B2", "B3"].map(LedgerSubject.body), now: Self.now, audit: { Self.note("contacts load", "added \($0.added)") })
        #expect(first.added == ["B1", "B2", "B3"] && first.changed.isEmpty && first.removed.isEmpty && first.retired.isEmpty)
        #expect(try store.registry().bodies.map(\.id) == ["B1", "B2", "B3"])
        #expect(try store.registry()["B1"]?.contacts.map(\.email.description) == ["sek.b1@kommun.example"])
        #expect(try store.joinedDates() == ["B1": Self.now, "B2": Self.now, "B3": Self.now])

        // B2 is sent something; the round then knows when it next has something due.
        _ = try store.addConsultation(
            try LedgerSubject.consultation(), source: "round", sourcePath: "/r.yaml", now: Self.now, audit: { _ in nil })
        try store.queue(
            [try LedgerSubject.message("B2")], invitations: [], nextDue: (Self.round, Self.later.addingTimeInterval(86_400)), now: Self.now,
            audit: { _ in nil })
        #expect(try store.consultationsToPlan(now: Self.later).isEmpty)

        // B1 renamed, B4 new, B2 (sent to) and B3 (never sent to) gone from the files.
        var renamed = try LedgerSubject.body("B1")
        renamed.name = "Kultur- och fritidsnämnden"
        let second = try store.loadRegistry(
            [renamed, try LedgerSubject.body("B4")], now: Self.later,
            audit: { Self.note("contacts load", "\($0.added) \($0.retired)", at: Self.later) })
        #expect(second.added == ["B4"])
        #expect(second.changed == ["B1": ["name"]])
        #expect(second.retired == ["B2"])
        #expect(second.removed == ["B3"])
        let registry = try store.registry()
        #expect(registry.bodies.map(\.id) == ["B1", "B2", "B4"])
        #expect(registry["B1"]?.name == "Kultur- och fritidsnämnden")
        #expect(registry.isRetired("B2") && !registry.isRetired("B1"))
        #expect(try store.joinedDates() == ["B1": Self.now, "B2": Self.now, "B4": Self.later])
        #expect(try subject.count("SELECT count(*) FROM contact WHERE organization_id = 'B3'") == 0)
        // A changed registry plans every round again.
        #expect(try store.consultationsToPlan(now: Self.later).map(\.consultation.id) == [Self.round])

        // The same files again change nothing, and the audit closure makes no entry of it.
        let same = try store.loadRegistry(
            [renamed, try LedgerSubject.body("B4")], now: Self.later, audit: { $0.isEmpty ? nil : Self.note("contacts load", "again") })
        #expect(same.isEmpty)
        // B2 back in the files is reinstated, keeping when it joined.
        let back = try store.loadRegistry(
            [renamed, try LedgerSubject.body("B2"), try LedgerSubject.body("B4")], now: Self.later, audit: { _ in nil })
        #expect(back.reinstated == ["B2"])
        #expect(try !store.registry().isRetired("B2"))
        #expect(try store.joinedDates()["B2"] == Self.now)
        #expect(try store.auditTrail(consultation: nil).map(\.detail) == ["added [\"B1\", \"B2\", \"B3\"]", "[\"B4\"] [\"B2\"]"])
    }

    @Test(arguments: Backend.allCases)
    func aChangedFileIsANewRevisionAndTheRevisionAtAnInstantIsTheLastAddedByThen(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = subject.store
        var consultation = try LedgerSubject.consultation()
        let audit: (ConsultationChange) -> AuditNote? = { Self.note("consultation add", "\($0)") }
        #expect(
            try store.addConsultation(consultation, source: "round", sourcePath: "/r.yaml", now: Self.now, audit: audit)
                == .unchanged(revision: 1))
        consultation.title = "Nya mål för kommunen"
        #expect(
            try store.addConsultation(consultation, source: "round v2", sourcePath: "/r.yaml", now: Self.later, audit: audit)
                == .revised(revision: 2))
        // The same round read from another file is a revision too: attachments are found beside the file.
        #expect(
            try store.addConsultation(
                consultation, source: "round v2", sourcePath: "/ny/r.yaml", now: Self.later.addingTimeInterval(60), audit: audit)
                == .revised(revision: 3))

        let stored = try #require(try store.consultation(Self.round))
        #expect(stored.revision == 3 && stored.consultation.title == "Nya mål för kommunen" && stored.sourcePath == "/ny/r.yaml")
        #expect(stored.createdAt == Self.now && stored.updatedAt == Self.later.addingTimeInterval(60) && stored.closedAt == nil)
        #expect(try store.consultations() == [stored])
        #expect(try store.consultation("finns-inte") == nil)
        let first = try #require(try store.consultation(Self.round, revision: 1))
        #expect(first.consultation.title == "Nya mål" && first.addedAt == Self.now)
        #expect(try store.consultation(Self.round, revision: 4) == nil)
        #expect(try store.revision(of: Self.round, at: Self.now.addingTimeInterval(-1)) == nil)
        #expect(try store.revision(of: Self.round, at: Self.now) == 1)
        #expect(try store.revision(of: Self.round, at: Self.later.addingTimeInterval(-1)) == 1)
        #expect(try store.revision(of: Self.round, at: Self.later) == 2)
        #expect(try store.revision(of: Self.round, at: Self.later.addingTimeInterval(3600)) == 3)
        #expect(
            try store.auditTrail(consultation: nil).map(\.detail) == [
                "unchanged(revision: 1)", "revised(revision: 2)", "revised(revision: 3)",
            ])
    }

    @Test(arguments: Backend.allCases)
    func aRoundIsPlannedWhenItsNextSendIsDueOrUnknownAndNeverOnceClosed(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 1)
        defer { subject.remove() }
        let store = subject.store
        #expect(try store.consultationsToPlan(now: Self.now).map(\.consultation.id) == [Self.round])
        try store.queue([], invitations: [], nextDue: (Self.round, Self.later), now: Self.now, audit: { _ in nil })
        #expect(try store.consultationsToPlan(now: Self.later.addingTimeInterval(-1)).isEmpty)
        #expect(try store.consultationsToPlan(now: Self.later).map(\.consultation.id) == [Self.round])
        // Nothing more due: not planned at all until something changes.
        try store.queue([], invitations: [], nextDue: (Self.round, nil), now: Self.now, audit: { _ in nil })
        #expect(try store.consultationsToPlan(now: Self.later).map(\.consultation.id) == [Self.round])

        let audit: (Bool) -> AuditNote? = {
            $0 ? AuditNote(command: "close", consultation: Self.round, detail: "closed", user: "handläggare", at: Self.later) : nil
        }
        #expect(try store.closeConsultation(Self.round, now: Self.later, audit: audit))
        #expect(try !store.closeConsultation(Self.round, now: Self.later.addingTimeInterval(60), audit: audit))
        #expect(try store.consultation(Self.round)?.closedAt == Self.later)
        #expect(try store.consultationsToPlan(now: Self.later).isEmpty)
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["closed"])
        #expect(try !store.closeConsultation("finns-inte", now: Self.later, audit: { _ in nil }))
    }

    @Test(arguments: Backend.allCases)
    func theScheduleFactsAreWhatWasQueuedWithTheInvitationsItCarried(_ backend: Backend) throws {
        let subject = try LedgerSubject(backend, bodies: 3)
        defer { subject.remove() }
        let store = subject.store
        let dialogue = Dialogue(
            id: "dialog-1", title: "Dialogmöte", start: try LocalDateTime(parsing: "2019-04-24 13:00"),
            end: try LocalDateTime(parsing: "2019-04-24 15:00"), location: "Stadshuset", participants: ["B1", "B2"])
        let version = InvitationVersion(sequence: 0, dialogue: dialogue, cancelled: false)
        let invitation = NewInvitationVersion(consultationID: Self.round, version: version)
        #expect(
            try store.queue(
                [
                    try LedgerSubject.message("B1"), try LedgerSubject.message("B2"),
                    try LedgerSubject.message("B1", key: "invitation-dialog-1-0", kind: .invitation),
                ],
                invitations: [invitation], nextDue: (Self.round, Self.later), now: Self.now,
                audit: { AuditNote(command: "remind", consultation: Self.round, detail: "queued \($0)", user: "cron", at: Self.now) }) == 3)
        // The same again, with a version of the same sequence that says otherwise: what was recorded first stays.
        var cancelled = invitation
        cancelled.version.cancelled = true
        #expect(
            try store.queue([try LedgerSubject.message("B1")], invitations: [cancelled], nextDue: nil, now: Self.later, audit: { _ in nil })
                == 0)

        let stored = try #require(try store.consultation(Self.round))
        let facts = try store.scheduleFacts(for: stored)
        #expect(facts.recorded == ["B1": ["mailout", "invitation-dialog-1-0"], "B2": ["mailout"]])
        #expect(facts.mailedOut == ["B1": Self.now, "B2": Self.now])
        #expect(facts.joined == ["B1": Self.now, "B2": Self.now, "B3": Self.now])
        #expect(facts.invitations == ["dialog-1": version])
        #expect(facts.answeredAreas.isEmpty && facts.declined.isEmpty && !facts.closed)
        #expect(try store.invitation(consultation: Self.round, dialogue: "dialog-1", sequence: 0) == version)
        #expect(try store.invitation(consultation: Self.round, dialogue: "dialog-1", sequence: 1) == nil)
        #expect(try store.answeredAreas(consultation: Self.round, body: "B1", areas: [1, 2]).isEmpty)
        #expect(try store.mailoutMessageID(consultation: Self.round, body: "B1") == "mal-2019.B1.mailout@kommun.example")
        #expect(try store.mailoutMessageID(consultation: Self.round, body: "B3") == nil)
        #expect(try store.consultationsToPlan(now: Self.now).isEmpty)
        #expect(try store.auditTrail(consultation: Self.round).map(\.detail) == ["queued 3"])

        try store.closeConsultation(Self.round, now: Self.later, audit: { _ in nil })
        #expect(try store.scheduleFacts(for: try #require(try store.consultation(Self.round))).closed)
    }
}
