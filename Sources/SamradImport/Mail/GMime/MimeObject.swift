internal import CGMime
import Foundation

/// Owns a reference to one `GMimeObject` (a part, a multipart or an embedded message), released in `deinit`.
final class MimeObject {
    /// What GMime made of the entity.
    enum Kind {
        case multipart
        case message
        case partial
        case leaf
    }

    private let object: UnsafeMutablePointer<GMimeObject>
    private let parser: MimeParser

    /// Takes a new reference to an object that something else (usually its parent) owns.
    init(borrowing object: UnsafeMutablePointer<GMimeObject>, parser: MimeParser) {
        _ = cgmime_object_ref(object)
        self.object = object
        self.parser = parser
    }

    deinit {
        cgmime_object_unref(object)
    }

    var kind: Kind {
        if cgmime_is_multipart(object) != 0 { return .multipart }
        if cgmime_is_message_partial(object) != 0 { return .partial }
        if cgmime_is_message_part(object) != 0 { return .message }
        return .leaf
    }

    /// The header fields of this entity, in order.
    var headers: [RawHeader] { RawHeader.list(of: object) }

    /// The media type and subtype, lower-cased ("text", "plain"); GMime supplies the defaults for a missing header.
    var mediaType: (type: String, subtype: String) {
        guard let contentType = g_mime_object_get_content_type(object) else { return ("text", "plain") }
        let type = String(borrowingCString: g_mime_content_type_get_media_type(contentType)) ?? "text"
        let subtype = String(borrowingCString: g_mime_content_type_get_media_subtype(contentType)) ?? "plain"
        return (type.lowercased(), subtype.lowercased())
    }

    /// The Content-Type parameters as GMime decoded them, names lower-cased.
    var contentTypeParameters: [String: String] {
        guard let contentType = g_mime_object_get_content_type(object),
            let list = g_mime_content_type_get_parameters(contentType)
        else { return [:] }
        return Self.parameters(of: list)
    }

    /// The parts of a multipart, in order; empty for anything else.
    var children: [MimeObject] {
        guard kind == .multipart else { return [] }
        let multipart = cgmime_as_multipart(object)
        let count = g_mime_multipart_get_count(multipart)
        guard count > 0 else { return [] }
        return (0..<count).compactMap { index in
            g_mime_multipart_get_part(multipart, index).map { MimeObject(borrowing: $0, parser: parser) }
        }
    }

    /// Whether the parser met this multipart's closing boundary; true for anything else.
    var hasClosingBoundary: Bool {
        guard kind == .multipart else { return true }
        return cgmime_multipart_has_closing_boundary(cgmime_as_multipart(object)) != 0
    }

    /// The message inside a message/rfc822 (or message/global, message/news) part.
    var embeddedMessage: MimeMessage? {
        guard kind == .message, let message = g_mime_message_part_get_message(cgmime_as_message_part(object)) else {
            return nil
        }
        return MimeMessage(borrowing: message, parser: parser)
    }

    /// The id, number and total of a message/partial fragment.
    var partialInfo: (id: String?, number: Int, total: Int) {
        guard kind == .partial else { return (nil, 0, 0) }
        let partial = cgmime_as_message_partial(object)
        return (
            String(borrowingCString: g_mime_message_partial_get_id(partial)),
            Int(g_mime_message_partial_get_number(partial)),
            Int(g_mime_message_partial_get_total(partial))
        )
    }

    /// The content of a leaf part with its transfer encoding (base64, quoted-printable, …) undone.
    ///
    /// Returns nil when GMime cannot write it out; an empty part gives empty data.
    func decodedContent() -> Data? {
        guard kind == .leaf, cgmime_is_part(object) != 0 else { return nil }
        guard let wrapper = g_mime_part_get_content(cgmime_as_part(object)) else { return Data() }
        guard let sink = g_mime_stream_mem_new() else { return nil }
        defer { cgmime_object_unref(sink) }
        guard g_mime_data_wrapper_write_to_stream(wrapper, sink) >= 0 else { return nil }
        guard let bytes = cgmime_stream_mem_bytes(sink), let start = bytes.pointee.data else { return Data() }
        return Data(bytes: start, count: Int(bytes.pointee.len))
    }

    /// At most `limit` bytes of a leaf part's content, transfer encoding undone, and whether the
    /// content goes on beyond them; nil when GMime cannot read it.
    ///
    /// Only what is kept is decoded, so a part far larger than the limit costs no more memory than the limit.
    func decodedContent(limit: Int) -> (data: Data, truncated: Bool)? {
        guard kind == .leaf, cgmime_is_part(object) != 0 else { return nil }
        guard let wrapper = g_mime_part_get_content(cgmime_as_part(object)) else { return (Data(), false) }
        guard let stream = cgmime_decoded_stream(wrapper) else { return (Data(), false) }
        defer {
            cgmime_object_unref(stream)
            if let source = g_mime_data_wrapper_get_stream(wrapper) { g_mime_stream_reset(source) }
        }
        var data = Data()
        // GMime writes what it reads into the buffer, so it needs no zeroing first.
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: 1 << 16)
        defer { buffer.deallocate() }
        while data.count <= limit {
            let count = g_mime_stream_read(stream, buffer.baseAddress, buffer.count)
            // A part of a file ends in -1 from the read at its bound, where memory gives 0: the stream says which.
            if count == 0 || (count < 0 && g_mime_stream_eos(stream) != 0) { return (data, false) }
            if count < 0 { return nil }
            data.append(contentsOf: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count))
        }
        return (data.prefix(limit), true)
    }

    static func parameters(of list: UnsafeMutablePointer<GMimeParamList>) -> [String: String] {
        var parameters: [String: String] = [:]
        let count = g_mime_param_list_length(list)
        guard count > 0 else { return [:] }
        for index in 0..<count {
            guard let parameter = g_mime_param_list_get_parameter_at(list, index),
                let name = String(borrowingCString: g_mime_param_get_name(parameter))
            else { continue }
            let key = name.lowercased()
            if parameters[key] == nil {
                parameters[key] = String(borrowingCString: g_mime_param_get_value(parameter)) ?? ""
            }
        }
        return parameters
    }
}
