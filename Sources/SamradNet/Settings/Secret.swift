import Foundation

/// A password that never shows itself: its description, debug description and mirror are all redacted.
package struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; handed to libcurl and to nothing else.
    package let value: String

    /// Wraps a secret.
    package init(_ value: String) {
        self.value = value
    }

    /// Always `<redacted>`.
    package var description: String { "<redacted>" }
    /// Always `<redacted>`, so `String(reflecting:)` of a configuration shows no password.
    package var debugDescription: String { "<redacted>" }
    /// A mirror of the text `<redacted>`, so `dump` shows no password.
    package var customMirror: Mirror { Mirror(reflecting: "<redacted>") }
}

/// The login name and password a server is logged in to with (`_USER` and `_PASSWORD` or `_PASSWORD_FILE`).
package struct ServerLogin: Sendable {
    /// The login name.
    package let username: String
    /// The password; shows itself nowhere.
    package let password: Secret

    /// The text with the password blanked out, in case a server echoed it back plainly or in base64
    /// (alone, or as the SASL PLAIN and LOGIN strings carry it).
    package func redacting(_ text: String) -> String {
        let password = password.value
        let secrets = [
            Data("\0\(username)\0\(password)".utf8).base64EncodedString(),
            Data("\(username)\0\(username)\0\(password)".utf8).base64EncodedString(),
            Data(password.utf8).base64EncodedString(),
            password,
        ]
        // The longest first, so that a shorter form inside a longer one leaves none of the longer behind.
        return secrets.sorted { $0.count > $1.count }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }
}
