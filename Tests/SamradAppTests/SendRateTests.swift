import Foundation
import SamradApp
import Testing

@Suite("The per-server rate limit")
struct SendRateTests {
    @Test(arguments: [("30/min", 2.0), ("2/s", 0.5), ("1000/h", 3.6), ("600 / min", 0.1)])
    func ratesAreRead(text: String, seconds: Double) throws {
        let rate = try #require(SendRate(text))
        let (whole, fraction) = rate.interval.components
        #expect(abs(Double(whole) + Double(fraction) / 1e18 - seconds) < 0.000_001)
    }

    @Test(arguments: ["30", "0/min", "-5/min", "30/week", "x/min", ""])
    func nonsenseIsRefused(text: String) {
        #expect(SendRate(text) == nil)
    }

    /// Four workers share the limit: 21 sends at 600/min never take less than 20 intervals of
    /// 0.1 s (the limit is never exceeded); the upper bound only catches a limiter that stalls,
    /// since a shared machine may be slow.
    @Test func workersTogetherKeepTheRate() throws {
        let rate = try #require(SendRate("600/min"))
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for _ in 0..<(worker == 0 ? 6 : 5) { rate.acquire() }
        }
        let elapsed = start.duration(to: .now)
        #expect(elapsed >= .milliseconds(1990), "\(elapsed)")
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }
}
