/// What sort of body a body is.
public enum BodyKind: String, Sendable, Codable, CaseIterable, Comparable {
    /// A board (nämnd), e.g. Barn- och utbildningsnämnden.
    case board
    /// A municipally owned company (bolag).
    case company
    /// A group such as kommunens ledningsgrupp.
    case group

    /// The Swedish word, for text that recipients and coordinators read.
    public var swedish: String {
        switch self {
        case .board: "nämnd"
        case .company: "bolag"
        case .group: "grupp"
        }
    }

    public static func < (lhs: BodyKind, rhs: BodyKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The part a person plays for a body.
public enum ContactRole: String, Sendable, Codable, CaseIterable {
    /// The board secretary (nämndsekreterare) or a company's board secretary.
    case secretary
    /// The chair (ordförande).
    case chair
    /// A company's chief executive (VD).
    case ceo
    /// Anyone else worth knowing, e.g. a head of department.
    case contact
}

/// A person at a body.
public struct Contact: Hashable, Sendable, Codable {
    /// The person's name as it should appear in mail.
    public var name: String
    /// What the person does for the body.
    public var role: ContactRole
    /// Where to reach the person.
    public var email: EmailAddress

    /// Creates a contact.
    public init(name: String, role: ContactRole, email: EmailAddress) {
        self.name = name
        self.role = role
        self.email = email
    }
}

/// A board, company or group in the registry: who gets mail and who to remind.
public struct Body: Hashable, Sendable, Codable, Identifiable {
    /// The unique code, e.g. `BUN`: A–Z, 0–9 and `-`.
    public var id: String
    /// The full name, e.g. "Barn- och utbildningsnämnden".
    public var name: String
    /// Board, company or group.
    public var kind: BodyKind
    /// The official registry mailbox (registrator), which gets every mailout.
    public var mailbox: EmailAddress?
    /// The people, in the order the registry lists them.
    public var contacts: [Contact]
    /// The body's own meetings (sammanträden), in date order.
    public var meetings: [Meeting]

    /// Creates a body.
    public init(
        id: String, name: String, kind: BodyKind, mailbox: EmailAddress?,
        contacts: [Contact] = [], meetings: [Meeting] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.mailbox = mailbox
        self.contacts = contacts
        self.meetings = meetings.sorted()
    }

    /// The contacts with a role, in registry order.
    public func contacts(_ role: ContactRole) -> [Contact] {
        contacts.filter { $0.role == role }
    }

    /// Every address the body is known by: its mailbox and each contact's.
    public var addresses: [EmailAddress] {
        (mailbox.map { [$0] } ?? []) + contacts.map(\.email)
    }

    /// Whether the body is known by the address (``addresses`` has an equal one), found without building the list:
    /// the import asks it of every body for every reply.
    public func isKnown(by address: EmailAddress) -> Bool {
        mailbox == address || contacts.contains { $0.email == address }
    }
}
