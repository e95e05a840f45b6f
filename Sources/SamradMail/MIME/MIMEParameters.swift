import Foundation
import SamradCore

/// MIME header parameters (RFC 2045 §5.1, RFC 2231): tokens, quoted values, encoded file names.
enum MIMEParameters {
    /// The longest token a parameter segment may be, so that " token" fits a 78-column line.
    static let maxSegmentLength = HeaderField.lineLimit - 2

    /// Whether `text` is an RFC 2045 token: printable ASCII without space or tspecials.
    static func isToken(_ text: some StringProtocol) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                (0x21...0x7E).contains(scalar.value) && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains(scalar)
            }
    }

    /// Throws unless `value` is a token; `what` names it in the message ("the text subtype").
    static func checkToken(_ value: String, field: String, what: String, example: String) throws(MIMEError) {
        try MIMEError.rejectControlCharacters(in: value, field: field, what: what)
        guard isToken(value) else {
            throw MIMEError(
                field: field,
                reason: "\(what) \(InputEcho.quote(value)) is not a MIME token (printable ASCII without space or "
                    + "()<>@,;:\\\"/[]?=); write it like '\(example)'"
            )
        }
    }

    /// The `filename` parameter of Content-Disposition, as header tokens (all but the last end in ";").
    ///
    /// Printable ASCII without `"`, `\` or "=?" that fits a line is a plain quoted-string. Anything else
    /// is RFC 2231: `filename*=UTF-8''…`, percent-encoding every octet outside attr-char (RFC 5987),
    /// in numbered continuations (`filename*0*=UTF-8''…; filename*1*=…`) when it is longer than a
    /// line. Continuations split only between Unicode scalars, because readers (Python's among
    /// them) decode each segment's octets on their own.
    static func encodedFilename(_ filename: String) -> [String] {
        let parameter = "filename"
        let simple =
            !filename.contains("=?")
            && filename.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) && $0 != "\"" && $0 != "\\" }
        let plain = parameter + "=\"" + filename + "\""
        if simple && plain.utf8.count <= maxSegmentLength { return [plain] }

        let pieces = filename.unicodeScalars.map(percentEncoded)
        let single = parameter + "*=UTF-8''" + pieces.joined()
        if single.utf8.count <= maxSegmentLength { return [single] }

        var segments: [String] = []
        var current = ""
        var currentPrefix = parameter + "*0*=UTF-8''"
        for piece in pieces {
            // Room for the ";" that ends every segment but the last.
            if !current.isEmpty && currentPrefix.utf8.count + current.utf8.count + piece.utf8.count + 1 > maxSegmentLength {
                segments.append(currentPrefix + current + ";")
                current = ""
                currentPrefix = parameter + "*\(segments.count)*="
            }
            current += piece
        }
        segments.append(currentPrefix + current)
        return segments
    }

    /// The file name in printable ASCII for readers that know no RFC 2231 (the `name` parameter
    /// of Content-Type): accents dropped, dashes as "-", other non-ASCII as "_", and `"`, `\` and
    /// `?` as "_" too, so that the quoted value needs no escapes and never looks like an encoded word.
    static func asciiFallback(_ filename: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in filename.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "\"", "\\", "?":
                result.append("_")
            case " "..."~":
                result.append(scalar)
            default:
                switch scalar.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .format:
                    break  // Accents, and invisible characters such as a soft hyphen.
                case .dashPunctuation:
                    result.append("-")
                case .spaceSeparator:
                    result.append(" ")
                default:
                    result.append("_")
                }
            }
        }
        return String(result)
    }

    /// RFC 5987 attr-char: ALPHA, DIGIT and `!#$&+-.^_`|~`; everything else is percent-encoded.
    private static func percentEncoded(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9",
            "!", "#", "$", "&", "+", "-", ".", "^", "_", "`", "|", "~":
            return String(scalar)
        default:
            return String(scalar).utf8.map { "%" + hex[Int($0 >> 4)] + hex[Int($0 & 0x0F)] }.joined()
        }
    }

    private static let hex = "0123456789ABCDEF".map(String.init)
}
