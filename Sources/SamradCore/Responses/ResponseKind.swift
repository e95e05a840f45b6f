/// What kind of answer a response is.
public enum ResponseKind: String, Sendable, Codable, CaseIterable {
    /// A message read from mail.
    case mail
    /// A row of a form or Excel export.
    case form
    /// A submission in the answer portal.
    case portal
    /// An answer a person recorded by hand: a letter, a call, what was said at a dialogue or meeting.
    case manual
    /// A person's correction of a reading.
    case correction
}
