import Foundation
import Synchronization

/// Named moments at which a test can make a run pause, stop dead or fail (`SAMRAD_FAULT`), so that
/// tests order processes by what a run has done rather than by sleeping.
///
/// `SAMRAD_FAULT=POINT:ACTION[@N][,POINT:ACTION[@N]…]`, e.g. `after-claim:pause` or `after-send:exit@17`:
///
/// - points: `after-claim` (a worker has claimed deliveries, none sent yet), `after-send` (a delivery
///   went; its outcome is not recorded yet), `before-batch` (an import is about to commit a batch of a mail file,
///   on its own thread, while the next is read), `after-batch` (an import committed a batch of a mail file);
/// - actions: `pause` writes `samrad: fault POINT: paused` to standard error and waits for a line (or
///   the end) on standard input; `exit` ends the process at once, as a kill would, with status 137;
///   `throw` raises an error Samråd does not expect, as a fault in Samråd itself would (exit 70);
/// - `@N` acts only the N-th time the point is reached, counted over every worker of the process.
///
/// Unset, every point costs one dictionary look-up.
enum Fault {
    /// A moment a fault can be set at.
    enum Point: String, CaseIterable {
        case afterClaim = "after-claim"
        case afterSend = "after-send"
        case beforeBatch = "before-batch"
        case afterBatch = "after-batch"
    }

    enum Action: String {
        case pause, exit
        case `throw`
    }

    /// The error the `throw` action raises: deliberately none of Samråd's own.
    struct Injected: Error, CustomStringConvertible {
        let point: Point
        var description: String { "a fault was injected at \(point.rawValue) (SAMRAD_FAULT)" }
    }

    private static let settings: [Point: (action: Action, at: Int?)] = parse(ProcessInfo.processInfo.environment["SAMRAD_FAULT"] ?? "")
    private static let counts = Mutex<[Point: Int]>([:])

    /// Parses the setting; a part that names no known point or action is ignored.
    static func parse(_ text: String) -> [Point: (action: Action, at: Int?)] {
        var result: [Point: (action: Action, at: Int?)] = [:]
        for part in text.split(separator: ",") {
            let fields = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let point = Point(rawValue: fields[0]) else { continue }
            let actionAndCount = fields[1].split(separator: "@", maxSplits: 1)
            guard let action = actionAndCount.first.flatMap({ Action(rawValue: String($0)) }) else { continue }
            result[point] = (action, actionAndCount.count == 2 ? Int(actionAndCount[1]) : nil)
        }
        return result
    }

    /// Acts on the fault set at `point`, if any.
    static func reach(_ point: Point) throws {
        guard let (action, at) = settings[point] else { return }
        let count = counts.withLock { counts in
            counts[point, default: 0] += 1
            return counts[point, default: 0]
        }
        if let at, count != at { return }
        switch action {
        case .pause:
            FileHandle.standardError.write(Data("samrad: fault \(point.rawValue): paused\n".utf8))
            _ = readLine()
        case .exit:
            _exit(137)
        case .throw:
            throw Injected(point: point)
        }
    }
}
