import Foundation

/// An attachment kept in the attachment folder, by content, as the database records it.
public struct AttachmentRecord: Sendable, Hashable, Codable {
    /// The SHA-256 of the bytes, 64 lower-case hex digits.
    public var sha256: String
    /// The file, relative to the store's folder ("ab/abcdef…/Yttrande_BUN.pdf").
    public var path: String
    /// The file name as the sender wrote it (the stored file has a safe version of it).
    public var filename: String
    /// The media type ("application/pdf").
    public var contentType: String
    /// The size in bytes.
    public var size: Int

    /// Makes a record of a stored attachment.
    public init(sha256: String, path: String, filename: String, contentType: String, size: Int) {
        self.sha256 = sha256
        self.path = path
        self.filename = filename
        self.contentType = contentType
        self.size = size
    }
}
