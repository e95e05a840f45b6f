/// Text from outside — a subject, a sender's name, a file name, a MIME parameter, an answer — made
/// safe to print on the coordinator's terminal.
///
/// Anyone who mails the reply address chooses such text. Raw, an escape sequence in it could
/// retitle, recolour or clear the terminal, and a bidirectional override could show a line's words
/// in another order than they stand. Every control character (C0, DEL, C1) and every
/// bidirectional control is shown as an escape instead, so the text reads as it is:
///
/// ```swift
/// TerminalText.safe("Hej\u{1B}[31m röd")              // "Hej\u{1B}[31m röd", printed as the eight characters \u{1B}[31m
/// TerminalText.safe("\u{202E}fdp.exe")                // "\u{202E}fdp.exe", the override shown, not obeyed
/// TerminalText.safe("rad 1\nrad 2", singleLine: true)  // "rad 1\nrad 2" on one line
/// ```
///
/// The one place this is decided: ``InputEcho`` quotes with it, and the command line passes every
/// line it prints through it.
public enum TerminalText {
    /// The text with every control and bidirectional control character shown as an escape (`\r`,
    /// `\u{1B}`, `\u{202E}`); line breaks and tabs stay as they are unless `singleLine`, for a value
    /// that must stay on its line (a subject, a name, a file name), where they are shown as `\n` and `\t`.
    public static func safe(_ text: some StringProtocol, singleLine: Bool = false) -> String {
        let shown = { (scalar: Unicode.Scalar) in isUnsafe(scalar) || singleLine && (scalar == "\n" || scalar == "\t") }
        guard text.unicodeScalars.contains(where: shown) else { return String(text) }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if shown(scalar) {
                result.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether a scalar must not reach a terminal as it is: a C0 control other than a line break
    /// and a tab, DEL, a C1 control, a bidirectional control (LRM, RLM, ALM, the embeddings,
    /// overrides and isolates), or the line and paragraph separators.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether a scalar changes the direction in which the text around it is shown: the
    /// embeddings, overrides and isolates and their terminators (U+202A–U+202E, U+2066–U+2069).
    ///
    /// These are what reports remove; the marks (LRM, RLM, ALM) only affect their neighbours.
    public static func isDirectionControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The escape for one scalar: `\n`, `\r`, `\t`, else `\u{…}` with its hex value.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
