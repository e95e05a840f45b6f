internal import CGMime
import Foundation

/// Conversion of text in a declared charset to Swift strings, through GLib's iconv.
enum Charset {
    /// Bytes read strictly in `charset`; nil when the charset is unknown or a byte sequence is invalid in it.
    static func decode(_ bytes: some ContiguousBytes, as charset: String) -> String? {
        bytes.withUnsafeBytes { raw in decode(raw, as: charset) }
    }

    /// Text of a body part: the declared charset first, then UTF-8, Windows-1252 and ISO-8859-1.
    ///
    /// A declared ISO-8859-1 (or none, or US-ASCII with 8-bit bytes) is read as Windows-1252 first, as
    /// mail clients mean it (Outlook labels its curly quotes and dashes ISO-8859-1); WHATWG's encoding
    /// standard does the same. `fallback` names the charset used when the declared one did not fit.
    static func decodeText(_ data: Data, declared: String?) -> (text: String, fallback: String?) {
        let wanted = declared.map(candidates(for:)) ?? []
        for charset in wanted {
            if let text = decode(data, as: charset) { return (text, nil) }
        }
        for charset in ["utf-8", "windows-1252", "iso-8859-1"] where !wanted.contains(charset) {
            if let text = decode(data, as: charset) { return (text, declared == nil ? nil : charset) }
        }
        return (String(decoding: data, as: UTF8.self), "utf-8 with replacement characters")
    }

    /// Header bytes as text: UTF-8 when they are valid UTF-8, else the first declared charset they are valid in.
    static func decodeHeader(_ bytes: [UInt8], declared: [String]) -> String? {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        for charset in declared.flatMap(candidates(for:)) {
            if let text = decode(bytes, as: charset) { return text }
        }
        return nil
    }

    /// The charsets to try for a declared label, in order.
    static func candidates(for label: String) -> [String] {
        switch normalized(label) {
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1", "cp819", "ibm819":
            ["windows-1252", "iso-8859-1"]
        case "us-ascii", "ascii", "ansi_x3.4-1968":
            ["us-ascii"]
        case "utf8", "utf-8":
            ["utf-8"]
        case let other:
            [other]
        }
    }

    private static func normalized(_ label: String) -> String {
        label.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased()
    }

    private static func decode(_ raw: UnsafeRawBufferPointer, as charset: String) -> String? {
        let name = normalized(charset)
        switch name {
        case "utf-8", "utf8":
            return String(validating: raw, as: UTF8.self)
        case "us-ascii", "ascii", "ansi_x3.4-1968":
            return raw.allSatisfy { $0 < 0x80 } ? String(decoding: raw, as: UTF8.self) : nil
        default:
            break
        }
        guard !name.isEmpty, let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else {
            return raw.isEmpty ? "" : nil
        }
        GMimeLibrary.ensureInitialized()
        guard let iconvName = String(borrowingCString: g_mime_charset_iconv_name(name)) else { return nil }
        var read: gsize = 0
        var written: gsize = 0
        var error: UnsafeMutablePointer<GError>?
        let converted = g_convert(base, gssize(raw.count), "UTF-8", iconvName, &read, &written, &error)
        if let error { g_error_free(error) }
        guard let converted else { return nil }
        defer { cgmime_free(converted) }
        guard read == raw.count else { return nil }
        let utf8 = UnsafeRawBufferPointer(start: converted, count: Int(written))
        return String(validating: utf8, as: UTF8.self)
    }
}
