import Foundation
import Yams

/// Reads the registry files (`contacts/*.yaml`) into bodies, reporting every problem
/// with its file, line and a fix.
public enum RegistryReader {
    /// One registry file: the name to show in messages and its text.
    public struct File: Sendable {
        /// The path as the user should see it, e.g. `contacts/namnder.yaml`.
        public var name: String
        /// The file's contents.
        public var text: String

        /// Creates a file.
        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    static let organizationKeys = ["id", "name", "kind", "mailbox", "contacts", "meetings"]
    static let contactKeys = ["name", "role", "email"]

    /// Reads every file; throws every problem found when any is an error.
    public static func read(_ files: [File]) throws(ValidationFailure) -> [Body] {
        var diagnostics: [Diagnostic] = []
        var bodies: [(Body, SourceLocation)] = []
        for file in files {
            let reader = YAMLReader(file: file.name)
            bodies += read(file.text, with: reader)
            diagnostics += reader.diagnostics
        }
        if files.isEmpty {
            diagnostics.append(
                Diagnostic(
                    at: SourceLocation(file: "contacts", line: 0), "no registry files (*.yaml) were found",
                    fix: "put the registry in contacts/*.yaml; see the sample in the repository"))
        }
        var first: [String: SourceLocation] = [:]
        for (body, location) in bodies {
            if let earlier = first[body.id] {
                diagnostics.append(
                    Diagnostic(
                        at: location, "duplicate id '\(body.id)': it is already used at \(earlier)",
                        fix: "give each body its own id, or remove one of the two entries"))
            } else {
                first[body.id] = location
            }
        }
        guard !diagnostics.hasErrors else { throw ValidationFailure(diagnostics) }
        return bodies.map(\.0)
    }

    static func read(_ text: String, with reader: YAMLReader) -> [(Body, SourceLocation)] {
        guard let root = reader.parse(text),
            let top = reader.mapping(root, "the registry file", allowed: ["organizations"]),
            let list = top.required("organizations", in: reader, fix: "start the file with 'organizations:' and a list of bodies"),
            let items = reader.sequence(list, "'bodies'")
        else { return [] }
        return items.compactMap { body($0, with: reader) }
    }

    static func body(_ node: Node, with reader: YAMLReader) -> (Body, SourceLocation)? {
        let idText = node.mapping?["id"]?.scalar?.string
        let what = idText.map { "body '\($0)'" } ?? "a body"
        guard let fields = reader.mapping(node, what, allowed: organizationKeys) else { return nil }
        let before = reader.diagnostics.count

        var id: String?
        if let value = fields.required("id", in: reader, fix: "add 'id: CODE', e.g. 'id: BUN'"), let text = reader.line(value, "the id") {
            if text.range(of: #"^[A-Z0-9][A-Z0-9-]*$"#, options: .regularExpression) != nil, text.count <= 32 {
                id = text
            } else {
                reader.error(
                    at: value, "the id '\(text)' may only hold A–Z, 0–9 and '-' (at most 32)",
                    fix: "use a short upper-case code without Å, Ä or Ö, e.g. 'ALN' for Äldrenämnden")
            }
        }
        let name = fields.required("name", in: reader).flatMap { reader.line($0, "the name of \(what)") }
        var kind: BodyKind?
        if let value = fields.required("kind", in: reader, fix: "add 'kind: board', 'kind: company' or 'kind: group'"),
            let text = reader.line(value, "the kind")
        {
            kind = BodyKind(rawValue: text)
            if kind == nil {
                let hint =
                    YAMLReader.closest(to: text, among: BodyKind.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
                reader.error(at: value, "unknown kind '\(text)' for \(what)", fix: "\(hint)a kind is board, company or group")
            }
        }
        var mailbox: EmailAddress?
        if let value = fields["mailbox"] {
            mailbox = reader.address(value, "the mailbox of \(what)")
        } else if let kind, kind != .group {
            reader.error(
                at: node, "\(what) has no mailbox; every \(kind.rawValue) needs its registry mailbox, which gets every mailout",
                fix: "add 'mailbox: registrator@…' with the body's official address")
        }
        var contacts: [Contact] = []
        var seenAddresses: [String: SourceLocation] = [:]
        if let mailbox, let value = fields["mailbox"] { seenAddresses[mailbox.normalized] = reader.location(of: value) }
        if let value = fields["contacts"], let items = reader.sequence(value, "the contacts of \(what)") {
            for item in items {
                guard let contact = contact(item, of: what, with: reader) else { continue }
                let here = reader.location(of: item.mapping?["email"] ?? item)
                if let earlier = seenAddresses[contact.email.normalized] {
                    reader.error(
                        at: here, "the address \(contact.email) appears twice in \(what) (first at line \(earlier.line))",
                        fix: "list each address once per body; one person may still serve several bodies")
                } else {
                    seenAddresses[contact.email.normalized] = here
                }
                contacts.append(contact)
            }
        }
        var meetings: [Meeting] = []
        if let value = fields["meetings"], let items = reader.sequence(value, "the meetings of \(what)") {
            meetings = items.compactMap { reader.date($0, "the meeting date").map(Meeting.init) }
        }
        guard reader.diagnostics.count == before, let id, let name, let kind else { return nil }
        let body = Body(id: id, name: name, kind: kind, mailbox: mailbox, contacts: contacts, meetings: meetings)
        return (body, reader.location(of: node))
    }

    static func contact(_ node: Node, of owner: String, with reader: YAMLReader) -> Contact? {
        let what = "a contact of \(owner)"
        guard let fields = reader.mapping(node, what, allowed: contactKeys) else { return nil }
        let name = fields.required("name", in: reader).flatMap { reader.line($0, "the contact's name") }
        var role: ContactRole?
        if let value = fields.required("role", in: reader, fix: "add 'role: secretary', 'chair', 'ceo' or 'contact'"),
            let text = reader.line(value, "the role")
        {
            role = ContactRole(rawValue: text)
            if role == nil {
                let hint = YAMLReader.closest(to: text, among: ContactRole.allCases.map(\.rawValue)).map { "did you mean '\($0)'? " } ?? ""
                reader.error(at: value, "unknown role '\(text)' in \(what)", fix: "\(hint)a role is secretary, chair, ceo or contact")
            }
        }
        let email = fields.required("email", in: reader).flatMap { reader.address($0, "the address of \(name ?? "the contact")") }
        guard let name, let role, let email else { return nil }
        return Contact(name: name, role: role, email: email)
    }
}
