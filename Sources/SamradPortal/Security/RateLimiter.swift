import Foundation
import Synchronization

/// Counts failures (wrong links, refused logins) per client address in a window: past the limit, every request of
/// that address to the guarded pages is answered 429 until the window has passed.
final class RateLimiter: Sendable {
    let limit: Int
    let window: Duration
    private let clock = ContinuousClock()
    private let state = Mutex<[String: (count: Int, since: ContinuousClock.Instant)]>([:])

    /// A limiter that allows `limit` failures per address in each `window`.
    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// How long an address must wait before it is heard again, or nil when it may go on.
    func wait(for address: String) -> Duration? {
        let now = clock.now
        return state.withLock { entries in
            guard let entry = entries[address] else { return nil }
            let elapsed = entry.since.duration(to: now)
            if elapsed >= window {
                entries[address] = nil
                return nil
            }
            return entry.count >= limit ? window - elapsed : nil
        }
    }

    /// Counts a failure of an address.
    func fail(_ address: String) {
        let now = clock.now
        state.withLock { entries in
            if entries.count > 100_000 { entries = entries.filter { $0.value.since.duration(to: now) < window } }
            if let entry = entries[address], entry.since.duration(to: now) < window {
                entries[address] = (entry.count + 1, entry.since)
            } else {
                entries[address] = (1, now)
            }
        }
    }
}
