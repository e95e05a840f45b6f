import Foundation
import SamradCore
import SamradStore

/// The registry as text for the terminal and as JSON: `contacts load` and `contacts list`.
public enum RegistryText {
    /// One body in `contacts list --json`.
    public struct Entry: Encodable, Sendable {
        var id: String
        var name: String
        var kind: BodyKind
        var mailbox: String?
        var contacts: [Contact]
        var meetings: [Meeting]
        var retired: Bool
    }

    /// The bodies of one kind, or all, as `contacts list --json` prints them.
    public static func entries(_ registry: Registry, kind: BodyKind?) -> [Entry] {
        registry.bodies.filter { kind == nil || $0.kind == kind }.map {
            Entry(
                id: $0.id, name: $0.name, kind: $0.kind, mailbox: $0.mailbox?.description, contacts: $0.contacts, meetings: $0.meetings,
                retired: registry.isRetired($0.id))
        }
    }

    /// Each body with its mailbox, contacts and meetings.
    public static func list(_ registry: Registry, kind: BodyKind?) -> [String] {
        let bodies = registry.bodies.filter { kind == nil || $0.kind == kind }
        if bodies.isEmpty { return ["The registry is empty. Load it with: samrad contacts load contacts"] }
        var lines: [String] = []
        for body in bodies {
            let retired = registry.isRetired(body.id) ? "  (retired)" : ""
            lines.append("\(pad(body.id, 6)) \(pad(body.kind.rawValue, 8)) \(body.name)\(retired)")
            if let mailbox = body.mailbox { lines.append("       mailbox    \(mailbox)") }
            lines += body.contacts.map { "       \(pad($0.role.rawValue, 10)) \($0.name) <\($0.email)>" }
            if !body.meetings.isEmpty { lines.append("       meetings   \(body.meetings.map(\.description).joined(separator: ", "))") }
        }
        return lines
    }

    /// What `contacts load` changed.
    public static func changes(_ changes: RegistryChanges, directory: String) -> String {
        if changes.isEmpty { return "The registry in \(directory) is already loaded: nothing changed." }
        var lines = ["Loaded the registry from \(directory):"]
        lines += changes.added.map { "  added      \($0)" }
        lines += changes.changed.keys.sorted().map { "  changed    \($0) (\(changes.changed[$0]!.joined(separator: ", ")))" }
        lines += changes.reinstated.map { "  reinstated \($0)" }
        lines += changes.removed.map { "  removed    \($0)" }
        lines += changes.retired.map { "  retired    \($0) (mail was sent to it, so it is kept but sent nothing more)" }
        lines.append(
            "\(changes.added.count) added, \(changes.changed.count) changed, \(changes.removed.count) removed, \(changes.retired.count) retired."
        )
        return lines.joined(separator: "\n")
    }
}

/// `text` padded with spaces to `width` characters, or cut to it.
func pad(_ text: String, _ width: Int) -> String {
    text.padding(toLength: width, withPad: " ", startingAt: 0)
}
