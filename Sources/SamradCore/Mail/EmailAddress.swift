import Foundation

/// An RFC 5322 addr-spec (`local-part@domain`), validated, with an internationalised domain allowed.
///
/// ```swift
/// let address = try EmailAddress("info@kommunå.example")
/// address.ascii        // "info@xn--kommun-nua.example": for headers and SMTP envelopes
/// address.description  // "info@kommunå.example": as written
/// ```
///
/// Validation is strict because an address reaches SMTP commands and headers: the whole text
/// must be the address, nothing is trimmed, and white space, control characters, angle brackets,
/// comments and domain literals are refused with a reason saying what to write instead.
/// Two addresses are equal when their ``normalized`` forms are: the local part as written
/// (it is case-sensitive by RFC 5321), the domain as a lower-case A-label.
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The part before "@" as written, quotes included when it is a quoted-string (`"quoted name"`).
    public let localPart: String
    /// The domain as written; Unicode letters are allowed (an internationalised domain).
    public let domain: String
    /// The domain in IDNA A-labels ("xn--…", via Punycode RFC 3492), lower-cased.
    public let asciiDomain: String

    /// The longest local part RFC 5321 §4.5.3.1.1 allows, in octets.
    public static let maxLocalPartLength = 64
    /// The longest domain label RFC 1035 allows, in octets (A-label form).
    public static let maxLabelLength = 63
    /// The longest address usable in an SMTP path (RFC 5321 §4.5.3.1.3 path minus the angle brackets).
    public static let maxLength = 254

    /// `localPart@asciiDomain`: what goes into headers and SMTP envelopes.
    public var ascii: String { localPart + "@" + asciiDomain }

    /// The form for comparisons: the local part as written, the domain as a lower-case A-label.
    ///
    /// Today this equals ``ascii``; it is a separate name because it answers a different question
    /// ("is this the same mailbox?") and may one day fold more (for example needless quotes).
    public var normalized: String { ascii }

    /// The address as written.
    public var description: String { localPart + "@" + domain }

    /// Validates `text` as a complete addr-spec; nothing around it is trimmed or tolerated.
    public init(_ text: String) throws(EmailAddressError) {
        try Self.checkWholeText(text)
        let (localPart, domain) = try Self.split(text)
        try Self.checkLocalPart(localPart)
        let asciiDomain = try Self.asciiDomain(of: domain)
        let total = localPart.utf8.count + 1 + asciiDomain.utf8.count
        guard total <= Self.maxLength else {
            throw EmailAddressError(
                "the address is \(total) octets long (with the domain in A-labels); at most \(Self.maxLength) are allowed"
            )
        }
        self.localPart = localPart
        self.domain = domain
        self.asciiDomain = asciiDomain
    }

    /// Decodes one string and validates it like ``init(_:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the address as written, as one string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Equal when the ``normalized`` forms are equal. They are compared without building them: the domain, an
    /// A-label, holds no "@", so the forms are equal exactly when the domains and the local parts are. (The import
    /// compares a reply's sender with every address of every body.)
    public static func == (lhs: EmailAddress, rhs: EmailAddress) -> Bool {
        lhs.asciiDomain == rhs.asciiDomain && lhs.localPart == rhs.localPart
    }

    /// Hashes the ``normalized`` form, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalized)
    }

    /// Orders by the ``normalized`` form, consistent with `==`.
    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool {
        lhs.normalized < rhs.normalized
    }
}

/// Why a text is not an acceptable email address.
public struct EmailAddressError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and how to fix it, as one English sentence.
    public let reason: String

    /// The reason, prefixed so that it reads well on its own in a log or a diagnostic.
    public var description: String { "invalid email address: \(reason)" }

    init(_ reason: String) {
        self.reason = reason
    }
}

/// A mailbox as headers write it: an optional display name and an address.
public struct Mailbox: Hashable, Sendable {
    /// The display name ("Barn- och utbildningsnämnden"); nil or empty for a bare address.
    public var name: String?
    /// The address.
    public var address: EmailAddress

    /// Makes a mailbox from a display name and an address.
    public init(name: String?, address: EmailAddress) {
        self.name = name
        self.address = address
    }
}

// MARK: - Validation

extension EmailAddress {
    private static let example = "'name@kommun.example'"

    /// Checks that apply to the whole text, before it is split: they give the clearest messages.
    private static func checkWholeText(_ text: String) throws(EmailAddressError) {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else {
            throw EmailAddressError("the address is empty; write it like \(example)")
        }
        if let control = text.unicodeScalars.first(where: { $0 == "\r" || $0 == "\n" }) {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) contains a line break (\(InputEcho.codePoint(control))); "
                    + "an address is one line holding only the address, like \(example)"
            )
        }
        if let control = text.unicodeScalars.first(where: \.isControlCharacter) {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) contains the control character \(InputEcho.codePoint(control)); "
                    + "remove it and write only the address, like \(example)"
            )
        }
        if first.properties.isWhitespace {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) has leading white space; remove it and write only the address, like \(example)"
            )
        }
        if last.properties.isWhitespace {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) has trailing white space; remove it and write only the address, like \(example)"
            )
        }
        if text.unicodeScalars.contains(where: { $0 == "<" || $0 == ">" }) {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) contains '<' or '>'; give the bare address, like \(example), "
                    + "without a display name or angle brackets"
            )
        }
    }

    /// Splits at the "@" that ends the local part; a quoted local part may itself contain "@".
    private static func split(_ text: String) throws(EmailAddressError) -> (local: String, domain: String) {
        let scalars = text.unicodeScalars
        let at: String.UnicodeScalarView.Index
        if scalars.first == "\"" {
            let close = try endOfQuotedString(in: scalars)
            guard close < scalars.endIndex, scalars[close] == "@" else {
                let rest = close < scalars.endIndex ? String(scalars[close...]) : ""
                throw EmailAddressError(
                    rest.isEmpty
                        ? "the address \(InputEcho.quote(text)) has no '@' after the quoted local part; write it like '\"first last\"@kommun.example'"
                        : "the quoted local part is followed by \(InputEcho.quote(rest)) where '@' must come; write it like '\"first last\"@kommun.example'"
                )
            }
            at = close
        } else {
            guard let index = scalars.firstIndex(of: "@") else {
                throw EmailAddressError("the address \(InputEcho.quote(text)) has no '@'; write it like \(example)")
            }
            at = index
        }
        let local = String(scalars[..<at])
        let domain = String(scalars[scalars.index(after: at)...])
        if domain.unicodeScalars.contains("@") {
            throw EmailAddressError(
                "the address \(InputEcho.quote(text)) contains more than one '@'; give exactly one address, like \(example)"
            )
        }
        guard !local.isEmpty else {
            throw EmailAddressError("the local part before '@' is empty in \(InputEcho.quote(text)); write it like \(example)")
        }
        guard !domain.isEmpty else {
            throw EmailAddressError("the domain after '@' is empty in \(InputEcho.quote(text)); write it like \(example)")
        }
        return (local, domain)
    }

    /// The index just past the closing quote of a quoted-string that starts the text.
    private static func endOfQuotedString(
        in scalars: String.UnicodeScalarView
    ) throws(EmailAddressError) -> String.UnicodeScalarView.Index {
        var index = scalars.index(after: scalars.startIndex)
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar.isASCII else {
                throw EmailAddressError(
                    "the local part contains the non-ASCII character '\(Character(scalar))'; "
                        + "mailboxes with non-ASCII local parts (SMTPUTF8) are not supported, ask for an ASCII address"
                )
            }
            if scalar == "\"" { return scalars.index(after: index) }
            if scalar == "\\" {
                // A quoted-pair: the backslash takes the next printable character (or space) literally.
                index = scalars.index(after: index)
                guard index < scalars.endIndex, scalars[index].isASCII else {
                    throw EmailAddressError(
                        "the quoted local part ends in a lone backslash; write '\\\\' for a backslash, or remove it"
                    )
                }
            }
            index = scalars.index(after: index)
        }
        throw EmailAddressError(
            "the quoted local part has no closing '\"'; write it like '\"first last\"@kommun.example'"
        )
    }

    private static func checkLocalPart(_ local: String) throws(EmailAddressError) {
        let length = local.utf8.count
        if let scalar = local.unicodeScalars.first(where: { !$0.isASCII }) {
            throw EmailAddressError(
                "the local part \(InputEcho.quote(local)) contains the non-ASCII character '\(Character(scalar))'; "
                    + "mailboxes with non-ASCII local parts (SMTPUTF8) are not supported, ask for an ASCII address"
            )
        }
        guard length <= maxLocalPartLength else {
            throw EmailAddressError(
                "the local part \(InputEcho.quote(local)) is \(length) octets long; at most \(maxLocalPartLength) are allowed"
            )
        }
        if local.hasPrefix("\"") { return }  // The quoted-string was checked while splitting.

        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            throw EmailAddressError(
                "the local part \(InputEcho.quote(local)) has a dot at its start or end or two dots in a row; "
                    + "dots may only separate words, like 'first.last@kommun.example'"
            )
        }
        for scalar in local.unicodeScalars where !scalar.isAtext && scalar != "." {
            let advice: String
            switch scalar {
            case " ": advice = "remove the white space, or quote the local part like '\"first last\"@kommun.example'"
            case "(", ")": advice = "comments are not accepted; write only the address, like \(example)"
            default:
                advice = "quote the local part like '\"a\(Character(scalar))b\"@kommun.example' if the character really belongs there"
            }
            throw EmailAddressError(
                "the local part \(InputEcho.quote(local)) contains '\(Character(scalar))', which is not allowed unquoted; \(advice)"
            )
        }
    }

    /// Validates the domain and returns it as lower-case A-labels.
    private static func asciiDomain(of domain: String) throws(EmailAddressError) -> String {
        if domain.hasPrefix("[") {
            throw EmailAddressError(
                "the domain \(InputEcho.quote(domain)) is a domain literal (an IP address in brackets); write a domain name, like \(example)"
            )
        }
        if domain.unicodeScalars.contains(where: { $0 == "(" || $0 == ")" }) {
            throw EmailAddressError(
                "the domain \(InputEcho.quote(domain)) contains a comment in parentheses; write only the address, like \(example)"
            )
        }
        if domain.unicodeScalars.contains(where: \.properties.isWhitespace) {
            throw EmailAddressError(
                "the domain \(InputEcho.quote(domain)) contains white space; remove it and write the domain like 'kommun.example'"
            )
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.contains(where: \.isEmpty) {
            throw EmailAddressError(
                "the domain part \(InputEcho.quote(domain)) has an empty label; write it like \(example)"
            )
        }
        guard labels.count >= 2 else {
            throw EmailAddressError(
                "the domain \(InputEcho.quote(domain)) has a single label; write the full domain, like \(example)"
            )
        }
        var asciiLabels: [String] = []
        for label in labels {
            asciiLabels.append(try aLabel(of: String(label)))
        }
        if let last = asciiLabels.last, last.allSatisfy(\.isNumber) {
            throw EmailAddressError(
                "the domain \(InputEcho.quote(domain)) ends in the all-digit label '\(last)'; write a domain name, not an IP address"
            )
        }
        return asciiLabels.joined(separator: ".")
    }

    /// One label as a lower-case A-label; Unicode labels are NFC-normalised and lower-cased first.
    private static func aLabel(of label: String) throws(EmailAddressError) -> String {
        let lowered = label.precomposedStringWithCanonicalMapping.lowercased()
        for scalar in lowered.unicodeScalars {
            let allowed: Bool
            if scalar.isASCII {
                allowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
            } else {
                switch scalar.properties.generalCategory {
                case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                    .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
                    allowed = true
                default:
                    allowed = false
                }
            }
            guard allowed else {
                throw EmailAddressError(
                    "the domain label \(InputEcho.quote(label)) contains '\(Character(scalar))'; "
                        + "a domain has only letters, digits and hyphens between its dots, like 'kommun.example'"
                )
            }
        }
        if lowered.hasPrefix("-") || lowered.hasSuffix("-") {
            throw EmailAddressError(
                "the domain label \(InputEcho.quote(label)) starts or ends with a hyphen; hyphens may only stand inside a label, like 'sankt-anna.example'"
            )
        }
        let aLabel: String
        if lowered.unicodeScalars.allSatisfy(\.isASCII) {
            if lowered.hasPrefix("xn--") {
                // An A-label written out: it must decode to a label that really needs it.
                guard let decoded = Punycode.decode(String(lowered.dropFirst(4))),
                    decoded.unicodeScalars.contains(where: { !$0.isASCII })
                else {
                    throw EmailAddressError(
                        "the domain label \(InputEcho.quote(label)) starts with 'xn--' but is not valid Punycode; write the domain as it reads, like 'kommunå.example'"
                    )
                }
            }
            aLabel = lowered
        } else {
            guard let encoded = Punycode.encode(lowered) else {
                throw EmailAddressError(
                    "the domain label \(InputEcho.quote(label)) cannot be converted to an A-label; check the domain"
                )
            }
            aLabel = "xn--" + encoded
        }
        guard aLabel.utf8.count <= maxLabelLength else {
            throw EmailAddressError(
                "the domain label \(InputEcho.quote(label)) is \(aLabel.utf8.count) octets long as an A-label; "
                    + "a label may have at most \(maxLabelLength)"
            )
        }
        return aLabel
    }
}

// MARK: - Shared with SamradMail

extension Unicode.Scalar {
    /// Whether this is RFC 5322 atext: a letter, a digit or one of ``!#$%&'*+-/=?^_`{|}~``.
    package var isAtext: Bool {
        switch self {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~": true
        default: false
        }
    }

    /// Whether this is a C0 control (U+0000–U+001F, tab included), DEL (U+007F) or a C1 control (U+0080–U+009F).
    package var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}

/// Renders user input safely inside an error message.
package enum InputEcho {
    /// `'value'` with at most `limit` characters, control and bidirectional characters shown as
    /// escapes (`\r`, `\n`, `\u{7F}`, `\u{202E}`) as ``TerminalText`` shows them.
    package static func quote(_ value: some StringProtocol, limit: Int = 40) -> String {
        let scalars = value.unicodeScalars
        let shown = String(String.UnicodeScalarView(scalars.prefix(limit)))
        return "'" + TerminalText.safe(shown, singleLine: true) + (scalars.count > limit ? "…" : "") + "'"
    }

    /// "U+000A" for a scalar, as the Unicode standard names code points.
    package static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
