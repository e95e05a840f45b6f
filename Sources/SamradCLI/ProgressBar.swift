import Foundation
import SamradApp

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar: Sendable {
    private let started = Date()

    func show(_ report: SendReport) {
        let done = report.total
        let width = 30
        let filled = min(width, done % (width + 1))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
        let line = "\r[\(bar)] \(report.sent) sent, \(report.deferred.count) deferred, \(report.failed.count) failed  \(Int(rate))/s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func clear() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
