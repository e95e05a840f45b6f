import Foundation
import SamradCore
import SamradImport
import SamradMail
import SamradStore

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
            return SamradError(from(error.underlying).code, error.description)
        case let error as IMAPError:
            return SamradError(code(for: error), error.description)
        case let error as IMAPConfigurationError:
            return SamradError(.configuration, error.description)
        case let error as SMTPConfigurationError:
            return SamradError(.configuration, error.description)
        case let error as AttachmentStoreError:
            return SamradError(.configuration, error.description)
        case let error as ValidationFailure:
            return SamradError(.dataError, error.description)
        case let error as MessageTemplates.Failure:
            return SamradError(.dataError, error.description)
        case let error as MailReadError:
            return SamradError(.dataError, error.description)
        case let error as CSVImportError:
            return SamradError(.dataError, error.description)
        case let error as EmailAddressError:
            return SamradError(.dataError, error.description)
        case let error as MIMEError:
            return SamradError(.dataError, error.description)
        case let error as CalendarError:
            return SamradError(.dataError, error.description)
        case let error as CocoaError where [.fileNoSuchFile, .fileReadNoSuchFile, .fileReadNoPermission].contains(error.code):
            return SamradError(.noInput, error.localizedDescription)
        case let error as POSIXError where [.ENOENT, .EACCES, .ENOTDIR].contains(error.code):
            return SamradError(.noInput, error.localizedDescription)
        default:
            if let stored = StoreError.from(error) {
                return SamradError(code(for: stored), stored.description)
            }
            return SamradError(
                .software, "internal error, a fault in Samråd itself: \(error); please report it with the command that was run")
        }
    }

    /// The exit status for what went wrong with the IMAP server.
    static func code(for error: IMAPError) -> Code {
        switch error.code {
        case .loginRefused, .noSuchMailbox, .tlsExpected: error.isTemporary ? .temporaryFailure : .configuration
        case .certificate, .tlsUnavailable, .tlsFailed, .unreachable, .libcurl: .unavailable
        case .timedOut, .connectionLost, .uidValidityChanged, .noSuchMessage: .temporaryFailure
        case .messageTooLarge: .dataError
        default: error.isTemporary ? .temporaryFailure : .unavailable
        }
    }

    /// The exit status for what went wrong with the database.
    static func code(for error: StoreError) -> Code {
        switch error.code {
        case .busy: .temporaryFailure
        case .cannotOpen: .configuration
        case .notFound: .noInput
        default: .dataError
        }
    }
}
