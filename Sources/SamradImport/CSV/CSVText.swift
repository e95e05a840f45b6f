import Foundation

/// Turns the bytes of a CSV export into text, whichever encoding the tool that wrote it chose.
///
/// Form tools write UTF-8 (Microsoft Forms with a byte-order mark), Excel's "Unicode text" is
/// UTF-16LE with a byte-order mark, and Swedish Excel's "CSV (semikolonavgränsad)" is Windows-1252.
public enum CSVText {
    /// Decodes a CSV file's bytes and names the encoding found.
    ///
    /// UTF-8 with or without a byte-order mark, UTF-16 LE or BE with one, otherwise Windows-1252
    /// when the bytes are not UTF-8. The byte-order mark is not part of the text. The encoding is
    /// one of `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE` and `Windows-1252`.
    ///
    /// ```swift
    /// let (text, encoding) = try CSVText.decode(data, file: "svar/bun.csv")
    /// ```
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - file: the file as the user named it, for error messages.
    public static func decode(_ data: Data, file: String = "(CSV data)") throws(CSVImportError) -> (text: String, encoding: String) {
        let bytes = [UInt8](data)
        let problems = Problems(file: file)
        guard !bytes.isEmpty else { throw problems.empty(detail: "it has no bytes") }

        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            let body = bytes.dropFirst(3)
            guard !body.isEmpty else { throw problems.empty(detail: "it holds nothing but a byte-order mark") }
            switch decodeStrictly(body, as: UTF8.self) {
            case .success(let text): return (text, "UTF-8 with BOM")
            case .failure(let failure):
                throw problems.undecodable(
                    line: failure.line, "line \(failure.line) is not valid UTF-8, although the file starts with a UTF-8 byte-order mark")
            }
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let littleEndian = bytes[0] == 0xFF
            let name = littleEndian ? "UTF-16LE" : "UTF-16BE"
            let body = bytes.dropFirst(2)
            guard !body.isEmpty else { throw problems.empty(detail: "it holds nothing but a byte-order mark") }
            guard body.count % 2 == 0 else {
                throw problems.undecodable(line: nil, "the file is \(name) but has an odd number of bytes: it was cut short")
            }
            let units = stride(from: body.startIndex, to: body.endIndex, by: 2).map { index in
                littleEndian
                    ? UInt16(body[index]) | UInt16(body[index + 1]) << 8
                    : UInt16(body[index]) << 8 | UInt16(body[index + 1])
            }
            switch decodeStrictly(units, as: UTF16.self) {
            case .success(let text): return (text, name)
            case .failure(let failure):
                throw problems.undecodable(line: failure.line, "line \(failure.line) is not valid \(name)")
            }
        }

        if let kind = workbookKind(bytes) {
            throw CSVImportError(
                .notText, file: file, line: nil, "the file is \(kind), not CSV text",
                fix: "open it in Excel and choose Spara som › 'CSV UTF-8 (kommaavgränsad)' (*.csv), then import that file")
        }
        if let nul = bytes.firstIndex(of: 0) {
            let line = lineNumber(before: nul, in: bytes)
            throw CSVImportError(
                .notText, file: file, line: line,
                "line \(line) holds a NUL byte: the file is not CSV text, or is UTF-16 without a byte-order mark",
                fix: "save it again as 'CSV UTF-8 (kommaavgränsad)' or as Excel's 'Unicode-text', which both mark their encoding")
        }

        switch decodeStrictly(bytes, as: UTF8.self) {
        case .success(let text):
            return (text, "UTF-8")
        case .failure(let failure) where failure.sawMultiByteScalar:
            // Valid UTF-8 letters before an invalid byte: a damaged or mixed file, not Windows-1252.
            throw problems.undecodable(
                line: failure.line,
                "line \(failure.line) is not valid UTF-8, although the text before it is: the file is damaged or mixes two encodings")
        case .failure:
            return (try windows1252(bytes, problems: problems), "Windows-1252")
        }
    }

    // MARK: - Windows-1252

    /// Decodes Windows-1252: Latin-1 except for 0x80–0x9F, where five bytes are undefined.
    private static func windows1252(_ bytes: [UInt8], problems: Problems) throws(CSVImportError) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            if (0x80...0x9F).contains(byte) {
                guard let value = windows1252Controls[Int(byte - 0x80)], let scalar = Unicode.Scalar(value) else {
                    let line = lineNumber(before: offset, in: bytes)
                    throw problems.undecodable(
                        line: line,
                        "byte 0x\(String(byte, radix: 16, uppercase: true)) on line \(line) is neither UTF-8 nor Windows-1252")
                }
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// The code points of bytes 0x80–0x9F in Windows-1252; `nil` where the byte is undefined.
    private static let windows1252Controls: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    // MARK: - Strict Unicode decoding

    /// Where strict decoding stopped.
    private struct DecodingFailure: Error {
        /// The 1-based line of the first invalid code unit.
        var line: Int
        /// Whether a scalar of more than one byte was decoded before it (so the text was UTF-8 so far).
        var sawMultiByteScalar: Bool
    }

    /// Decodes code units, failing at the first invalid sequence instead of repairing it.
    private static func decodeStrictly<Units: Collection, Codec: UnicodeCodec>(
        _ units: Units, as codec: Codec.Type
    ) -> Result<String, DecodingFailure> where Units.Element == Codec.CodeUnit {
        if let text = String(validating: units, as: Codec.self) { return .success(text) }

        // Slow path, only to say where: count line breaks among the scalars decoded so far.
        var iterator = units.makeIterator()
        var decoder = Codec()
        var lines = LineCounter()
        var sawMultiByteScalar = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                lines.consume(scalar)
                if scalar.value > 0x7F { sawMultiByteScalar = true }
            case .emptyInput:
                // Unreachable: validation failed, so decoding fails somewhere.
                return .failure(DecodingFailure(line: lines.line, sawMultiByteScalar: sawMultiByteScalar))
            case .error:
                return .failure(DecodingFailure(line: lines.line, sawMultiByteScalar: sawMultiByteScalar))
            }
        }
    }

    // MARK: - Helpers

    /// The 1-based line on which the byte at `offset` stands, in an ASCII-compatible encoding.
    private static func lineNumber(before offset: Int, in bytes: [UInt8]) -> Int {
        var lines = LineCounter()
        for byte in bytes[..<offset] { lines.consume(Unicode.Scalar(byte)) }
        return lines.line
    }

    /// What a spreadsheet or office file that is not CSV text looks like, from its first bytes.
    private static func workbookKind(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zipped workbook (.xlsx or .ods)" }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return "an old Excel workbook (.xls)" }
        return nil
    }

    /// Builds the errors that decoding throws, for one file.
    private struct Problems {
        var file: String

        func empty(detail: String) -> CSVImportError {
            CSVImportError(
                .emptyFile, file: file, line: nil, "the file is empty: \(detail)",
                fix: "export the answers again from the form tool or Excel; the file must hold a header line and one line per answer")
        }

        func undecodable(line: Int?, _ reason: String) -> CSVImportError {
            CSVImportError(
                .undecodable, file: file, line: line, reason,
                fix: "open the file in Excel or a text editor and save it as 'CSV UTF-8 (kommaavgränsad)', then import it again")
        }
    }
}
