import SamradApp
import SamradCore
import Testing

@Suite("The coordinator's Swedish words")
struct SwedishWordsTests {
    @Test func aDeliveryHandedToAMailServerIsSentOneWrittenToTheOutboxIsNot() {
        #expect(SwedishWords.delivery(.sent) == "skickat")
        #expect(SwedishWords.delivery(.sent, outbox: true) == "skriven till utkorgen")
        #expect(SwedishWords.delivery(.deferred) == "uppskjutet")
        #expect(SwedishWords.delivery(.failed) == "misslyckat")
        #expect(SwedishWords.wentToOutbox(reply: "written to the outbox as a.eml"))
        #expect(SwedishWords.wentToOutbox(reply: "already in the outbox as a.eml"))
        #expect(!SwedishWords.wentToOutbox(reply: "250 2.0.0 Ok: queued as 4F2"))
        #expect(!SwedishWords.wentToOutbox(reply: nil))
    }

    @Test func theRegistersStatesReadInSwedish() {
        #expect(SwedishWords.registerState("sent") == "skickat")
        #expect(SwedishWords.registerState("2 sent, 1 failed") == "2 skickat, 1 misslyckat")
        #expect(SwedishWords.registerState("sent", outbox: true) == "skriven till utkorgen")
        #expect(SwedishWords.registerState("late") == "sent inkommet")
        #expect(SwedishWords.registerState("registered") == "diarieförd")
        #expect(SwedishWords.kind("reminder") == "påminnelse")
        #expect(SwedishWords.kind("auto-reply") == "autosvar")
        #expect(SwedishWords.purpose(.reminder(Reminder(.beforeDeadline, days: 5))) == "påminnelse före svarsdag 5")
    }
}
