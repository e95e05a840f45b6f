import Foundation
import SamradCore

/// Reads GMime's objects into ``MimeMessageValue`` and ``MimeEntity`` values, checking header encodings on the way.
///
/// Every header's raw bytes must be UTF-8 or valid in a charset the message declares (a Content-Type
/// charset parameter anywhere in its MIME tree, embedded messages aside); anything else is refused,
/// since guessing would put wrong letters in a name, a subject or a file name.
struct MimeTreeReader {
    /// The deepest nesting of parts followed; GMime itself stops at 1024.
    static let maximumDepth = 64

    /// Reads a message and everything in it.
    func read(_ message: MimeMessage, path: String, depth: Int) throws(MailReadError) -> MimeMessageValue {
        let body = message.body
        let charsets = body.map(Self.declaredCharsets(in:)) ?? []
        let raw = Self.inOffsetOrder(message.headers + (body?.headers ?? []))
        let headers = try Self.convert(raw, charsets: charsets, part: path, where: "header")
        var bodyValue: MimeEntity?
        if let body {
            bodyValue = try readEntity(body, path: path, charsets: charsets, depth: depth)
        }
        return MimeMessageValue(path: path, headers: headers, body: bodyValue)
    }

    private func readEntity(_ object: MimeObject, path: String, charsets: [String], depth: Int) throws(MailReadError) -> MimeEntity {
        guard depth < Self.maximumDepth else {
            throw MailReadError(
                .nestedTooDeeply, part: path.isEmpty ? nil : path,
                reason: "parts are nested more than \(Self.maximumDepth) levels deep",
                fix: "no mail client writes such a message; ask the sender to send the reply again as an ordinary message"
            )
        }
        let (type, subtype) = object.mediaType
        let headers = try Self.convert(Self.inOffsetOrder(object.headers), charsets: charsets, part: path, where: "part header")
        var disposition: String?
        var filename: String?
        if let value = headers.first("Content-Disposition") {
            let parsed = HeaderCodec.disposition(value)
            disposition = parsed.disposition.isEmpty ? nil : parsed.disposition
            filename = parsed.parameters["filename"]
        }
        if filename?.isEmpty ?? true, let value = headers.first("Content-Type") {
            filename = HeaderCodec.contentTypeParameters(value)["name"] ?? filename
        }
        let body: MimeEntity.Body
        var truncated = false
        switch object.kind {
        case .multipart:
            var children: [MimeEntity] = []
            for (index, child) in object.children.enumerated() {
                let childPath = path.isEmpty ? "\(index + 1)" : "\(path).\(index + 1)"
                children.append(try readEntity(child, path: childPath, charsets: charsets, depth: depth + 1))
            }
            body = .multipart(children, hasClosingBoundary: object.hasClosingBoundary)
        case .message:
            guard let inner = object.embeddedMessage else {
                body = .leaf(Data())
                break
            }
            body = .message(try read(inner, path: path, depth: depth + 1))
        case .partial:
            let info = object.partialInfo
            body = .partial(id: info.id, number: info.number, total: info.total)
        case .leaf:
            // Text to be read is read up to a limit (the message keeps it whole); files are kept whole.
            let isText =
                type == "text" && (subtype == "plain" || subtype == "html") && disposition != "attachment"
                && (filename?.isEmpty ?? true)
            let content = isText ? object.decodedContent(limit: MailReader.maximumTextBytes) : object.decodedContent().map { ($0, false) }
            guard let (data, cut) = content else {
                throw MailReadError(
                    .undecodableContent, part: path.isEmpty ? nil : path,
                    reason: "the content of the \(TerminalText.safe("\(type)/\(subtype)", singleLine: true)) part could not be decoded",
                    fix: "open the message in a mail client; if the part shows there, save or forward it again, else ask the sender"
                )
            }
            body = .leaf(cut ? Self.atLastLineEnd(data) : data)
            truncated = cut
        }
        var entity = MimeEntity(
            path: path, type: type, subtype: subtype, parameters: object.contentTypeParameters, headers: headers,
            disposition: disposition, filename: filename?.isEmpty == true ? nil : filename, body: body
        )
        entity.truncated = truncated
        return entity
    }

    /// Text cut at a byte limit, cut back to its last line end (within the last 64 KiB), so that no
    /// character or line is cut in two.
    static func atLastLineEnd(_ data: Data) -> Data {
        guard let newline = data.suffix(1 << 16).lastIndex(of: 0x0A) else { return data }
        return data[data.startIndex...newline]
    }

    /// Every charset parameter in the entity's tree, in order, embedded messages aside.
    static func declaredCharsets(in object: MimeObject) -> [String] {
        var charsets: [String] = []
        var pending = [object]
        while let next = pending.popLast() {
            if let charset = next.contentTypeParameters["charset"], !charset.isEmpty, !charsets.contains(charset.lowercased()) {
                charsets.append(charset.lowercased())
            }
            pending.append(contentsOf: next.children.reversed())
        }
        return charsets
    }

    /// Fields in the order they stood in the input; fields without an offset keep their order at the end.
    static func inOffsetOrder(_ headers: [RawHeader]) -> [RawHeader] {
        headers.enumerated()
            .sorted { lhs, rhs in
                let left = lhs.element.offset < 0 ? Int64.max : lhs.element.offset
                let right = rhs.element.offset < 0 ? Int64.max : rhs.element.offset
                return left == right ? lhs.offset < rhs.offset : left < right
            }
            .map(\.element)
    }

    /// Converts raw header bytes to unfolded UTF-8 text, refusing bytes no declared charset accounts for.
    static func convert(
        _ raw: [RawHeader], charsets: [String], part: String, where place: String
    ) throws(MailReadError) -> [HeaderField] {
        var fields: [HeaderField] = []
        fields.reserveCapacity(raw.count)
        for header in raw {
            guard let text = Charset.decodeHeader(header.value, declared: charsets) else {
                throw invalidEncoding(header, charsets: charsets, part: part, place: place)
            }
            fields.append(HeaderField(name: header.name, value: unfold(text), offset: header.offset))
        }
        return fields
    }

    /// Removes the line breaks of folding and the white space around the value.
    static func unfold(_ text: String) -> String {
        var text = text
        // Line breaks are bytes of their own in UTF-8: they are dropped from the bytes.
        let joined =
            text.withUTF8 { bytes -> String? in
                guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil || memchr(base, 0x0A, bytes.count) != nil
                else { return nil }
                return String(unsafeUninitializedCapacity: bytes.count) { output in
                    var written = 0
                    for byte in bytes where byte != 0x0D && byte != 0x0A {
                        output[written] = byte
                        written += 1
                    }
                    return written
                }
            } ?? text
        // `.whitespaces` in ASCII is space and tab: they are trimmed from the bytes, and when what is left starts and
        // ends with ASCII, that is where Foundation would stop too. Other ends go through Foundation. (A value starts
        // with the space after the colon, so nearly every value has something to trim.)
        let bytes = joined.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while start < end, blank(bytes[start]) { start = bytes.index(after: start) }
        while end > start, blank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        guard start < end else { return "" }
        if bytes[start] < 0x80 && bytes[bytes.index(before: end)] < 0x80 {
            return start == bytes.startIndex && end == bytes.endIndex ? joined : String(Substring(bytes[start..<end]))
        }
        return joined.trimmingCharacters(in: .whitespaces)
    }

    private static func invalidEncoding(_ header: RawHeader, charsets: [String], part: String, place: String) -> MailReadError {
        let index = firstInvalidUTF8(header.value)
        let byteText =
            index.map { ", first at byte \($0 + 1) of the value (0x\(String(header.value[$0], radix: 16, uppercase: true)))" } ?? ""
        let declared =
            charsets.isEmpty
            ? "the message declares no charset"
            : "nor valid in the declared charset\(charsets.count == 1 ? "" : "s") \(charsets.map { TerminalText.safe($0, singleLine: true) }.joined(separator: ", "))"
        let fieldName = InputEcho.quote(header.name)
        return MailReadError(
            .invalidHeaderEncoding, part: part.isEmpty ? nil : part,
            reason: "the \(place) field \(fieldName) has 8-bit bytes that are not UTF-8\(byteText); \(declared)",
            fix: "ask the sender to send the reply again from a mail client that encodes headers (RFC 2047 or UTF-8); "
                + "the letters cannot be read without guessing"
        )
    }

    /// The index of the first byte that starts an invalid UTF-8 sequence.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            if length > 1, String(validating: bytes[index..<(index + length)], as: UTF8.self) == nil { return index }
            index += length
        }
        return nil
    }
}
