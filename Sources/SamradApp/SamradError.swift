import Foundation
import SamradCore
import SamradImport
import SamradMail
import SamradStore

/// An error a command reports to the user, with the exit status it ends with (sysexits).
public struct SamradError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure, each with its sysexits status.
    public typealias Code = Sysexits

    /// What kind of failure.
    public let code: Code
    /// What failed, on which input, and what to do.
    public let description: String

    /// Creates an error.
    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    /// The exit status.
    public var exitStatus: Int32 { code.rawValue }

    /// Converts any error into one a person can act on, with its exit status: the one place where
    /// each module's errors meet sysexits.
    ///
    /// 65 bad data in a file, 66 a file or record that is not there, 69 a server or a program this
    /// machine needs is unavailable, 75 a lock or a passing fault (try again), 78 settings to fix;
    /// 70 only for what Samråd does not expect, which is a fault in Samråd itself.
    public static func from(_ error: any Error) -> SamradError {
        switch error {
        case let error as SamradError:
            return error
        case let error as IMAPPollError:
            // The poll's own words, with the status of what stopped it.
            return SamradError(from(error.underlying).code, error.description)
        case let error as any ExitStatusError:
            return SamradError(error.exitStatus, error.description)
        case let error as CocoaError where [.fileNoSuchFile, .fileReadNoSuchFile, .fileReadNoPermission].contains(error.code):
            return SamradError(.noInput, error.localizedDescription)
        case let error as POSIXError where [.ENOENT, .EACCES, .ENOTDIR].contains(error.code):
            return SamradError(.noInput, error.localizedDescription)
        default:
            if let stored = StoreError.from(error) {
                return SamradError(stored.exitStatus, stored.description)
            }
            return SamradError(
                .software, "internal error, a fault in Samråd itself: \(error); please report it with the command that was run")
        }
    }
}
