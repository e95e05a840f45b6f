import Foundation
import Synchronization
import Testing

@testable import SamradApp

/// The workers the import matches and reads messages on: results come back in the order the inputs went in,
/// however long each took, and no more than the limit is ever under way.
@Suite("Work on several threads, results in order")
struct OrderedWorkersTests {
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

    @Test(arguments: [1, 2, 4, 8])
    func resultsComeBackInTheOrderTheInputsWentIn(threads: Int) {
        // Early inputs take longest, so a later one is usually done first.
        let inputs = Array(0..<200)
        let (results, most) = Self.run(inputs, threads: threads, limit: 16) { value in
            usleep(UInt32((20 - value % 20) * 50))
            return value * value
        }
        #expect(results == inputs.map { $0 * $0 })
        #expect(most <= 16)
    }

    @Test func noMoreThanTheLimitIsUnderWayAtOnce() {
        let running = Atomic<Int>(0)
        let highest = Atomic<Int>(0)
        let (results, most) = Self.run(Array(0..<100), threads: 8, limit: 3) { value in
            let now = running.add(1, ordering: .sequentiallyConsistent).newValue
            highest.max(now, ordering: .sequentiallyConsistent)
            usleep(200)
            running.subtract(1, ordering: .sequentiallyConsistent)
            return value
        }
        #expect(results == Array(0..<100))
        #expect(most == 3)
        #expect(highest.load(ordering: .sequentiallyConsistent) <= 3)
        #expect(highest.load(ordering: .sequentiallyConsistent) >= 2, "the work never ran on two threads at once")
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
        let workers = OrderedWorkers<Int, Int>(threads: 3, limit: 8) { value in
            usleep(1000)
            return value
        }
        defer { workers.finish() }
        workers.give(1)
        workers.give(2)
        workers.give(result: -1)
        #expect(workers.take() == 1)
        #expect(workers.take() == 2)
        #expect(workers.take() == -1)
        #expect(workers.take() == nil)
        #expect(workers.isEmpty)
    }

    @Test func finishingWithWorkUnderWayWaitsForWhatHasStartedAndDropsTheRest() {
        let started = Atomic<Int>(0)
        let workers = OrderedWorkers<Int, Int>(threads: 2, limit: 50) { value in
            started.add(1, ordering: .sequentiallyConsistent)
            usleep(5000)
            return value
        }
        for value in 0..<50 { workers.give(value) }
        #expect(workers.take() == 0)
        workers.finish()
        let count = started.load(ordering: .sequentiallyConsistent)
        #expect(count < 50, "finish ran every input given")
        usleep(20_000)
        #expect(started.load(ordering: .sequentiallyConsistent) == count, "a worker went on after finish")
    }
}
