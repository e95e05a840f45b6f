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
/// any name, returns the file already there. The saved name is ``SafeFileName`` of the sender's.
///
/// The replies' attachments are as private as the database that holds the replies: folders are
/// made 0700 and files 0600. Below the store's own folder nothing is followed that the store did
/// not make: each folder is opened relative to the one above it without following a symbolic
/// link, before anything is created in it, so a link planted in the store (`7d → /elsewhere`)
/// is refused and nothing is made outside the store.
public struct AttachmentStore: Sendable {
    /// The folder that holds the store.
    public let folder: URL

    /// A store in `folder`; the folder is created on the first `put`.
    public init(folder: URL) {
        self.folder = folder
    }

    /// Stores the attachment's bytes unless they are stored already, and says where they are; `sha256` is
    /// their digest when it is known already.
    public func put(_ attachment: MailAttachment, sha256: String? = nil) throws -> StoredAttachment {
        let digest = sha256 ?? SHA256.hex(attachment.data)
        guard digest.count == 64 else {
            throw AttachmentStoreError(path: folder.path, reason: "the SHA-256 of the attachment could not be computed", fix: "try again")
        }
        let root = try openRoot()
        defer { close(root.descriptor) }
        let prefix = try openSubfolder(String(digest.prefix(2)), in: root)
        defer { close(prefix.descriptor) }
        let directory = try openSubfolder(digest, in: prefix)
        defer { close(directory.descriptor) }

        let size = attachment.data.count
        func stored(_ name: String) -> StoredAttachment {
            StoredAttachment(
                sha256: digest, path: "\(digest.prefix(2))/\(digest)/\(name)", filename: attachment.filename,
                contentType: attachment.contentType, size: size
            )
        }
        if let existing = existingFile(in: directory, size: size) {
            return stored(existing)
        }
        let name = SafeFileName.make(from: attachment.filename, contentType: attachment.contentType)
        guard !name.contains("/"), name != ".", name != ".." else {
            throw AttachmentStoreError(
                path: directory.path + "/" + name, reason: "the file name \(name) would leave the attachment's folder",
                fix: "report this as a bug: safe names never contain a path separator"
            )
        }
        let temporary = ".tmp-\(UUID().uuidString)"
        do {
            try write(attachment.data, to: temporary, in: directory)
        } catch {
            unlinkat(directory.descriptor, temporary, 0)
            throw error
        }
        guard renameat(directory.descriptor, temporary, directory.descriptor, name) == 0 else {
            let reason = String(cString: strerror(errno))
            unlinkat(directory.descriptor, temporary, 0)
            throw AttachmentStoreError(
                path: directory.path + "/" + name, reason: "the file cannot be moved into place: \(reason)",
                fix: "check that this user may write to the attachment folder"
            )
        }
        return stored(name)
    }

    /// An open folder and its path, for messages.
    private struct OpenFolder {
        let descriptor: CInt
        let path: String
    }

    /// The store's own folder, made (0700) when it is missing; it may itself be a symbolic link.
    private func openRoot() throws -> OpenFolder {
        let path = folder.path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw AttachmentStoreError(
                path: path, reason: "the folder cannot be created: \(error.localizedDescription)",
                fix: "check that the folder above it exists and that this user may write to it (SAMRAD_ATTACHMENTS names another)"
            )
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw AttachmentStoreError(
                path: path, reason: "the folder cannot be opened: \(String(cString: strerror(errno)))",
                fix: "check that it is a folder this user may read and write (SAMRAD_ATTACHMENTS names another)"
            )
        }
        return OpenFolder(descriptor: descriptor, path: path)
    }

    /// The folder `name` inside `parent`, made (0700) when missing; never a symbolic link.
    private func openSubfolder(_ name: String, in parent: OpenFolder) throws -> OpenFolder {
        let path = parent.path + "/" + name
        if mkdirat(parent.descriptor, name, 0o700) != 0, errno != EEXIST {
            throw AttachmentStoreError(
                path: path, reason: "the folder cannot be created: \(String(cString: strerror(errno)))",
                fix: "check the free space and that this user may write to the attachment folder"
            )
        }
        let descriptor = openat(parent.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ELOOP || errno == ENOTDIR {
                throw AttachmentStoreError(
                    path: path,
                    reason: "this is a symbolic link or a file, not a folder of the store, so the attachment would be "
                        + "stored outside the store \(folder.path); nothing was written",
                    fix: "remove \(path) (the store makes its own folders), then import again"
                )
            }
            throw AttachmentStoreError(
                path: path, reason: "the folder cannot be opened: \(String(cString: strerror(errno)))",
                fix: "check that this user may read and write the attachment folder"
            )
        }
        return OpenFolder(descriptor: descriptor, path: path)
    }

    /// Writes `data` to a new file `name` (0600) in the folder, and flushes it to the disk.
    private func write(_ data: Data, to name: String, in directory: OpenFolder) throws {
        let path = directory.path + "/" + name
        let descriptor = openat(directory.descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AttachmentStoreError(
                path: path, reason: "the file cannot be created: \(String(cString: strerror(errno)))",
                fix: "check the free space and that this user may write to the attachment folder"
            )
        }
        defer { close(descriptor) }
        let failure = data.withUnsafeBytes { buffer -> CInt? in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        if let failure {
            throw AttachmentStoreError(
                path: path, reason: "the file cannot be written: \(String(cString: strerror(failure)))",
                fix: "check the free space and that this user may write to the attachment folder"
            )
        }
    }

    /// The name of a regular file of `size` bytes already in the folder (temporary files aside).
    private func existingFile(in directory: OpenFolder, size: Int) -> String? {
        let listing = dup(directory.descriptor)
        guard listing >= 0, let stream = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            return nil
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix(".") else { continue }
            var status = stat()
            guard fstatat(directory.descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG,
                Int(status.st_size) == size
            else { continue }
            names.append(name)
        }
        return names.sorted().first
    }
}

/// `write(2)`, named apart from the store's own `write`.
private func writeBytes(_ descriptor: CInt, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
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
