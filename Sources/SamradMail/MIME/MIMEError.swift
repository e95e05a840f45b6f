import SamradCore

/// Why a message cannot be written: which header or field, and what to change.
///
/// The reason quotes at most 40 characters of the offending value, with control characters
/// shown as escapes, so a hostile value can neither flood a log nor inject lines into it.
public struct MIMEError: Error, Sendable, CustomStringConvertible {
    /// The header or field at fault as the message would name it: "Subject", "To", "Content-Disposition".
    public let field: String
    /// What is wrong and how to fix it.
    public let reason: String

    /// "cannot write the Subject header: …"
    public var description: String { "cannot write the \(field) header: \(reason)" }

    init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}

extension MIMEError {
    /// Throws when `value` holds a control character (C0 including tab, DEL, C1): such a character
    /// in a header could end the header and start another one.
    static func rejectControlCharacters(
        in value: some StringProtocol, field: String, what: String
    ) throws(MIMEError) {
        guard let scalar = value.unicodeScalars.first(where: \.isControlCharacter) else { return }
        let kind = scalar == "\r" || scalar == "\n" ? "a line break" : "the control character"
        throw MIMEError(
            field: field,
            reason: "\(what) \(InputEcho.quote(value)) contains \(kind) \(InputEcho.codePoint(scalar)); "
                + "headers are one logical line of printable text, so remove it"
        )
    }
}
