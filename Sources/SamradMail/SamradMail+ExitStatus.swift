import SamradCore

// How the mail module's errors end a command.

extension MIMEError: ExitStatusError {
    /// 65: a value from the round or the registry cannot go in a header.
    public var exitStatus: Sysexits { .dataError }
}

extension CalendarError: ExitStatusError {
    /// 65: a value from the round cannot go in a calendar.
    public var exitStatus: Sysexits { .dataError }
}

extension MessageTemplates.Failure: ExitStatusError {
    /// 65: a template cannot be read or parsed.
    public var exitStatus: Sysexits { .dataError }
}

extension TemplateProblem: ExitStatusError {
    /// 65: a template names what its message does not have, or is not valid Mustache.
    public var exitStatus: Sysexits { .dataError }
}

extension SMTPConfigurationError: ExitStatusError {
    /// 66 when a file a setting names is missing; otherwise 78, a setting to fix.
    public var exitStatus: Sysexits { isMissingInput ? .noInput : .configuration }
}
