import SamradCore

// How the PostgreSQL store's settings errors end a command.

extension PostgresSettingsError: ExitStatusError {
    /// 66 for a password or CA file that is missing or not a file, 78 for any other fault in the settings.
    public var exitStatus: Sysexits { isMissingInput ? .noInput : .configuration }
}

extension PostgresStoreError: ExitStatusError {
    /// 75 when the server could not be reached or asked to try again (a deadlock, a serialization failure, a lock not
    /// available, a server shutting down): cron's next run tries again; 70 for any other statement the server
    /// refused (the audit trail's trigger, a missing privilege); 65 for what the database holds that this version
    /// cannot read, as on SQLite.
    public var exitStatus: Sysexits {
        if isConnectionFailure { return .temporaryFailure }
        guard let sqlState else { return .dataError }
        if ["40001", "40P01", "55P03", "57P01", "57P03"].contains(sqlState) || sqlState.hasPrefix("08") {
            return .temporaryFailure
        }
        return .software
    }
}
