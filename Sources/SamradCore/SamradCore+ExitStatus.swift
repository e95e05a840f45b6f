// How the core's errors end a command.

extension ValidationFailure: ExitStatusError {
    /// 65: a contact or round file holds bad data.
    public var exitStatus: Sysexits { .dataError }
}

extension EmailAddressError: ExitStatusError {
    /// 65: an address in the input is not one.
    public var exitStatus: Sysexits { .dataError }
}

extension InputFileError: ExitStatusError {
    /// 66: the file is not there, or is not a regular file that can be read.
    public var exitStatus: Sysexits { .noInput }
}
