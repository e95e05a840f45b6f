import Foundation
import SamradCore

/// An error a command reports to the user, with the exit status it ends with (sysexits).
public struct SamradError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure, each with its sysexits status.
    public enum Code: Int32, Sendable {
        /// 64: the command line was wrong.
        case usage = 64
        /// 65: an input file holds bad data.
        case dataError = 65
        /// 66: an input file or folder is missing.
        case noInput = 66
        /// 69: the mail server could not be reached.
        case unavailable = 69
        /// 75: something must be tried again later.
        case temporaryFailure = 75
        /// 78: the configuration (environment) is wrong.
        case configuration = 78
        /// 70: a fault in Samråd itself.
        case software = 70
    }

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

    /// Converts any error into one a person can act on.
    public static func from(_ error: any Error) -> SamradError {
        switch error {
        case let error as SamradError: return error
        case let error as ValidationFailure: return SamradError(.dataError, error.description)
        default: return SamradError(.software, "\(error)")
        }
    }
}
