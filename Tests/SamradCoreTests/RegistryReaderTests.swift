import Foundation
import SamradCore
import SamradTestSupport
import Testing

@Suite("Registry files")
struct RegistryReaderTests {
    static let valid = """
        organizations:
          - id: BUN
            name: Barn- och utbildningsnämnden
            kind: board
            mailbox: bun@kommun.example
            contacts:
              - { name: Fiktiv Person, role: secretary, email: fiktiv.person@kommun.example }
              - { name: Annan Fiktiv, role: chair, email: annan.fiktiv@kommun.example }
            meetings: [2019-04-17, 2019-05-15]
        """

    /// Reads one file and returns the diagnostics it raised.
    func problems(_ text: String, file: String = "contacts/test.yaml") -> [Diagnostic] {
        do {
            _ = try RegistryReader.read([.init(name: file, text: text)])
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func aValidFileReads() throws {
        let bodies = try RegistryReader.read([.init(name: "a.yaml", text: Self.valid)])
        #expect(bodies.count == 1)
        let bun = try #require(bodies.first)
        #expect(bun.id == "BUN")
        #expect(bun.mailbox?.description == "bun@kommun.example")
        #expect(bun.contacts(.secretary).map(\.name) == ["Fiktiv Person"])
        #expect(bun.meetings.map(\.description) == ["2019-04-17", "2019-05-15"])
    }

    @Test func duplicateIDsAcrossFilesNameBothPlaces() {
        let second = """
            organizations:
              - { id: SN, name: Socialnämnden, kind: board, mailbox: sn@kommun.example }
              - { id: BUN, name: Bun igen, kind: board, mailbox: bun2@kommun.example }
            """
        do {
            _ = try RegistryReader.read([.init(name: "contacts/a.yaml", text: Self.valid), .init(name: "contacts/b.yaml", text: second)])
            Issue.record("a duplicate id was accepted")
        } catch {
            let diagnostic = error.diagnostics.first
            #expect(error.diagnostics.count == 1)
            #expect(diagnostic?.location.file == "contacts/b.yaml")
            #expect(diagnostic?.location.line == 3)
            #expect(diagnostic?.message.contains("duplicate id 'BUN'") == true)
            #expect(diagnostic?.message.contains("contacts/a.yaml:2") == true)
            #expect(diagnostic?.fix != nil)
        }
    }

    @Test func malformedAddressNamesItsLine() {
        let text = Self.valid.replacingOccurrences(of: "mailbox: bun@kommun.example", with: "mailbox: bun@kommun..example")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 5)
        #expect(found.first?.message.contains("not a valid email address") == true)
    }

    @Test func theSameAddressTwiceInOneBody() {
        let text = Self.valid.replacingOccurrences(of: "annan.fiktiv@kommun.example", with: "Fiktiv.Person@Kommun.Example")
            .replacingOccurrences(of: "email: Fiktiv.Person@Kommun.Example", with: "email: fiktiv.person@KOMMUN.example")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 8)
        #expect(found.first?.message.contains("appears twice") == true)
    }

    @Test func oneAddressMayServeSeveralBodies() throws {
        let text = """
            organizations:
              - { id: VN, name: Valnämnden, kind: board, mailbox: kansliet@kommun.example,
                  contacts: [{ name: Åsa Lind, role: secretary, email: asa.lind@kommun.example }] }
              - { id: KRN, name: Krisledningsnämnden, kind: board, mailbox: kansliet@kommun.example,
                  contacts: [{ name: Åsa Lind, role: secretary, email: asa.lind@kommun.example }] }
            """
        let bodies = try RegistryReader.read([.init(name: "a.yaml", text: text)])
        #expect(bodies.map(\.id) == ["VN", "KRN"])
    }

    @Test(arguments: [
        ("kind: board", "kind: nämnd", 4, "unknown kind 'nämnd'"),
        ("role: chair", "role: ordförande", 8, "unknown role 'ordförande'"),
        ("    meetings:", "    meeting:", 9, "unknown key 'meeting'"),
        ("meetings: [2019-04-17", "meetings: [2019-02-30", 9, "'2019-02-30' is not a date"),
        ("meetings: [2019-04-17", "meetings: [17 april", 9, "is not a date"),
        ("id: BUN", "id: bun", 2, "may only hold A–Z"),
    ])
    func eachKindOfErrorNamesFileAndLine(original: String, replacement: String, line: Int, message: String) {
        let found = problems(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.location.file == "contacts/test.yaml")
        #expect(found.first?.location.line == line)
        #expect(found.first?.message.contains(message) == true, "\(found)")
        #expect(found.first?.fix != nil)
    }

    @Test func unknownKeySuggestsTheNearestOne() {
        let found = problems(Self.valid.replacingOccurrences(of: "    mailbox:", with: "    mailbx:"))
        #expect(found.contains { $0.message.contains("unknown key 'mailbx'") && $0.fix?.contains("did you mean 'mailbox'") == true })
    }

    @Test func aBoardWithoutMailbox() {
        let found = problems(Self.valid.replacingOccurrences(of: "    mailbox: bun@kommun.example\n", with: ""))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)
        #expect(found.first?.message.contains("has no mailbox") == true)
    }

    @Test func aGroupNeedsNoMailbox() throws {
        let text = "organizations:\n  - { id: KLG, name: Kommunens ledningsgrupp, kind: group }\n"
        #expect(try RegistryReader.read([.init(name: "g.yaml", text: text)]).first?.kind == .group)
    }

    @Test func brokenYAMLNamesItsLine() {
        let found = problems("organizations:\n  - id: BUN\n   name: [unclosed\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("not valid YAML") == true)
        #expect((found.first?.location.line ?? 0) >= 2)
    }

    @Test func aRepeatedKeyIsReportedAtItsOwnLine() {
        let text =
            Self.valid.replacingOccurrences(
                of: "    meetings: [2019-04-17, 2019-05-15]",
                with:
                    "    meetings: [2019-04-17, 2019-05-15]\n    \"name\": Barn- och utbildningsnämnden igen\n    mailbox: bun2@kommun.example"
            )
            + "\n  - { id: SN, name: Socialnämnden, kind: board, mailbox: sn@kommun.example, id: SN2 }"
        let found = problems(text)
        #expect(found.map(\.location.line) == [10, 11, 12])
        #expect(
            found.map(\.message) == [
                "the key 'name' appears twice in the same mapping (first at line 3)",
                "the key 'mailbox' appears twice in the same mapping (first at line 5)",
                "the key 'id' appears twice in the same mapping (first at line 12)",
            ])
        let flow = "  - { id: SN, name: Socialnämnden, kind: board, mailbox: sn@kommun.example, "
        #expect(found.last?.location.column == flow.unicodeScalars.count + 1)
        // The message is one line, not the file.
        #expect(found.allSatisfy { !$0.description.contains("organizations:") })
    }

    @Test func aControlCharacterInANameIsRefused() {
        let found = problems(Self.valid.replacingOccurrences(of: "name: Fiktiv Person", with: "name: \"Fiktiv\\rBcc: x@evil.example\""))
        #expect(found.count == 1)
        #expect(found.first?.location.line == 7)
        #expect(found.first?.message.contains("control character") == true)
    }

    @Test func theSampleRegistryIsRealistic() throws {
        let folder = repositoryRoot.appendingPathComponent("contacts")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        let files = try names.map { name in
            RegistryReader.File(
                name: "contacts/\(name)", text: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
        }
        let registry = Registry(try RegistryReader.read(files))
        #expect(registry.active(kind: .board).count >= 12)
        #expect(registry.active(kind: .company).count >= 6)
        #expect(registry["KS"]?.name == "Kommunstyrelsen")
        #expect(registry.active(kind: .group).contains { $0.name == "Kommunens ledningsgrupp" })
        for body in registry.bodies {
            #expect(body.addresses.allSatisfy { $0.domain.hasSuffix("kommun.example") }, "\(body.id)")
            if body.kind == .board { #expect(!body.meetings.isEmpty, "\(body.id) has no meetings") }
        }
        // The sample shows what the registry allows: a shared secretary and a shared registry mailbox.
        let addresses = registry.bodies.flatMap { body in Set(body.addresses.map(\.normalized)).map { ($0, body.id) } }
        let shared = Dictionary(grouping: addresses, by: \.0).filter { $0.value.count > 1 }
        #expect(shared.count >= 2)
    }
}

/// The repository's root.
let repositoryRoot = TestPaths.repository
