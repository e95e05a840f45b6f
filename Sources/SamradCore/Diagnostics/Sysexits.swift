/// How a command ends, as sysexits(3) numbers it: the status cron and scripts act on.
public enum Sysexits: Int32, Sendable, CaseIterable {
    /// 64: the command line was wrong.
    case usage = 64
    /// 65: an input file holds bad data.
    case dataError = 65
    /// 66: an input file or folder is missing.
    case noInput = 66
    /// 69: a server, or a program this machine needs, is unavailable.
    case unavailable = 69
    /// 70: a fault in Samråd itself.
    case software = 70
    /// 73: the output cannot be created, e.g. a database to copy into that is not empty.
    case cannotCreate = 73
    /// 75: something must be tried again later (a lock, a passing fault).
    case temporaryFailure = 75
    /// 78: the configuration (environment, settings) is wrong.
    case configuration = 78
}

/// An error that knows how the command it stops should end. Each module's errors say it beside their definition
/// (in `<Module>+ExitStatus.swift`), so that SamradApp's one funnel, `SamradError.from`, needs no case per type.
public protocol ExitStatusError: Error, CustomStringConvertible {
    /// The status a command stopped by this error ends with.
    var exitStatus: Sysexits { get }
}
