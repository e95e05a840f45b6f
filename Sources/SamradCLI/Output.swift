import ArgumentParser
import Foundation
import SamradApp
import SamradCore

/// Runs a command's work, printing a failure to standard error with its exit status.
func reporting(_ work: () throws -> Int32) throws {
    let status: Int32
    do {
        status = try work()
    } catch let error as ExitCode {
        throw error
    } catch {
        let failure = SamradError.from(error)
        complain("samrad: \(failure.description)")
        throw ExitCode(failure.exitStatus)
    }
    if status != 0 { throw ExitCode(status) }
}

/// Prints to standard output; text from outside in it is shown escaped (``TerminalText``).
func say(_ text: String) {
    print(TerminalText.safe(text))
}

/// Prints to standard error, escaped like ``say(_:)``.
func complain(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.safe(text) + "\n").utf8))
}

/// Prints each warning to standard error; a warning never changes the exit status.
func warn(_ warnings: [String]) {
    for warning in warnings { complain("samrad: warning: \(warning)") }
}
