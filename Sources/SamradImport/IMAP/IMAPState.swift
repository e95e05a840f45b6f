/// How far polling an IMAP mailbox has got; the caller keeps it from one poll to the next.
///
/// ```swift
/// let state = try poller.poll(after: remembered) { uid, message in try importFeedback(message) }
/// if let old = state.previousUIDValidity { print("the mailbox was renumbered (UIDVALIDITY \(old) → \(state.uidValidity))") }
/// remember(state)
/// ```
public struct IMAPState: Sendable, Codable, Equatable {
    /// The mailbox's UIDVALIDITY under which ``lastUID`` holds.
    public var uidValidity: UInt32
    /// The highest UID handled; every message up to it has been handled. 0 before the first message.
    public var lastUID: UInt32
    /// The UIDVALIDITY remembered before, set only by the poll that found the mailbox renumbered and
    /// started again from its first message; nil otherwise.
    public var previousUIDValidity: UInt32?

    /// Whether the poll that returned this state started again from the mailbox's first message.
    public var restarted: Bool { previousUIDValidity != nil }

    /// A state; `previousUIDValidity` is for a poll that started again from the beginning.
    public init(uidValidity: UInt32, lastUID: UInt32, previousUIDValidity: UInt32? = nil) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
        self.previousUIDValidity = previousUIDValidity
    }
}
