import SamradCore

// How the PostgreSQL store's settings errors end a command.

extension PostgresSettingsError: ExitStatusError {
    /// 66 for a password or CA file that is missing or not a file, 78 for any other fault in the settings.
    public var exitStatus: Sysexits { isMissingInput ? .noInput : .configuration }
}
