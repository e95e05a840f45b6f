internal import CGMime
import Foundation

/// One GMime parse, of bytes in memory or of an open file: owns the stream, the parser, its options
/// and the warnings they report.
///
/// Every ``MimeObject`` and ``MimeMessage`` made from it keeps it alive, so the warning callback
/// GMime holds (in the options it clones into header lists) never outlives its collector.
/// Over memory, the stream reads the caller's bytes where they are, without a copy: they must stay
/// valid for as long as the parser and anything made from it lives (``MailReader`` parses inside
/// `withUnsafeBytes` and keeps only Swift values). Over a file, the parts' contents stay in the file
/// and are read from it when asked for, so a parse holds no more of the file than the message it is at.
/// Not `Sendable`: one parse runs on one thread from start to end.
final class MimeParser {
    /// How to read the bytes: one message, or an mbox of several.
    enum Format {
        case message
        case mbox
    }

    private let stream: UnsafeMutablePointer<GMimeStream>
    private let borrowed: UnsafeMutablePointer<GByteArray>?
    private let parser: UnsafeMutablePointer<GMimeParser>
    private let options: OpaquePointer
    /// What GMime reported while parsing, in the order it reported it.
    let warnings = ParserWarnings()

    /// Prepares a parse of `bytes`, which must outlive the parser; nil if GMime cannot allocate
    /// its objects or the bytes are more than 4 GiB.
    init?(borrowing bytes: UnsafeRawBufferPointer, format: Format) {
        GMimeLibrary.ensureInitialized()
        guard bytes.count <= Int(UInt32.max) else { return nil }
        var borrowed: UnsafeMutablePointer<GByteArray>?
        guard let stream = cgmime_stream_mem_borrowing(bytes.baseAddress, guint(bytes.count), &borrowed), let borrowed else {
            return nil
        }
        guard let parser = g_mime_parser_new_with_stream(stream) else {
            cgmime_object_unref(stream)
            cgmime_release_borrowed_bytes(borrowed)
            return nil
        }
        guard let options = g_mime_parser_options_new() else {
            cgmime_object_unref(parser)
            cgmime_object_unref(stream)
            cgmime_release_borrowed_bytes(borrowed)
            return nil
        }
        self.stream = stream
        self.borrowed = borrowed
        self.parser = parser
        self.options = options
        configure(format)
    }

    /// Prepares a parse of an open file from its current offset; the parser takes the descriptor over and
    /// closes it when it is freed (also when this returns nil).
    init?(takingFileDescriptor descriptor: Int32, format: Format) {
        GMimeLibrary.ensureInitialized()
        guard let stream = g_mime_stream_fs_new(descriptor) else {
            close(descriptor)
            return nil
        }
        guard let parser = g_mime_parser_new_with_stream(stream) else {
            cgmime_object_unref(stream)
            return nil
        }
        guard let options = g_mime_parser_options_new() else {
            cgmime_object_unref(parser)
            cgmime_object_unref(stream)
            return nil
        }
        self.stream = stream
        self.borrowed = nil
        self.parser = parser
        self.options = options
        configure(format)
    }

    private func configure(_ format: Format) {
        g_mime_parser_set_format(parser, format == .mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE)
        g_mime_parser_options_set_warning_callback(
            options,
            { offset, code, item, context in
                guard let context else { return }
                let warnings = Unmanaged<ParserWarnings>.fromOpaque(context).takeUnretainedValue()
                warnings.record(offset: Int64(offset), code: code.rawValue, item: String(borrowingCString: item))
            },
            Unmanaged.passUnretained(warnings).toOpaque()
        )
    }

    deinit {
        cgmime_object_unref(parser)
        cgmime_object_unref(stream)
        if let borrowed { cgmime_release_borrowed_bytes(borrowed) }
        g_mime_parser_options_free(options)
    }

    /// The next message in the stream, or nil when there is none (or no header could be read).
    func nextMessage() -> MimeMessage? {
        guard let message = g_mime_parser_construct_message(parser, options) else { return nil }
        return MimeMessage(adopting: message, parser: self)
    }

    /// The byte offset of the "From " line of the message last read in mbox format; -1 when unknown.
    var mboxMarkerOffset: Int64 { Int64(g_mime_parser_get_mbox_marker_offset(parser)) }

    /// Whether the parser has consumed the whole stream.
    var isAtEnd: Bool { g_mime_parser_eos(parser) != 0 }

    /// The offset in the stream the parser has reached: after a message of an mbox, the start of the
    /// next message's "From " line.
    var offset: Int64 { Int64(g_mime_parser_tell(parser)) }
}

/// Collects what GMime's parser reports through its warning callback.
final class ParserWarnings {
    /// One report: where, which `GMimeParserWarning`, and the text it concerns.
    struct Report {
        /// The byte offset in the parsed stream, or -1 when GMime does not know it.
        var offset: Int64
        /// The `GMimeParserWarning` value.
        var code: UInt32
        /// The header, parameter or line GMime complained about, if it named one.
        var item: String?
    }

    private(set) var reports: [Report] = []

    /// Forgets what was reported: a parse of several messages starts each one afresh.
    func reset() {
        reports.removeAll(keepingCapacity: true)
    }

    func record(offset: Int64, code: UInt32, item: String?) {
        reports.append(Report(offset: offset, code: code, item: item))
    }

    /// The warning GMime gives when it stops descending because parts are nested deeper than it allows.
    static let nestingOverflow = GMIME_CRIT_NESTING_OVERFLOW.rawValue
    /// The warning GMime gives for a line in a header section that is not a header field; it leaves it out.
    static let invalidHeaderName = GMIME_CRIT_INVALID_HEADER_NAME.rawValue
}
