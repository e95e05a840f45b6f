import Foundation

/// The fields of a posted form, `application/x-www-form-urlencoded` or `multipart/form-data`, with at most one file.
struct FormData: Sendable {
    /// A file field's name as the browser sent it and its bytes.
    struct File: Sendable {
        var filename: String
        var data: Data
    }

    private(set) var fields: [String: String] = [:]
    private(set) var files: [String: File] = [:]

    /// A text field, or "" when absent.
    subscript(_ name: String) -> String { fields[name] ?? "" }

    /// Why a body could not be read as a form.
    struct Malformed: Error {
        let reason: String
    }

    /// Reads a body by its content type; the caller has already limited its size.
    static func parse(contentType: String?, body: Data) throws -> FormData {
        let type = (contentType ?? "").lowercased()
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", in: contentType ?? "") else { throw Malformed(reason: "no boundary") }
            return try multipart(body, boundary: boundary)
        }
        if type.isEmpty || type.hasPrefix("application/x-www-form-urlencoded") {
            return urlEncoded(String(decoding: body, as: UTF8.self))
        }
        throw Malformed(reason: "unsupported content type")
    }

    /// `a=1&b=x+y%C3%A5`.
    static func urlEncoded(_ text: String) -> FormData {
        var form = FormData()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if form.fields[name] == nil { form.fields[name] = value }
        }
        return form
    }

    static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }

    /// A parameter of a header value, e.g. `boundary` of a content type or `filename` of a content disposition.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value
        }
        return nil
    }

    /// `multipart/form-data` (RFC 7578): parts between `--boundary` lines, each with its headers.
    static func multipart(_ body: Data, boundary: String) throws -> FormData {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else { throw Malformed(reason: "bad boundary") }
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        guard let first = body.range(of: delimiter), body[body.startIndex..<first.lowerBound].allSatisfy({ $0 == 13 || $0 == 10 }) else {
            throw Malformed(reason: "no first boundary")
        }
        var form = FormData()
        var position = first.upperBound
        var parts = 0
        while true {
            // After a boundary: "--" ends the body, CRLF starts a part.
            let rest = body[position...]
            if rest.starts(with: Data("--".utf8)) { return form }
            guard rest.starts(with: Data("\r\n".utf8)) else { throw Malformed(reason: "bad boundary line") }
            let headerStart = position + 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: headerStart..<body.endIndex) else {
                throw Malformed(reason: "part without headers")
            }
            guard let next = body.range(of: separator, in: headerEnd.upperBound..<body.endIndex) else {
                throw Malformed(reason: "part without end")
            }
            parts += 1
            guard parts <= 64 else { throw Malformed(reason: "too many parts") }
            let headers = String(decoding: body[headerStart..<headerEnd.lowerBound], as: UTF8.self)
            let content = body[headerEnd.upperBound..<next.lowerBound]
            var disposition = ""
            for line in headers.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                if pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" {
                    disposition = String(pair[1])
                }
            }
            guard let name = parameter("name", in: disposition) else { throw Malformed(reason: "part without a name") }
            if let filename = parameter("filename", in: disposition) {
                if !filename.isEmpty || !content.isEmpty, form.files[name] == nil {
                    form.files[name] = File(filename: filename, data: Data(content))
                }
            } else if form.fields[name] == nil {
                form.fields[name] = String(decoding: content, as: UTF8.self)
            }
            position = next.upperBound
        }
    }
}
