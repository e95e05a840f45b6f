import Foundation
import SamradCore
import Testing

@Suite("Matching replies to rounds and bodies")
struct ReplyMatcherTests {
    static func address(_ text: String) -> EmailAddress {
        (try? EmailAddress(text)) ?? { preconditionFailure(text) }()
    }

    static func body(_ id: String, mailbox: String, secretary: String) -> Body {
        Body(
            id: id, name: "Nämnd \(id)", kind: .board, mailbox: address(mailbox),
            contacts: [Contact(name: "Sekreterare", role: .secretary, email: address(secretary))])
    }

    // VN and KRN share a registry mailbox; OFN and VN share a secretary.
    static let bun = body("BUN", mailbox: "bun@kommun.example", secretary: "sofia@kommun.example")
    static let vn = body("VN", mailbox: "kansliet@kommun.example", secretary: "asa@kommun.example")
    static let krn = body("KRN", mailbox: "kansliet@kommun.example", secretary: "fredrik@kommun.example")
    static let ofn = body("OFN", mailbox: "ofn@kommun.example", secretary: "asa@kommun.example")

    static let matcher = ReplyMatcher(
        sentMessages: ["mal-2019.BUN.mailout.1@kommun.example": RoundBody(consultation: "mal-2019", body: "BUN")],
        replyTokens: ["0123456789abcdef": RoundBody(consultation: "mal-2019", body: "VN")],
        rounds: [
            (id: "mal-2019", reference: "KS 2019/017", recipients: [bun, vn, krn, ofn]),
            (id: "budget-2019", reference: "KS 2019/099", recipients: [bun]),
        ])

    func facts(
        references: [String] = [], sender: String?, to: [String] = ["samrad@kommun.example"], subject: String = "Svar"
    ) -> IncomingFacts {
        IncomingFacts(
            messageID: "reply@example", references: references, sender: sender.map(Self.address), recipients: to.map(Self.address),
            subject: subject)
    }

    @Test(arguments: [
        ("SV: Begäran om synpunkter [KS 2019/017]", true), ("KS 2019/017: svar", true), ("Svar (KS 2019/017)", true),
        ("Svar KS 2019/0170", false), ("Svar KS 2019/017/2", false), ("AKS 2019/017", false), ("Svar ks 2019/017", true),
    ])
    func theReferenceMatchesOnlyAsAWholeToken(subject: String, matches: Bool) {
        #expect(ReplyMatcher.subject(subject, names: "KS 2019/017") == matches)
        // "KS 2019/01" is not the round "KS 2019/017".
        #expect(!ReplyMatcher.subject("SV: Begäran om synpunkter [KS 2019/017]", names: "KS 2019/01"))
    }

    @Test func anUnmatchedMessageSaysWhyAndNamesItsCandidates() {
        let shared = Self.matcher.diagnose(facts(sender: "asa@kommun.example", subject: "Svar [KS 2019/017]"))
        #expect(shared.round == "mal-2019")
        #expect(shared.candidates == ["VN", "OFN"])
        #expect(shared.reason.contains("shared by VN, OFN"))
        let unknown = Self.matcher.diagnose(facts(sender: "okand@privat.example"))
        #expect(unknown.round == nil && unknown.candidates.isEmpty)
        #expect(unknown.reason.contains("not in the registry"))
        #expect(Self.matcher.bodiesSharing(Self.address("kansliet@kommun.example")) == ["VN", "KRN"])
        #expect(Self.matcher.bodiesSharing(Self.address("bun@kommun.example")).isEmpty)
    }

    @Test func inReplyToWinsOverEverythingElse() {
        let result = Self.matcher.match(
            facts(references: ["other@example", "mal-2019.BUN.mailout.1@kommun.example"], sender: "asa@kommun.example"))
        #expect(result?.0 == RoundBody(consultation: "mal-2019", body: "BUN"))
        #expect(result?.1 == .inReplyTo)
    }

    @Test func theReplyTokenComesNext() {
        let result = Self.matcher.match(facts(sender: "someone@else.example", to: ["samrad+0123456789ABCDEF@kommun.example"]))
        #expect(result?.0 == RoundBody(consultation: "mal-2019", body: "VN"))
        #expect(result?.1 == .replyToken)
    }

    @Test func theReferenceInTheSubjectWithASenderOfOneBody() {
        let result = Self.matcher.match(facts(sender: "fredrik@kommun.example", subject: "SV: Begäran om synpunkter [KS 2019/017]"))
        #expect(result?.0 == RoundBody(consultation: "mal-2019", body: "KRN"))
        #expect(result?.1 == .referenceAndSender)
    }

    @Test func aSharedAddressIsNeverGuessed() {
        // The shared registry mailbox and the shared secretary point at two bodies each.
        #expect(Self.matcher.match(facts(sender: "kansliet@kommun.example", subject: "SV: [KS 2019/017]")) == nil)
        #expect(Self.matcher.match(facts(sender: "asa@kommun.example")) == nil)
    }

    @Test func theSenderAloneOnlyWhenItBelongsToOneBodyOfOneRound() {
        let only = Self.matcher.match(facts(sender: "ofn@kommun.example", subject: "Yttrande"))
        #expect(only?.0 == RoundBody(consultation: "mal-2019", body: "OFN"))
        #expect(only?.1 == .senderAlone)
        // BUN is a recipient of two open rounds: its address alone says nothing.
        #expect(Self.matcher.match(facts(sender: "bun@kommun.example", subject: "Yttrande")) == nil)
        // Unless the import names the round.
        #expect(Self.matcher.match(facts(sender: "bun@kommun.example", subject: "Yttrande"), only: "budget-2019")?.1 == .senderAlone)
        #expect(Self.matcher.match(facts(sender: "nobody@elsewhere.example")) == nil)
    }

    @Test(arguments: [
        ("samrad+0123456789abcdef", "0123456789abcdef"), ("bounces+ABCDEF0123456789", "abcdef0123456789"), ("samrad", nil),
        ("samrad+kalle", nil), ("a+b+0123456789", "0123456789"),
    ])
    func plusTokens(local: String, token: String?) {
        #expect(ReplyMatcher.plusToken(local) == token)
    }
}
