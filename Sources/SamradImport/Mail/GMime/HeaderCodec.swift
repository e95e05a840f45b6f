internal import CGMime
import Foundation

/// GMime's readers for the inside of header values, over Swift strings.
///
/// Every input is header text already converted to UTF-8 and unfolded (see ``HeaderField``);
/// these functions decode RFC 2047 encoded-words, RFC 2231 parameters, addresses, dates and
/// message identifiers. They use GMime's default, lenient parser options.
enum HeaderCodec {
    /// An address as a header wrote it: the display name (decoded) and the addr-spec.
    struct Address: Equatable {
        var name: String?
        var address: String
    }

    /// Unstructured text with RFC 2047 encoded-words decoded ("=?utf-8?Q?Fr=C3=A5nvaro?=" → "Frånvaro").
    static func decodeText(_ text: String) -> String {
        GMimeLibrary.ensureInitialized()
        guard text.containsFast("=?") else { return text }
        return String(takingGLibString: g_mime_utils_header_decode_text(nil, text)) ?? text
    }

    /// A msg-id without its angle brackets, or nil when the text holds none.
    static func messageID(_ text: String) -> String? {
        GMimeLibrary.ensureInitialized()
        guard let id = String(takingGLibString: g_mime_utils_decode_message_id(text)), !id.isEmpty else { return nil }
        return id
    }

    /// The msg-ids of an In-Reply-To or References field, in order, without angle brackets.
    static func references(_ text: String) -> [String] {
        GMimeLibrary.ensureInitialized()
        guard let references = g_mime_references_parse(nil, text) else { return [] }
        defer { g_mime_references_free(references) }
        let count = g_mime_references_length(references)
        guard count > 0 else { return [] }
        return (0..<count).compactMap { String(borrowingCString: g_mime_references_get_message_id(references, $0)) }
            .filter { !$0.isEmpty }
    }

    /// An RFC 5322 date (obsolete forms included), or nil when GMime cannot read it.
    static func date(_ text: String) -> Date? {
        GMimeLibrary.ensureInitialized()
        guard let dateTime = g_mime_utils_header_decode_date(text) else { return nil }
        defer { g_date_time_unref(dateTime) }
        let seconds = g_date_time_to_unix(dateTime)
        let microseconds = g_date_time_get_microsecond(dateTime)
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(microseconds) / 1_000_000)
    }

    /// Every mailbox in an address list, groups flattened, in order; display names decoded.
    static func addresses(_ text: String) -> [Address] {
        GMimeLibrary.ensureInitialized()
        guard let list = internet_address_list_parse(nil, text) else { return [] }
        defer { cgmime_object_unref(list) }
        var result: [Address] = []
        collect(list, into: &result, depth: 0)
        return result
    }

    private static func collect(_ list: UnsafeMutablePointer<InternetAddressList>, into result: inout [Address], depth: Int) {
        let count = internet_address_list_length(list)
        guard count > 0, depth < 4 else { return }
        for index in 0..<count {
            guard let address = internet_address_list_get_address(list, index) else { continue }
            if cgmime_is_mailbox(address) != 0 {
                let name = String(borrowingCString: internet_address_get_name(address))
                let addr = String(borrowingCString: internet_address_mailbox_get_addr(cgmime_as_mailbox(address))) ?? ""
                result.append(Address(name: name?.isEmpty == true ? nil : name, address: addr))
            } else if cgmime_is_group(address) != 0, let members = internet_address_group_get_members(cgmime_as_group(address)) {
                collect(members, into: &result, depth: depth + 1)
            }
        }
    }

    /// A Content-Disposition value: the disposition lower-cased ("attachment") and its parameters,
    /// with RFC 2231 (`filename*=utf-8''…`, continuations) and RFC 2047 values decoded.
    ///
    /// A NUL in a value becomes "?" (``withoutEncodedNUL(_:)``), so that no name is cut short.
    static func disposition(_ text: String) -> (disposition: String, parameters: [String: String]) {
        GMimeLibrary.ensureInitialized()
        guard let disposition = g_mime_content_disposition_parse(nil, withoutEncodedNUL(text)) else { return ("", [:]) }
        defer { cgmime_object_unref(disposition) }
        let value = String(borrowingCString: g_mime_content_disposition_get_disposition(disposition)) ?? ""
        let parameters = g_mime_content_disposition_get_parameters(disposition).map(MimeObject.parameters(of:)) ?? [:]
        return (value.lowercased(), parameters)
    }

    /// The parameters of a Content-Type value, decoded like ``disposition(_:)``.
    static func contentTypeParameters(_ text: String) -> [String: String] {
        GMimeLibrary.ensureInitialized()
        guard let contentType = g_mime_content_type_parse(nil, withoutEncodedNUL(text)) else { return [:] }
        defer { cgmime_object_unref(contentType) }
        return g_mime_content_type_get_parameters(contentType).map(MimeObject.parameters(of:)) ?? [:]
    }

    /// Header text in which no NUL can reach GMime's C strings, which would end there: a NUL
    /// character, and a `%00` in an RFC 2231 extended value (`filename*=utf-8''svar.pdf%00.exe`),
    /// become "?" (`%3F`), as GMime itself writes a NUL of an encoded-word. The name keeps every
    /// other character ("svar.pdf?.exe"), so its real ending shows.
    static func withoutEncodedNUL(_ text: String) -> String {
        var text = text
        if text.unicodeScalars.contains("\0") { text = text.replacingOccurrences(of: "\0", with: "?") }
        guard text.containsFast("%00") else { return text }
        var result = ""
        var rest = Substring(text)
        // An extended value runs from "*=" (after a parameter name) to the next ";".
        while let start = rest.range(of: #"\*[ \t]*="#, options: .regularExpression) {
            result += rest[..<start.upperBound]
            let value = rest[start.upperBound...].prefix { $0 != ";" }
            result += value.replacingOccurrences(of: "%00", with: "%3F")
            rest = rest[value.endIndex...]
        }
        return result + rest
    }
}
