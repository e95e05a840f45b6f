internal import CGMime

/// Owns one `GMimeMessage` (a reference, released in `deinit`).
final class MimeMessage {
    private let message: UnsafeMutablePointer<GMimeMessage>
    private let parser: MimeParser

    /// Takes over a reference the caller owns (as `g_mime_parser_construct_message` returns one).
    init(adopting message: UnsafeMutablePointer<GMimeMessage>, parser: MimeParser) {
        self.message = message
        self.parser = parser
    }

    /// Takes a new reference to a message that something else owns.
    convenience init(borrowing message: UnsafeMutablePointer<GMimeMessage>, parser: MimeParser) {
        _ = cgmime_object_ref(message)
        self.init(adopting: message, parser: parser)
    }

    deinit {
        cgmime_object_unref(message)
    }

    /// The message's own header fields (GMime keeps the Content-* fields on the body instead).
    var headers: [RawHeader] {
        RawHeader.list(of: cgmime_message_as_object(message))
    }

    /// The top-level MIME entity, or nil for a message without one.
    var body: MimeObject? {
        guard let part = g_mime_message_get_mime_part(message) else { return nil }
        return MimeObject(borrowing: part, parser: parser)
    }
}

/// One header field as it stands in the input: the name, the raw value bytes and where it started.
struct RawHeader {
    /// The field name as written ("Subject").
    var name: String
    /// The value's bytes after the colon, folding and any 8-bit bytes included.
    var value: [UInt8]
    /// The byte offset of the field in the parsed input; -1 when GMime does not know it.
    var offset: Int64

    /// Every field of a GMime object, in order.
    static func list(of object: UnsafeMutablePointer<GMimeObject>) -> [RawHeader] {
        guard let list = g_mime_object_get_header_list(object) else { return [] }
        let count = g_mime_header_list_get_count(list)
        guard count > 0 else { return [] }
        var headers: [RawHeader] = []
        headers.reserveCapacity(Int(count))
        for index in 0..<count {
            guard let header = g_mime_header_list_get_header_at(list, index) else { continue }
            let name = String(borrowingCString: g_mime_header_get_raw_name(header)) ?? ""
            let value = g_mime_header_get_raw_value(header).map { [UInt8](cStringBytes: $0) } ?? []
            headers.append(RawHeader(name: name, value: value, offset: Int64(g_mime_header_get_offset(header))))
        }
        return headers
    }
}
