import SamradNet

/// Why the SMTP settings cannot be used: names the environment variable and says how to fix it.
///
/// The text never contains a password, nor a URL that might hold one.
public struct SMTPConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The environment variable at fault, e.g. `SAMRAD_SMTP_PASSWORD_FILE`; nil when the fault is libcurl's.
    public let variable: String?
    /// What is wrong, on which input, and what to do, as one or two English sentences.
    public let description: String
    /// Whether a file the variable names is missing or is not a regular file (a FIFO, a device):
    /// missing input (exit 66) rather than a wrong setting.
    public let isMissingInput: Bool

    init(_ variable: String?, _ description: String, isMissingInput: Bool = false) {
        self.variable = variable
        self.description = description
        self.isMissingInput = isMissingInput
    }

    /// A setting SMTP shares with IMAP, refused by SamradNet: the same variable and text.
    init(_ error: ServerSettingError) {
        self.init(error.variable, error.description, isMissingInput: error.isMissingInput)
    }
}
