import Foundation
import SamradCore

/// How a source holds its messages.
public enum MailSourceFormat: String, Sendable, CaseIterable {
    /// One message per file (RFC 5322), as mail clients save it.
    case eml
    /// Several messages in one file, each after a "From " line, ">From " quoting in bodies.
    case mbox
    /// A folder with cur/ and new/, one message per file.
    case maildir
}

/// The bytes of one message and where they came from.
public struct MailItem: Sendable {
    /// The message as it was stored (mbox quoting undone).
    public var data: Data
    /// Where it came from, for messages and the import log: "replies.mbox#3 (byte 10423)", "Maildir/cur/1554…:2,S".
    public var provenance: String

    /// Makes an item from bytes and a description of where they came from.
    public init(data: Data, provenance: String) {
        self.data = data
        self.provenance = provenance
    }
}

/// Finds the messages in a file or folder: an .eml file, an mbox or a Maildir.
///
/// ```swift
/// let items = try MailSource.items(at: URL(fileURLWithPath: "svar.mbox"), format: nil)
/// items[2].provenance   // "svar.mbox#3 (byte 10423)"
/// ```
public enum MailSource {
    /// Whether a folder is a Maildir: it has both cur/ and new/.
    public static func isMaildir(_ url: URL) -> Bool {
        Maildir.isMaildir(url)
    }

    /// The format from the content: a folder with cur/ and new/ is a Maildir, a file starting "From " an mbox, else eml.
    ///
    /// A path that is neither a file nor a folder (a FIFO, a device) is refused without being opened.
    public static func detect(_ url: URL) throws(MailReadError) -> MailSourceFormat {
        let path = url.path
        let kind: InputFile.Kind?
        do {
            kind = try InputFile.kind(of: path)
        } catch {
            throw MailReadError(
                .unreadableSource, source: path, reason: error.isMissing ? "there is no file or folder here" : error.reason,
                fix: "check the path; give an .eml file, an mbox file or a Maildir folder"
            )
        }
        if kind == .folder {
            guard Maildir.isMaildir(url) else {
                throw MailReadError(
                    .unrecognizedSource, source: path, reason: "the folder is not a Maildir: it has not both cur/ and new/",
                    fix: "give the Maildir folder itself (the one holding cur/ and new/), or the message files one by one"
                )
            }
            return .maildir
        }
        if let kind {
            throw MailReadError(
                .unreadableSource, source: path, reason: "this is \(kind.rawValue), not a file",
                fix: "give an .eml file, an mbox file or a Maildir folder"
            )
        }
        let start: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            start = try handle.read(upToCount: 5) ?? Data()
        } catch {
            throw unreadable(path, error)
        }
        return start.elementsEqual("From ".utf8) ? .mbox : .eml
    }

    /// The format given, or the one ``detect(_:)`` finds.
    static func resolved(_ format: MailSourceFormat?, at url: URL) throws(MailReadError) -> MailSourceFormat {
        if let format { return format }
        return try detect(url)
    }

    /// Every message in the file or folder, in order; `format` nil means ``detect(_:)``.
    ///
    /// An mbox is split at its separator lines (`MboxSplitter`), ">From " quoting undone; a Maildir's
    /// cur/ and new/ are read together, sorted by file name (their names start with the delivery time).
    public static func items(at url: URL, format: MailSourceFormat?) throws(MailReadError) -> [MailItem] {
        switch try resolved(format, at: url) {
        case .maildir:
            return try Maildir.files(in: url).map { file throws(MailReadError) in
                MailItem(data: try read(file.url), provenance: file.provenance)
            }
        case .eml:
            return [MailItem(data: try read(url), provenance: url.lastPathComponent)]
        case .mbox:
            return try mboxItems(try read(url), name: url.lastPathComponent)
        }
    }

    /// The messages of a file or folder, read one at a time (see ``MailMessages``); `format` nil means ``detect(_:)``.
    public static func messages(at url: URL, format: MailSourceFormat?) throws(MailReadError) -> MailMessages {
        switch try resolved(format, at: url) {
        case .maildir:
            return MailMessages(files: try Maildir.files(in: url))
        case .eml:
            return MailMessages(files: [(url, url.lastPathComponent)])
        case .mbox:
            return MailMessages(mbox: try MboxReader(url))
        }
    }

    /// The messages of an mbox held in memory; `name` is the file name their provenance starts with.
    public static func mboxItems(_ data: Data, name: String) throws(MailReadError) -> [MailItem] {
        guard data.starts(with: Array("From ".utf8)) else {
            throw MailReadError(
                .unrecognizedSource, source: name,
                reason: "the file does not start with a 'From ' line, so it is not an mbox",
                fix: "import it as a single message (.eml), or export the mailbox again as mbox"
            )
        }
        return try MboxSplitter.split(data, name: name)
    }

    /// The whole file, or an error naming it; a FIFO or a device is refused without being opened.
    static func read(_ url: URL) throws(MailReadError) -> Data {
        do {
            return try InputFile.read(url.path)
        } catch {
            throw MailReadError(
                .unreadableSource, source: url.path, reason: "\(error.kind == nil ? "the file" : "this") \(error.reason)",
                fix: error.kind == nil ? "check that the file exists and that this user may read it" : "give a regular file"
            )
        }
    }

    static func unreadable(_ path: String, _ error: any Error) -> MailReadError {
        MailReadError(
            .unreadableSource, source: path, reason: "the file cannot be read: \(error.localizedDescription)",
            fix: "check that the file exists and that this user may read it"
        )
    }
}

/// The messages of an .eml file, an mbox or a Maildir, read one at a time: memory holds the message
/// being read, whatever the size of the file or folder.
///
/// ```swift
/// let messages = try MailSource.messages(at: URL(fileURLWithPath: "svar.mbox"), format: nil)
/// while let (item, mail) = try messages.next() {
///     item.provenance   // "svar.mbox#3 (byte 10423)"
/// }
/// ```
///
/// An mbox is read with GMime's parser over the open file (``MboxReader``); each file of a Maildir, and
/// an .eml file, is read whole and parsed where it lies, since it is stored as it came.
public final class MailMessages {
    private enum Source {
        case files([(url: URL, provenance: String)])
        case mbox(MboxReader)
    }

    private let source: Source
    /// How many messages have been read.
    public private(set) var count = 0

    init(files: [(url: URL, provenance: String)]) {
        source = .files(files)
    }

    init(mbox: MboxReader) {
        source = .mbox(mbox)
    }

    /// The next message's bytes and provenance and what the reader made of it; nil after the last.
    ///
    /// Throws when the message cannot be read or is not a message, naming it by its provenance.
    public func next() throws(MailReadError) -> (item: MailItem, mail: ParsedMail)? {
        switch source {
        case .mbox(let reader):
            guard let next = try reader.next() else { return nil }
            count += 1
            return next
        case .files(let files):
            guard count < files.count else { return nil }
            let file = files[count]
            count += 1
            let item = MailItem(data: try MailSource.read(file.url), provenance: file.provenance)
            return (item, try MailReader.parse(item))
        }
    }
}
