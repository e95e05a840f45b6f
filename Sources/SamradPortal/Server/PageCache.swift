import Hummingbird
import Synchronization

/// Bodies' pages as last rendered, kept for a second: under load a page is rendered about once a second instead of
/// once a request. A change this server makes (a draft, a submission) clears them at once; one a command makes in
/// another process (a revoked link, a closed round) shows within the second.
final class PageCache: Sendable {
    let lifetime: Duration
    private let clock = ContinuousClock()
    private let entries = Mutex<[String: (page: ByteBuffer, until: ContinuousClock.Instant)]>([:])

    init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The page kept for a key, if it is still fresh.
    func page(_ key: String) -> ByteBuffer? {
        let now = clock.now
        return entries.withLock { entries in
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.page
        }
    }

    /// Keeps a page.
    func keep(_ key: String, _ page: ByteBuffer) {
        let now = clock.now
        entries.withLock { entries in
            if entries.count >= 10_000 { entries = entries.filter { $0.value.until > now } }
            entries[key] = (page, now + lifetime)
        }
    }

    /// Forgets every page.
    func clear() {
        entries.withLock { $0.removeAll() }
    }
}
