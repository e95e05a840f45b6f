import Dispatch
import Foundation
import Synchronization
import Testing

@testable import SamradApp

/// The workers the import matches and reads messages on: results come back in the order the inputs went in,
/// however the work is ordered between the threads, and no more than the limit is ever under way.
///
/// The tests order the work with semaphores: an input waits for its neighbour to start or finish, so each test
/// makes the case it names happen rather than hoping a timing does.
@Suite("Work on several threads, results in order")
struct OrderedWorkersTests {
    /// How long an input waits for another before the test counts the wait as a failure.
    static var patience: DispatchTime { .now() + .seconds(20) }

    /// Gives inputs while there is room, takes what is ready, as the import does.
    static func run(_ inputs: [Int], threads: Int, limit: Int, work: @escaping @Sendable (Int) -> Int) -> (results: [Int], most: Int) {
        let workers = OrderedWorkers<Int, Int>(threads: threads, limit: limit, work: work)
        defer { workers.finish() }
        var results: [Int] = []
        var next = inputs.makeIterator()
        var given = 0
        var most = 0
        var exhausted = false
        while true {
            while let ready = workers.take(wait: false) { results.append(ready) }
            if !exhausted && workers.hasRoom {
                if let input = next.next() {
                    workers.give(input)
                    given += 1
                    most = max(most, given - results.count)
                } else {
                    exhausted = true
                }
                continue
            }
            guard let result = workers.take() else { break }
            results.append(result)
        }
        return (results, most)
    }

    @Test(arguments: [2, 4, 8])
    func resultsComeBackInTheOrderTheInputsWentIn(threads: Int) {
        // Each even input waits until the odd one after it is done, so the odd results are always ready first.
        let inputs = Array(0..<200)
        let done = inputs.map { _ in DispatchSemaphore(value: 0) }
        let waitedInVain = Atomic<Int>(0)
        let (results, most) = Self.run(inputs, threads: threads, limit: 16) { value in
            if value % 2 == 0, done[value + 1].wait(timeout: Self.patience) == .timedOut {
                waitedInVain.add(1, ordering: .sequentiallyConsistent)
            }
            defer { done[value].signal() }
            return value * value
        }
        let vain = waitedInVain.load(ordering: .sequentiallyConsistent)
        #expect(vain == 0)
        #expect(results == inputs.map { $0 * $0 })
        #expect(most <= 16)
    }

    @Test func withOneThreadTheWorkRunsWhenGiven() {
        let (results, most) = Self.run(Array(0..<50), threads: 1, limit: 4) { $0 + 1 }
        #expect(results == Array(1...50))
        #expect(most == 1)
    }

    @Test func noMoreThanTheLimitIsUnderWayAtOnce() {
        // Input 0 waits until input 1 has started: two run at once, whatever the scheduling.
        let started = DispatchSemaphore(value: 0)
        let waitedInVain = Atomic<Bool>(false)
        let running = Atomic<Int>(0)
        let highest = Atomic<Int>(0)
        let (results, most) = Self.run(Array(0..<100), threads: 8, limit: 3) { value in
            let now = running.add(1, ordering: .sequentiallyConsistent).newValue
            highest.max(now, ordering: .sequentiallyConsistent)
            if value == 1 { started.signal() }
            if value == 0, started.wait(timeout: Self.patience) == .timedOut { waitedInVain.store(true, ordering: .sequentiallyConsistent) }
            running.subtract(1, ordering: .sequentiallyConsistent)
            return value
        }
        let vain = waitedInVain.load(ordering: .sequentiallyConsistent)
        #expect(!vain)
        #expect(results == Array(0..<100))
        #expect(most == 3)
        let mostAtOnce = highest.load(ordering: .sequentiallyConsistent)
        #expect(mostAtOnce <= 3)
        #expect(mostAtOnce >= 2, "input 0 waited for input 1, so two ran at once")
    }

    @Test func theSizesUnderWayStayUnderTheSizeLimitButOneAlwaysGoes() {
        let workers = OrderedWorkers<Int, Int>(threads: 2, limit: 100, sizeLimit: 100) { $0 }
        defer { workers.finish() }
        var given = 0
        while workers.hasRoom {
            workers.give(given, size: 40)
            given += 1
        }
        #expect(given == 3)
        #expect(workers.take() == 0)
        #expect(workers.hasRoom)
        workers.give(3, size: 40)
        #expect(!workers.hasRoom)
        for expected in 1...3 { #expect(workers.take() == expected) }
        // One input larger than the limit still goes, alone.
        #expect(workers.hasRoom)
        workers.give(4, size: 500)
        #expect(!workers.hasRoom)
        #expect(workers.take() == 4)
    }

    @Test func aResultGivenWithoutWorkTakesItsTurn() {
        // The work of 1 waits until the ready-made result behind it is given, so that result is done first.
        let givenAfter = DispatchSemaphore(value: 0)
        let workers = OrderedWorkers<Int, Int>(threads: 3, limit: 8) { value in
            if value == 1 { _ = givenAfter.wait(timeout: Self.patience) }
            return value
        }
        defer { workers.finish() }
        workers.give(1)
        workers.give(2)
        workers.give(result: -1)
        givenAfter.signal()
        #expect(workers.take() == 1)
        #expect(workers.take() == 2)
        #expect(workers.take() == -1)
        #expect(workers.take() == nil)
        #expect(workers.isEmpty)
    }

    @Test func finishingWithWorkUnderWayWaitsForWhatHasStartedAndDropsTheRest() {
        // Both workers hold an input until finish has been called; finish then waits for them and drops the rest.
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let count = Atomic<Int>(0)
        let workers = OrderedWorkers<Int, Int>(threads: 2, limit: 50) { value in
            count.add(1, ordering: .sequentiallyConsistent)
            started.signal()
            _ = release.wait(timeout: Self.patience)
            return value
        }
        for value in 0..<50 { workers.give(value) }
        #expect(started.wait(timeout: Self.patience) == .success)
        #expect(started.wait(timeout: Self.patience) == .success)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            workers.finish()
            finished.signal()
        }
        // Once finish has begun, the two held inputs are let go; it returns after them, and nothing else starts.
        while !workers.isFinishing { sched_yield() }
        #expect(finished.wait(timeout: .now()) == .timedOut, "finish returned while two inputs were held")
        release.signal()
        release.signal()
        #expect(finished.wait(timeout: Self.patience) == .success)
        let afterFinish = count.load(ordering: .sequentiallyConsistent)
        #expect(afterFinish == 2, "finish started inputs that were waiting")
    }
}
