import Foundation
import SamradTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A `samrad` command started without waiting for it, with pipes: a test reads its standard error
/// line by line (e.g. for the readiness line of a fault hook, `SAMRAD_FAULT=after-claim:pause`),
/// writes to its standard input to let a paused run go on, and collects its output at the end.
final class RunningSamrad {
    let process = Process()
    private let input = Pipe()
    private let errors = Pipe()
    private let outputFile: URL
    private var errorText = ""

    init(_ samrad: Samrad, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: Samrad.executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SAMRAD_") }
        merged["SAMRAD_NOW"] = samrad.now
        merged.merge(environment) { $1 }
        process.environment = merged
        process.currentDirectoryURL = samrad.folder
        outputFile = samrad.folder.appendingPathComponent("stdout-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = errors
        process.standardInput = input
        try process.run()
    }

    /// Reads standard error until a line contains `text`; fails after `timeout` seconds or when the
    /// command ends first (a run that never reaches its fault point).
    func waitForLine(containing text: String, timeout: TimeInterval = 120) throws {
        let reader = errors.fileHandleForReading
        let deadline = Date().addingTimeInterval(timeout)
        while !errorText.split(separator: "\n").contains(where: { $0.contains(text) }) {
            guard Date() < deadline else {
                throw TestSetupError(
                    "samrad \(process.arguments ?? []) wrote no line with '\(text)' within \(Int(timeout)) s: \(errorText)")
            }
            var entry = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 200) > 0 else { continue }
            let chunk = reader.availableData
            if chunk.isEmpty {
                throw TestSetupError("samrad \(process.arguments ?? []) ended before it wrote '\(text)': \(errorText)")
            }
            errorText += String(decoding: chunk, as: UTF8.self)
        }
    }

    /// Lets a paused run go on.
    func resume() {
        input.fileHandleForWriting.write(Data("\n".utf8))
    }

    /// Waits for the command to end; its exit status, standard output and standard error.
    func finish() -> (status: Int32, output: String, error: String) {
        try? input.fileHandleForWriting.close()
        let rest = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorText += String(decoding: rest, as: UTF8.self)
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outputFile)
        return (process.terminationStatus, output, errorText)
    }
}

extension Samrad {
    /// Starts the command with pipes; see ``RunningSamrad``.
    func running(_ arguments: String..., environment: [String: String] = [:]) throws -> RunningSamrad {
        try RunningSamrad(self, arguments, environment: environment)
    }
}
