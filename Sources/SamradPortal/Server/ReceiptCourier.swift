import Foundation
import SamradApp
import Synchronization

/// Delivers the receipts of submissions through the ledger, one run at a time: a submission waits until a run that
/// began after its receipt was recorded has ended, so its page follows its receipt, and many submissions at once
/// share runs instead of each starting its own.
final class ReceiptCourier: Sendable {
    private struct State {
        var running = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let answers: PortalAnswers
    private let log: @Sendable (String) -> Void
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "samrad.portal.receipts")

    init(answers: PortalAnswers, log: @escaping @Sendable (String) -> Void) {
        self.answers = answers
        self.log = log
    }

    /// Returns once a run that began after the call has delivered what was due (or left it queued for `remind`), or
    /// once `limit` has passed, whichever comes first: a slow mail server does not hold the body's receipt page.
    func deliver(within limit: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting = Mutex<CheckedContinuation<Void, Never>?>(continuation)
            let resume: @Sendable () -> Void = { waiting.withLock { $0.take() }?.resume() }
            Task {
                await self.deliver()
                resume()
            }
            Task {
                try? await Task.sleep(for: limit)
                resume()
            }
        }
    }

    /// Returns once a run that began after the call has delivered what was due (or left it queued for `remind`).
    func deliver() async {
        await withCheckedContinuation { continuation in
            let start = state.withLock { state in
                state.waiting.append(continuation)
                if state.running { return false }
                state.running = true
                return true
            }
            if start { queue.async { self.runWhileWaited() } }
        }
    }

    private func runWhileWaited() {
        while true {
            let batch = state.withLock { state in
                let batch = state.waiting
                state.waiting = []
                if batch.isEmpty { state.running = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let report = try answers.deliverReceipts()
                if !report.deferred.isEmpty || !report.unrenderable.isEmpty || report.unreachable != nil {
                    log("receipts: \(report.sent) sent, \(report.deferred.count) deferred; 'samrad remind' sends the rest")
                }
            } catch {
                log("receipts could not be delivered now (\(error)); they stay queued for 'samrad remind'")
            }
            for continuation in batch { continuation.resume() }
        }
    }
}
