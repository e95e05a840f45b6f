import Dispatch

/// Work started on another thread, whose result is waited for later.
///
/// The import commits one batch of messages this way while it reads the next:
///
/// ```swift
/// let commit = BackgroundWork { try database.importItems(batch, now: now, audit: audit) }
/// // … read the next batch …
/// let outcomes = try commit.value()   // waits; rethrows what the work threw
/// ```
final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once, by the work's thread, before `done` is signalled.
    private var result: Result<Value, any Error>?

    /// Starts the work.
    init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// The work's value once it is done, or what it threw; may be asked again.
    func value() throws -> Value {
        done.wait()
        done.signal()
        return try result!.get()
    }
}
