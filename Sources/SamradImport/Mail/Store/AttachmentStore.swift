import Foundation
import SamradCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of attachments, addressed by the SHA-256 of their bytes.
///
/// ```swift
/// let store = AttachmentStore(folder: URL(fileURLWithPath: "bilagor"))
/// let stored = try store.put(attachment)
/// stored.path   // "3f/3f9a…c81d/Yttrande_BUN.pdf"
/// ```
///
/// A file is written to a temporary name in its final folder and renamed into place, so a
/// reader never sees half a file. The same bytes are stored once: a second `put` of them, under
/// any name, returns the file already there. The saved name is ``SafeFileName`` of the sender's;
/// every path is checked, symbolic links resolved, to stay inside the folder.
public struct AttachmentStore: Sendable {
    /// The folder that holds the store.
    public let folder: URL

    /// A store in `folder`; the folder is created on the first `put`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// Stores the attachment's bytes unless they are stored already, and says where they are.
    public func put(_ attachment: MailAttachment) throws -> StoredAttachment {
        let digest = SHA256.hex(attachment.data)
        guard digest.count == 64 else {
            throw AttachmentStoreError(path: folder.path, reason: "the SHA-256 of the attachment could not be computed", fix: "try again")
        }
        let relativeFolder = "\(digest.prefix(2))/\(digest)"
        let directory = folder.appendingPathComponent(relativeFolder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AttachmentStoreError(
                path: directory.path, reason: "the folder cannot be created: \(error.localizedDescription)",
                fix: "check that the attachment folder exists and that this user may write to it"
            )
        }
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let resolvedDirectory = directory.resolvingSymlinksInPath().standardizedFileURL.path
        guard resolvedDirectory.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw AttachmentStoreError(
                path: resolvedDirectory, reason: "the folder for the attachment lies outside the store \(root) (a symbolic link?)",
                fix: "remove the symbolic link from the attachment folder"
            )
        }
        let size = attachment.data.count
        func stored(_ name: String) -> StoredAttachment {
            StoredAttachment(
                sha256: digest, path: "\(relativeFolder)/\(name)", filename: attachment.filename,
                contentType: attachment.contentType, size: size
            )
        }
        if let existing = existingFile(in: URL(fileURLWithPath: resolvedDirectory), size: size) {
            return stored(existing)
        }
        let name = SafeFileName.make(from: attachment.filename, contentType: attachment.contentType)
        let target = URL(fileURLWithPath: resolvedDirectory).appendingPathComponent(name)
        guard target.deletingLastPathComponent().standardizedFileURL.path == resolvedDirectory else {
            throw AttachmentStoreError(
                path: target.path, reason: "the file name \(name) would leave the attachment's folder",
                fix: "report this as a bug: safe names never contain a path separator"
            )
        }
        let temporary = URL(fileURLWithPath: resolvedDirectory).appendingPathComponent(".tmp-\(UUID().uuidString)")
        do {
            try attachment.data.write(to: temporary, options: .withoutOverwriting)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw AttachmentStoreError(
                path: temporary.path, reason: "the file cannot be written: \(error.localizedDescription)",
                fix: "check the free space and that this user may write to the attachment folder"
            )
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw AttachmentStoreError(
                path: target.path, reason: "the file cannot be moved into place: \(reason)",
                fix: "check that this user may write to the attachment folder"
            )
        }
        return stored(name)
    }

    /// The name of a regular file of `size` bytes already in the folder (temporary files aside).
    private func existingFile(in directory: URL, size: Int) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().first { name in
            guard !name.hasPrefix("."),
                let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let fileSize = attributes[.size] as? NSNumber
            else { return false }
            return fileSize.intValue == size
        }
    }
}

/// Where an attachment is stored and what it is (the record the database keeps).
public typealias StoredAttachment = AttachmentRecord

/// Why an attachment could not be stored, where, and what to do.
public struct AttachmentStoreError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public let path: String
    /// What went wrong.
    public let reason: String
    /// What the user can do about it.
    public let fix: String

    /// `path: reason`, then the fix on its own indented line.
    public var description: String { "\(path): \(reason)\n    fix: \(fix)" }
}
