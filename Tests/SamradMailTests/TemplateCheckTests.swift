import Foundation
import SamradCore
import SamradMail
import SamradTestSupport
import Testing

@Suite("Templates checked before any message is made from them")
struct TemplateCheckTests {
    static func round() throws -> Consultation {
        Consultation(
            id: "avfall-2019", reference: "KS 2019/044", title: "Avfallsplan 2020–2030", summary: nil,
            from: Sender(name: "Miljöenheten", email: try EmailAddress("miljo@kommun.example")), replyTo: nil, bounceTo: nil,
            recipients: RecipientSelection(ids: ["TN"]), goalAreas: [GoalArea(id: 1, title: "Minskade avfallsmängder")],
            mailout: Mailout(date: try LocalDate(parsing: "2019-04-15")), deadline: try LocalDate(parsing: "2019-05-31"), dialogues: [],
            reminders: ReminderRules(Dictionary(uniqueKeysWithValues: ReminderKind.allCases.map { ($0, [2]) })), milestones: [])
    }

    /// Each bundled template, with the messages it serves.
    static let bundled: [(String, [TemplateSlot])] = [
        ("mailout", [.mailout]),
        ("reminder", ReminderKind.allCases.map { .reminder($0) }),
        ("invitation", [.invitation, .update, .cancellation]),
        ("invitation.html", [.invitation, .update, .cancellation]),
        ("kvitto", [.receipt]),
        ("portal-lank", [.portalLink]),
        ("andringar", [.changes]),
        ("beslut", [.notice("beslut")]),
    ]

    @Test(arguments: bundled.map(\.0))
    func everyBundledTemplatePassesTheCheck(name: String) throws {
        let slots = try #require(Self.bundled.first { $0.0 == name }?.1)
        let path = TestPaths.repository.appendingPathComponent("Sources/SamradMail/Templates/\(name).mustache")
        let text = try String(contentsOf: path, encoding: .utf8)
        let problems = TemplateCheck.problems(in: text, file: path.lastPathComponent, serving: slots, round: try Self.round())
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(arguments: [
        ("Hej\n\nSvara senast {{deadlin}}.\n", 3, "unknown variable {{deadlin}}", "deadline"),
        ("{{#goal_areas}}\n{{title}}\n", 1, "{{#goal_areas}} is never closed", "{{/goal_areas}}"),
        ("Hej\n{{/dialogues}}\n", 2, "never opened", "{{#dialogues}}"),
        ("{{#goal_areas}}\n{{/dialogues}}\n", 2, "the section open here is 'goal_areas'", "{{/goal_areas}}"),
        ("Hej {{name\n", 1, "never closed with }}", "}}"),
        ("{{> sidfot}}\n", 1, "partials", "template itself"),
        ("{{#goal_areas}}{{nmber}}{{/goal_areas}}\n", 1, "unknown variable {{nmber}}", "id, title"),
        ("Hej\n\nMöten: {{dialogues}}\n", 3, "{{dialogues}} is a list, not one value", "{{#dialogues}}"),
        ("{{body}}\n", 1, "{{body}} is a group of values, not one value", "{{#body}}{{id}}{{/body}}"),
    ])
    func aFaultyTemplateIsAProblemOnItsLine(text: String, line: Int, message: String, fix: String) throws {
        let problems = TemplateCheck.problems(in: text, file: "utskick.mustache", serving: [.mailout], round: try Self.round())
        let problem = try #require(problems.first)
        #expect(problem.file == "utskick.mustache")
        #expect(problem.line == line)
        #expect(problem.message.contains(message), "\(problem)")
        #expect(problem.fix.contains(fix), "\(problem)")
        #expect(problem.description.hasPrefix("utskick.mustache:\(line): error: "))
    }

    @Test func aVariableOfAnotherMessageIsUnknownHere() throws {
        let text = "Nytt datum: {{dialogue.start}}\n"
        let round = try Self.round()
        #expect(!TemplateCheck.problems(in: text, file: "t.mustache", serving: [.mailout], round: round).isEmpty)
        #expect(TemplateCheck.problems(in: text, file: "t.mustache", serving: [.update], round: round).isEmpty)
    }
}
