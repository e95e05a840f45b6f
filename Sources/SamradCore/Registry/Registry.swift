import Foundation

/// The boards, companies and groups Samråd knows, with those retired from the files.
public struct Registry: Sendable, Equatable {
    /// Every body, sorted by id; retired ones included.
    public private(set) var bodies: [Body]
    /// When each retired body left the registry files.
    public private(set) var retired: [String: Date]
    private var index: [String: Int]

    /// Creates a registry; bodies are sorted by id.
    public init(_ bodies: [Body], retired: [String: Date] = [:]) {
        self.bodies = bodies.sorted { $0.id < $1.id }
        self.retired = retired
        self.index = Dictionary(uniqueKeysWithValues: self.bodies.enumerated().map { ($1.id, $0) })
    }

    /// The body with an id, retired or not.
    public subscript(id: String) -> Body? {
        index[id].map { bodies[$0] }
    }

    /// Whether the body has been taken out of the registry files.
    public func isRetired(_ id: String) -> Bool {
        retired[id] != nil
    }

    /// The bodies still in the registry files, optionally of one kind.
    public func active(kind: BodyKind? = nil) -> [Body] {
        bodies.filter { !isRetired($0.id) && (kind == nil || $0.kind == kind) }
    }

    /// The active bodies that use an address, as mailbox or contact.
    public func bodies(using address: EmailAddress) -> [Body] {
        active().filter { $0.isKnown(by: address) }
    }

    public static func == (lhs: Registry, rhs: Registry) -> Bool {
        lhs.bodies == rhs.bodies && lhs.retired == rhs.retired
    }
}

/// What a registry load did: which bodies were added, changed, retired or removed.
public struct RegistryChanges: Sendable, Equatable, Codable {
    /// Ids of bodies new to the registry.
    public var added: [String] = []
    /// Ids of bodies whose definition changed, with what changed.
    public var changed: [String: [String]] = [:]
    /// Ids of bodies removed from the files and deleted (nothing was ever sent to them).
    public var removed: [String] = []
    /// Ids of bodies removed from the files but kept as retired, since mail was sent to them.
    public var retired: [String] = []
    /// Ids of retired bodies that came back in the files.
    public var reinstated: [String] = []

    /// Creates an empty change set.
    public init() {}

    /// Whether the load changed nothing.
    public var isEmpty: Bool {
        added.isEmpty && changed.isEmpty && removed.isEmpty && retired.isEmpty && reinstated.isEmpty
    }

    /// Compares the registry files with what the database holds.
    public static func between(
        stored: Registry, loaded: [Body], hasMail: (String) -> Bool
    ) -> RegistryChanges {
        var changes = RegistryChanges()
        let loadedIDs = Set(loaded.map(\.id))
        for body in loaded {
            guard let old = stored[body.id] else {
                changes.added.append(body.id)
                continue
            }
            if stored.isRetired(body.id) { changes.reinstated.append(body.id) }
            let differences = old.differences(from: body)
            if !differences.isEmpty { changes.changed[body.id] = differences }
        }
        for old in stored.bodies where !loadedIDs.contains(old.id) && !stored.isRetired(old.id) {
            if hasMail(old.id) {
                changes.retired.append(old.id)
            } else {
                changes.removed.append(old.id)
            }
        }
        return changes
    }
}

extension Body {
    /// The names of the fields that differ, in Swedish-neutral English for the change report.
    func differences(from other: Body) -> [String] {
        var fields: [String] = []
        if name != other.name { fields.append("name") }
        if kind != other.kind { fields.append("kind") }
        if mailbox != other.mailbox { fields.append("mailbox") }
        if contacts != other.contacts { fields.append("contacts") }
        if meetings != other.meetings { fields.append("meetings") }
        return fields
    }
}
