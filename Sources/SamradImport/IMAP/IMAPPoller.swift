import Foundation

/// Reads each new message of an IMAP mailbox once: remembers the mailbox's UIDVALIDITY and the last UID handled.
///
/// ```swift
/// let poller = IMAPPoller(mailbox: try IMAPMailbox(configuration: configuration))
/// let state = try poller.poll(after: store.imapState()) { uid, message in
///     try store.importFeedback(message)   // de-duplicates by Message-ID
/// }
/// try store.saveIMAPState(state)
/// ```
///
/// A poll hands each message above the remembered UID to `handle`, in UID order, and advances the
/// state past it only once `handle` has returned: a message whose handling threw, or that a crash
/// interrupted, is fetched again by the next poll. When the mailbox's UIDVALIDITY is no longer the
/// remembered one, the server has renumbered its messages, and the poll starts again from the first
/// one (the caller recognises those already imported by their Message-ID); the returned state then
/// has ``IMAPState/previousUIDValidity`` set. A message expunged between the search and its fetch is
/// passed over. Polls block (see ``IMAPMailbox``).
public struct IMAPPoller: Sendable {
    /// The mailbox polled.
    public let mailbox: IMAPMailbox

    /// A poller for a mailbox.
    public init(mailbox: IMAPMailbox) {
        self.mailbox = mailbox
    }

    /// Hands every message above `state` to `handle`, oldest first, and returns the state to remember.
    ///
    /// `nil` reads the mailbox from its first message. Throws an ``IMAPPollError`` that holds the state
    /// reached before the failure, so that messages handled before it are not handled again.
    public func poll(
        after state: IMAPState?, handle: (_ uid: UInt32, _ message: Data) throws -> Void
    ) throws(IMAPPollError) -> IMAPState {
        let status: (uidValidity: UInt32, uidNext: UInt32?)
        do {
            status = try mailbox.status()
        } catch {
            throw failure(error, state: state, uid: nil, handled: 0)
        }

        var current: IMAPState
        if let state, state.uidValidity == status.uidValidity {
            current = IMAPState(uidValidity: state.uidValidity, lastUID: state.lastUID)
        } else {
            current = IMAPState(uidValidity: status.uidValidity, lastUID: 0, previousUIDValidity: state?.uidValidity)
        }
        if let uidNext = status.uidNext, current.lastUID < .max, uidNext <= current.lastUID + 1 {
            return current
        }

        let uids: [UInt32]
        do {
            uids = try mailbox.uids(after: current.lastUID)
        } catch {
            throw failure(error, state: current, uid: nil, handled: 0)
        }
        var handled = 0
        for uid in uids {
            let message: Data
            do {
                message = try mailbox.fetch(uid: uid, uidValidity: current.uidValidity)
            } catch let error where error.code == .noSuchMessage {
                current.lastUID = uid
                continue
            } catch {
                throw failure(error, state: current, uid: uid, handled: handled)
            }
            do {
                try handle(uid, message)
            } catch {
                throw failure(error, state: current, uid: uid, handled: handled)
            }
            current.lastUID = uid
            handled += 1
        }
        return current
    }

    private func failure(_ error: any Error, state: IMAPState?, uid: UInt32?, handled: Int) -> IMAPPollError {
        IMAPPollError(state: state, uid: uid, underlying: error, mailbox: mailbox.configuration.url, handledCount: handled)
    }
}
