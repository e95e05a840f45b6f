import Foundation
import SamradCore

/// A file name that is safe to create inside a folder, made from the name a sender wrote.
///
/// Only the last path component is kept (after "/" or "\"); control, bidirectional-override and
/// separator characters are removed; characters Windows and SMB shares refuse (`: * ? " < > |`)
/// and white space become "_"; leading dots and trailing dots and spaces go; reserved Windows
/// device names get a "_" in front; the name is cut to ``maximumLength`` UTF-8 bytes keeping its
/// extension. What is left empty becomes "bilaga" with an extension from the media type.
enum SafeFileName {
    /// The longest name in UTF-8 bytes; file systems allow 255, and the store adds nothing to it.
    static let maximumLength = 120
    /// The name used when nothing of the sender's name is left.
    static let fallbackStem = "bilaga"

    private static let reservedDeviceNames = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// A safe name for a file the sender called `name`, with media type `contentType`.
    static func make(from name: String, contentType: String) -> String {
        let normalized = name.precomposedStringWithCanonicalMapping
        let component = normalized.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = ""
        for scalar in component.unicodeScalars {
            if scalar.isControlCharacter || isInvisibleFormatting(scalar) { continue }
            if ":*?\"<>|".unicodeScalars.contains(scalar) || scalar.properties.isWhitespace {
                if !cleaned.hasSuffix("_") { cleaned += "_" }
                continue
            }
            cleaned.unicodeScalars.append(scalar)
        }
        let startedWithDot = cleaned.hasPrefix(".")
        cleaned = String(cleaned.drop { $0 == "." || $0 == "_" })
        while let last = cleaned.last, last == "." || last == "_" || last == " " { cleaned.removeLast() }
        if cleaned.isEmpty { return fallbackStem + defaultExtension(for: contentType) }
        if startedWithDot { cleaned = fallbackStem + "." + cleaned }
        let stem = cleaned.split(separator: ".", maxSplits: 1).first.map(String.init) ?? cleaned
        if reservedDeviceNames.contains(stem.uppercased()) { cleaned = "_" + cleaned }
        return limited(cleaned)
    }

    /// The name cut at a character boundary to ``maximumLength`` UTF-8 bytes, a short extension kept.
    private static func limited(_ name: String) -> String {
        guard name.utf8.count > maximumLength else { return name }
        var stem = Substring(name)
        var fileExtension = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 16, dot != name.startIndex {
            stem = name[..<dot]
            fileExtension = String(name[dot...])
        }
        var result = ""
        for character in stem {
            if result.utf8.count + character.utf8.count + fileExtension.utf8.count > maximumLength { break }
            result.append(character)
        }
        return result + fileExtension
    }

    /// Zero-width and bidirectional formatting characters, which can disguise a name ("gpj.exe" shown as "exe.jpg").
    private static func isInvisibleFormatting(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0x2028, 0x2029: true
        default: false
        }
    }

    /// ".pdf" for application/pdf and the like; ".bin" for a type not listed.
    static func defaultExtension(for contentType: String) -> String {
        switch contentType.lowercased() {
        case "application/pdf": ".pdf"
        case "application/msword": ".doc"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"
        case "application/vnd.ms-excel": ".xls"
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"
        case "application/vnd.ms-powerpoint": ".ppt"
        case "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx"
        case "application/vnd.oasis.opendocument.text": ".odt"
        case "application/vnd.oasis.opendocument.spreadsheet": ".ods"
        case "application/rtf", "text/rtf": ".rtf"
        case "application/zip": ".zip"
        case "text/plain": ".txt"
        case "text/html": ".html"
        case "text/csv": ".csv"
        case "text/calendar": ".ics"
        case "image/png": ".png"
        case "image/jpeg": ".jpg"
        case "image/gif": ".gif"
        case "message/rfc822": ".eml"
        default: ".bin"
        }
    }
}
