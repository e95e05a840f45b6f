import Hummingbird
import Synchronization
import Testing

@testable import SamradPortal

@Suite("The page cache")
struct PageCacheTests {
    @Test func aStalePageIsRenderedAgainByOneRequestWhileTheOthersGetTheStaleOneForAnotherLifetime() {
        let start = ContinuousClock.now
        let elapsed = Mutex(Duration.zero)
        let cache = PageCache(lifetime: .seconds(1), now: { start + elapsed.withLock { $0 } })
        let page = ByteBuffer(string: "sidan")
        #expect(cache.page("a") == nil)
        cache.keep("a", page)
        #expect(cache.page("a") == page)
        elapsed.withLock { $0 = .milliseconds(1500) }
        #expect(cache.page("a") == nil, "the first request after it grew stale renders it again")
        #expect(cache.page("a") == page, "the others meanwhile get the stale page")
        elapsed.withLock { $0 = .milliseconds(2100) }
        #expect(cache.page("a") == nil, "a page never renewed is stale for at most one more lifetime")
        cache.keep("a", page)
        cache.clear()
        #expect(cache.page("a") == nil)
    }
}
