import Foundation
import Testing

/// Dates a coordinator should look at again are warned about on standard error; nothing is refused and the exit
/// status is what it would be without them.
@Suite("Warnings about a round's dates", .serialized)
struct DateWarningsTests {
    /// The registry and a round mailed out on Good Friday with its deadline on a Saturday.
    static func round() throws -> Samrad {
        var samrad = try Samrad()
        samrad.now = "2019-04-10T09:00"
        try samrad.write(
            """
            id: pask
            reference: KS 2019/020
            title: Översyn av taxor
            from: { name: Kommunledningskontoret, email: kansli@kommun.example }
            recipients: { kinds: [board] }
            goal_areas:
              - { id: 1, title: Taxor }
            mailout: { date: 2019-04-19 }
            deadline: 2019-05-18
            """, to: "pask.yaml")
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        return samrad
    }

    @Test func aMailoutOrDeadlineOnAClosedDayIsWarnedAboutWithTheWorkingDayUsed() throws {
        let samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let add = try samrad("consultation", "add", "pask.yaml")
        #expect(add.status == 0, "\(add.error)")
        #expect(add.output.contains("Added round pask"))
        #expect(
            add.error.contains(
                "samrad: warning: the mailout date 2019-04-19 of pask is a closed day (långfredagen): the mailout goes on the next working day, 2019-04-23"
            ), "\(add.error)")
        #expect(
            add.error.contains("the deadline 2019-05-18 of pask is a closed day (lördag): the last working day to answer on is 2019-05-17"))
        #expect(try samrad("schedule", "pask").error.contains("closed day (långfredagen)"))
    }

    @Test func aMailoutLongAfterItsDateIsWarnedAbout() throws {
        var samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "pask.yaml").status == 0)
        // On the working day used, nothing but the closed days.
        samrad.now = "2019-04-23T09:00"
        let onTime = try samrad("send", "pask", "--dry-run")
        #expect(onTime.status == 0)
        #expect(!onTime.error.contains("days after its date") && !onTime.error.contains("has passed"), "\(onTime.error)")
        samrad.now = "2019-05-02T09:00"
        let late = try samrad("send", "pask")
        #expect(late.status == 0, "\(late.error)")
        #expect(late.error.contains("samrad: warning: the mailout of pask goes 9 days after its date, 2019-04-23"), "\(late.error)")
        #expect(!late.error.contains("has passed"))
        // Once every body has it, sending again warns of nothing new.
        let again = try samrad("send", "pask")
        #expect(!again.error.contains("days after its date"), "\(again.error)")
    }

    @Test func sendingAfterTheDeadlineIsWarnedAbout() throws {
        var samrad = try Self.round()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        #expect(try samrad("consultation", "add", "pask.yaml").status == 0)
        samrad.now = "2019-05-20T09:00"
        let passed = try samrad("send", "pask")
        #expect(passed.status == 0, "\(passed.error)")
        #expect(passed.error.contains("samrad: warning: the deadline 2019-05-18 of pask has passed"), "\(passed.error)")
    }
}
