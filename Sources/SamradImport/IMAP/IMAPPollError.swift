/// A poll that stopped part-way: why, at which message, and the state to remember for what was handled before.
///
/// ```swift
/// do {
///     remember(try poller.poll(after: remembered, handle: importFeedback))
/// } catch {
///     if let state = error.state { remember(state) }  // the messages handled before the failure stay handled
///     print(error)                                     // "polling imaps://…/INBOX stopped at message UID 7: …"
/// }
/// ```
public struct IMAPPollError: Error, CustomStringConvertible {
    /// What to remember: the messages handled before the failure; the state polled after when none
    /// was (nil when that was nil and the mailbox could not even be examined).
    public let state: IMAPState?
    /// The UID of the message the poll stopped at; nil when it stopped before reaching any message.
    public let uid: UInt32?
    /// Why: an ``IMAPError``, or whatever `handle` threw.
    public let underlying: any Error
    /// The mailbox polled, e.g. `imaps://imap.kommun.example:993/INBOX`.
    public let mailbox: String
    /// How many messages this poll handled before it stopped.
    public let handledCount: Int

    /// Whether polling again later may get past the failure without anyone changing anything.
    public var isTemporary: Bool { (underlying as? IMAPError)?.isTemporary ?? false }

    /// What stopped the poll, and what was kept.
    public var description: String {
        let place = uid.map { "stopped at message UID \($0)" } ?? "stopped"
        let kept =
            handledCount == 0
            ? ""
            : " (the \(handledCount) message\(handledCount == 1 ? "" : "s") before it \(handledCount == 1 ? "was" : "were") handled and stay so)"
        return "polling \(mailbox) \(place): \(underlying)\(kept)"
    }
}
