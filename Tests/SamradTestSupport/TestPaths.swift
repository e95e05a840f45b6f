import Foundation

/// Paths and helpers shared by the test targets.
public enum TestPaths {
    /// The repository's root folder.
    public static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// A new empty temporary folder.
    public static func temporaryFolder(_ label: String = "samrad-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program and returns its exit status, standard output and standard error.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for key in merged.keys where key.hasPrefix("SAMRAD_") { merged[key] = nil }
        merged.merge(environment) { $1 }
        process.environment = merged
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read standard error on another thread while this one reads standard output, so that
        // neither pipe can fill up and block the child.
        let errorData = DataBox()
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            errorData.data = error.fileHandleForReading.readDataToEndOfFile()
            done.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        let errorText = String(decoding: errorData.data, as: UTF8.self)
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }

    /// Runs `Scripts/check-mime.py` (Python's email package, policy.default) on files or folders.
    public static func checkMIME(_ paths: [URL]) throws -> (status: Int32, output: String) {
        let result = try run(
            "/usr/bin/env", ["python3", repository.appendingPathComponent("Scripts/check-mime.py").path] + paths.map(\.path))
        return (result.status, result.output + result.error)
    }
}

/// Bytes filled by one thread and read by another after a `DispatchGroup` wait, which orders the two.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
