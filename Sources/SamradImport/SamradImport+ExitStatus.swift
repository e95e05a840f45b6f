import SamradCore

// How the import module's errors end a command.

extension MailReadError: ExitStatusError {
    /// 65: the file is not mail Samråd can read.
    public var exitStatus: Sysexits { .dataError }
}

extension CSVImportError: ExitStatusError {
    /// 65: the CSV export holds bad data.
    public var exitStatus: Sysexits { .dataError }
}

extension AttachmentStoreError: ExitStatusError {
    /// 78: the attachment folder cannot be used as configured.
    public var exitStatus: Sysexits { .configuration }
}

extension IMAPConfigurationError: ExitStatusError {
    /// 66 when a file a setting names is missing; otherwise 78, a setting to fix.
    public var exitStatus: Sysexits { isMissingInput ? .noInput : .configuration }
}

extension IMAPError: ExitStatusError {
    /// 78 for a login, mailbox or TLS setting to fix (75 when the server said to try again); 69 when the server
    /// cannot be reached or trusted; 75 for a passing fault; 65 for a message too large to read.
    public var exitStatus: Sysexits {
        switch code {
        case .loginRefused, .noSuchMailbox, .tlsExpected: isTemporary ? .temporaryFailure : .configuration
        case .certificate, .tlsUnavailable, .tlsFailed, .unreachable, .libcurl: .unavailable
        case .timedOut, .connectionLost, .uidValidityChanged, .noSuchMessage: .temporaryFailure
        case .messageTooLarge: .dataError
        default: isTemporary ? .temporaryFailure : .unavailable
        }
    }
}
