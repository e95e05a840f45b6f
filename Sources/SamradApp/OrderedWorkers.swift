import Foundation

/// Runs one piece of work per input on worker threads, and hands the results back in the order the
/// inputs were given, with at most ``limit`` inputs given and not yet taken back, and at most ``sizeLimit``
/// of their sizes (but always one): memory holds that much, whatever the number of inputs.
///
/// The import reads a mail file's messages one at a time on the calling thread, gives each to the
/// workers to be matched and read, and stores the results in file order:
///
/// ```swift
/// let workers = OrderedWorkers<Int, Int>(threads: 2, limit: 8) { $0 * $0 }
/// defer { workers.finish() }
/// workers.give(3)
/// workers.give(4)
/// workers.take()   // 9, then 16
/// ```
///
/// With one thread the work runs on the calling thread, when it is given.
final class OrderedWorkers<Input: Sendable, Output: Sendable>: @unchecked Sendable {
    /// How many inputs may be given and not yet taken back.
    let limit: Int
    /// The sum of the sizes of the inputs given and not yet taken back, past which there is no room (but for one).
    let sizeLimit: Int

    private let work: @Sendable (Input) -> Output
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var waiting: [(index: Int, input: Input)] = []
    private var waitingStart = 0
    private var done: [Int: Output] = [:]
    private var finished = false
    private var running = 0
    // Used by the calling thread alone.
    private var given = 0
    private var taken = 0
    private var sizes: [Int: Int] = [:]
    private var size = 0
    private let threads: Int

    /// Starts `threads` workers (none with one thread) that run `work`.
    init(threads: Int, limit: Int, sizeLimit: Int = .max, work: @escaping @Sendable (Input) -> Output) {
        self.threads = max(1, threads)
        self.limit = max(1, limit)
        self.sizeLimit = sizeLimit
        self.work = work
        guard self.threads > 1 else { return }
        for index in 0..<self.threads {
            let thread = Thread { [self] in self.serve() }
            thread.name = "samrad-worker-\(index)"
            thread.start()
        }
        running = self.threads
    }

    /// Whether another input may be given now.
    var hasRoom: Bool { isEmpty || given - taken < limit && size < sizeLimit }

    /// Whether every input given has been taken back.
    var isEmpty: Bool { given == taken }

    /// Gives an input of a size (e.g. its bytes) counted against ``sizeLimit``; call only when ``hasRoom``.
    func give(_ input: Input, size: Int = 0) {
        precondition(hasRoom, "OrderedWorkers: more than \(limit) inputs under way")
        let index = given
        given += 1
        if size > 0 {
            sizes[index] = size
            self.size += size
        }
        if threads == 1 {
            done[index] = work(input)
            return
        }
        condition.lock()
        waiting.append((index, input))
        condition.broadcast()
        condition.unlock()
    }

    /// Gives a result that needs no work (e.g. the error that ended the inputs), in its turn.
    func give(result: Output) {
        precondition(hasRoom, "OrderedWorkers: more than \(limit) inputs under way")
        let index = given
        given += 1
        condition.lock()
        done[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// The next result in input order, waiting for it when `wait`; nil when nothing is under way, or it is
    /// not done and `wait` is false.
    func take(wait: Bool = true) -> Output? {
        guard !isEmpty else { return nil }
        condition.lock()
        defer { condition.unlock() }
        while done[taken] == nil {
            guard wait else { return nil }
            condition.wait()
        }
        let result = done.removeValue(forKey: taken)
        size -= sizes.removeValue(forKey: taken) ?? 0
        taken += 1
        return result
    }

    /// Whether ``finish()`` has been called: no input waiting is started any more.
    var isFinishing: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    /// Stops the workers once the work under way is done, and waits for them; results not taken are dropped.
    func finish() {
        condition.lock()
        finished = true
        waiting.removeAll()
        waitingStart = 0
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    /// A worker's loop: the oldest waiting input, until ``finish()``.
    private func serve() {
        condition.lock()
        while true {
            while waitingStart == waiting.count && !finished { condition.wait() }
            if finished { break }
            let (index, input) = waiting[waitingStart]
            waitingStart += 1
            if waitingStart == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                waitingStart = 0
            }
            condition.unlock()
            let output = work(input)
            condition.lock()
            done[index] = output
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    deinit {
        precondition(running == 0, "OrderedWorkers: finish() was not called")
    }
}
