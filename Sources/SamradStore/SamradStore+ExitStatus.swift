import SamradCore

// How the store's errors end a command.

extension StoreError: ExitStatusError {
    /// 75 for a database locked by another process (try again), 78 for a file that cannot be opened or written,
    /// 66 for what is not in the database, 65 for what this version cannot read.
    public var exitStatus: Sysexits {
        switch code {
        case .busy: .temporaryFailure
        case .cannotOpen: .configuration
        case .notFound: .noInput
        default: .dataError
        }
    }
}
