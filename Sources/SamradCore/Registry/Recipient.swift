/// One address a message goes to: on To or Cc, and whose it is.
public struct Recipient: Hashable, Sendable, Codable {
    /// Whether the address stands on To or on Cc.
    public enum Role: String, Hashable, Sendable, Codable {
        /// To: the body's registry mailbox, or whoever the message is for.
        case to
        /// Cc: a copy, e.g. to the secretary.
        case cc
    }

    /// The address.
    public var address: EmailAddress
    /// To or Cc.
    public var role: Role
    /// The person's name (or the body's, for its mailbox), for the header; nil when not known.
    public var person: String?

    /// Creates a recipient.
    public init(address: EmailAddress, role: Role, person: String? = nil) {
        self.address = address
        self.role = role
        self.person = person
    }
}

extension Body {
    /// Who every message to the body goes to: its registry mailbox on To (a group without one: each of its people on
    /// To) and its secretaries on Cc; each address once.
    public var recipients: [Recipient] {
        var result: [Recipient] = []
        if let mailbox {
            result.append(Recipient(address: mailbox, role: .to, person: name))
        } else {
            result += contacts.map { Recipient(address: $0.email, role: .to, person: $0.name) }
        }
        result += contacts(.secretary).map { Recipient(address: $0.email, role: .cc, person: $0.name) }
        return Self.unique(result)
    }

    /// The recipients with the chair — and for a company also its chief executive — on Cc: a reminder after the
    /// deadline goes to those who answer for the body.
    public var escalatedRecipients: [Recipient] {
        let answerable = (kind == .company ? contacts(.ceo) : []) + contacts(.chair)
        return Self.unique(recipients + answerable.map { Recipient(address: $0.email, role: .cc, person: $0.name) })
    }

    /// The secretaries on To: the reminder to put the round on the agenda of the body's meeting.
    public var secretaryRecipients: [Recipient] {
        Self.unique(contacts(.secretary).map { Recipient(address: $0.email, role: .to, person: $0.name) })
    }

    /// Each address once, the first place it stands kept.
    static func unique(_ recipients: [Recipient]) -> [Recipient] {
        var seen = Set<String>()
        return recipients.filter { seen.insert($0.address.normalized).inserted }
    }

    /// The recipient an address of the body is: its person's name, or the body's for its mailbox.
    public func recipient(_ address: EmailAddress, role: Recipient.Role) -> Recipient {
        Recipient(address: address, role: role, person: contacts.first { $0.email == address }?.name ?? name)
    }
}
