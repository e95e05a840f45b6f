import Foundation
import Testing

/// A program the tests run — python3 with html5lib and jsonschema, chromium, cmark-gfm — found
/// on PATH and run under coreutils' `timeout`, which signals only its own process group.
struct ExternalTool {
    /// What a run left behind.
    struct Run {
        let status: Int32
        let output: Data
        let errors: String

        var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// The program's path.
    let url: URL
    /// What to install when it is missing, for the failure message.
    let install: String

    /// The program named `name` on PATH; records a failure saying how to install it when it is not there.
    static func require(_ name: String, install: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExternalTool? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return ExternalTool(url: candidate, install: install)
            }
        }
        Issue.record("\(name) is not on PATH; this test needs it: \(install)", sourceLocation: sourceLocation)
        return nil
    }

    /// python3, which must have html5lib and jsonschema.
    static func python(sourceLocation: SourceLocation = #_sourceLocation) -> ExternalTool? {
        require(
            "python3", install: "apt-get install python3 python3-html5lib python3-jsonschema (or pip install html5lib jsonschema)",
            sourceLocation: sourceLocation)
    }

    /// Runs the program with the arguments, killing it and its children after `timeout` seconds.
    func run(_ arguments: [String], timeout: Int = 120, in directory: URL) throws -> Run {
        let output = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errors = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        try Data().write(to: output)
        try Data().write(to: errors)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--kill-after=10", String(timeout), url.path] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, output: try Data(contentsOf: output),
            errors: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}

/// A temporary folder that goes away after the test.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

/// The test fixtures folder in the test bundle.
func fixturesDirectory() throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil), "the Fixtures folder is missing from the test bundle")
}

/// Keeps a file a test made in `$SAMRAD_KEEP_ARTIFACTS`, when it is set, for a person to look at.
func keepArtifact(_ data: Data, named name: String) throws {
    guard let keep = ProcessInfo.processInfo.environment["SAMRAD_KEEP_ARTIFACTS"] else { return }
    let folder = URL(fileURLWithPath: keep)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try data.write(to: folder.appendingPathComponent(name))
}
