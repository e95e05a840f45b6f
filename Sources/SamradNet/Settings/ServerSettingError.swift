import SamradCore

/// Why a server setting (`SAMRAD_SMTP_*`, `SAMRAD_IMAP_*`) cannot be used: the variable and a
/// sentence a person can act on, never the secret itself.
///
/// SMTP and IMAP pass it on as their own configuration errors, with the same variable and text.
package struct ServerSettingError: Error, Sendable, CustomStringConvertible {
    /// The environment variable at fault.
    package let variable: String
    /// What is wrong and what to do.
    package let description: String
    /// Whether the fault is a file the variable names that is missing or not a file (exit 66, not 78).
    package let isMissingInput: Bool

    package init(_ variable: String, _ description: String, isMissingInput: Bool = false) {
        self.variable = variable
        self.description = description
        self.isMissingInput = isMissingInput
    }

    /// A file the variable names is missing, is not a regular file, or cannot be read.
    init(_ variable: String, file error: InputFileError, what: String) {
        self.init(variable, "\(what) \(error.description) (\(variable)); give the path of a regular file", isMissingInput: true)
    }
}
