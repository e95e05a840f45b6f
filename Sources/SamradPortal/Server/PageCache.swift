import Hummingbird
import Synchronization

/// Bodies' pages as last rendered, kept for a second: under load a page is rendered about once a second instead of
/// once a request. When a page grows stale, the first request renders it again while the others still get the
/// stale one, for at most another second. A change this server makes (a draft, a submission) clears every page at
/// once; one a command makes in another process (a revoked link, a closed round) shows within two seconds.
final class PageCache: Sendable {
    private struct Entry {
        var page: ByteBuffer
        var until: ContinuousClock.Instant
        var refreshing = false
    }

    let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration = .seconds(1), now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.lifetime = lifetime
        self.now = now
    }

    /// The page kept for a key; nil when there is none, or when it is stale and the caller is to render it again.
    func page(_ key: String) -> ByteBuffer? {
        let now = self.now()
        return entries.withLock { entries in
            guard var entry = entries[key] else { return nil }
            if entry.until > now { return entry.page }
            if entry.refreshing && now < entry.until + lifetime { return entry.page }
            entry.refreshing = true
            entries[key] = entry
            return nil
        }
    }

    /// Keeps a page.
    func keep(_ key: String, _ page: ByteBuffer) {
        let now = self.now()
        entries.withLock { entries in
            if entries.count >= 10_000 { entries = entries.filter { $0.value.until + lifetime > now } }
            entries[key] = Entry(page: page, until: now + lifetime)
        }
    }

    /// Forgets every page.
    func clear() {
        entries.withLock { $0.removeAll() }
    }
}
