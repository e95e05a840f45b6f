import Foundation
import Synchronization

/// A per-server rate limit, e.g. `30/min` as Microsoft 365 relays demand (`SAMRAD_SMTP_RATE`).
///
/// Sends are spaced evenly, one every `interval`, shared by every worker, so that any minute
/// holds the rate without bursts.
public final class SendRate: Sendable {
    /// The time between two sends.
    public let interval: Duration
    private let next = Mutex<ContinuousClock.Instant?>(nil)

    /// Parses `N/s`, `N/sec`, `N/min` or `N/h`.
    public init?(_ text: String) {
        let parts = text.lowercased().replacingOccurrences(of: " ", with: "").split(separator: "/")
        guard parts.count == 2, let count = Double(parts[0]), count > 0, count.isFinite else { return nil }
        let seconds: Double
        switch parts[1] {
        case "s", "sec", "second": seconds = 1
        case "m", "min", "minute": seconds = 60
        case "h", "hour": seconds = 3600
        default: return nil
        }
        interval = .nanoseconds(Int64(seconds / count * 1e9))
    }

    /// Waits for the next free slot and takes it.
    public func acquire() {
        let clock = ContinuousClock()
        let slot: ContinuousClock.Instant = next.withLock { next in
            let now = clock.now
            let slot = max(next ?? now, now)
            next = slot.advanced(by: interval)
            return slot
        }
        let wait = clock.now.duration(to: slot)
        if wait > .zero {
            let (seconds, attoseconds) = wait.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
    }
}
