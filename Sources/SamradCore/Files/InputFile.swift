import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file Samråd reads that someone named — an import path, a password file, a round's
/// attachment, `--attach`, `kalender.yaml` — checked to be a regular file before it is opened.
///
/// Opening a FIFO blocks until something writes to it, and a device or a socket is no document:
/// such a path is refused by what it is ("is a FIFO, not a file"), never opened.
///
/// ```swift
/// let data = try InputFile.read("svar/yttrande.eml")
/// try InputFile.check("/dev/null")   // InputFileError: "/dev/null is a character device, not a file"
/// ```
public enum InputFile {
    /// What a path names when it is not a regular file.
    public enum Kind: String, Sendable {
        case folder = "a folder"
        case fifo = "a FIFO (a named pipe)"
        case characterDevice = "a character device"
        case blockDevice = "a block device"
        case socket = "a socket"
        case other = "not a regular file"
    }

    /// What the path names, symbolic links followed: nil for a regular file.
    ///
    /// Throws when the path does not exist or cannot be looked at.
    public static func kind(of path: String) throws(InputFileError) -> Kind? {
        var status = stat()
        guard stat(path, &status) == 0 else { throw InputFileError(path: path, errno: errno) }
        return kind(of: status.st_mode)
    }

    /// Throws unless `path` names a regular file (symbolic links followed).
    public static func check(_ path: String) throws(InputFileError) {
        if let kind = try kind(of: path) { throw InputFileError(path: path, kind: kind) }
    }

    /// The file opened for reading, after ``check(_:)``, and its size; opened without blocking and checked
    /// again once open, so that what is read is the regular file that was checked. The caller closes it.
    public static func open(_ path: String) throws(InputFileError) -> (descriptor: CInt, size: Int64) {
        try check(path)
        let descriptor = openFile(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputFileError(path: path, errno: errno) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw InputFileError(path: path, errno: code)
        }
        if let kind = kind(of: status.st_mode) {
            close(descriptor)
            throw InputFileError(path: path, kind: kind)
        }
        return (descriptor, Int64(status.st_size))
    }

    /// The whole file, opened as ``open(_:)`` opens it.
    public static func read(_ path: String) throws(InputFileError) -> Data {
        let (descriptor, size) = try open(path)
        defer { close(descriptor) }
        var data = Data()
        data.reserveCapacity(Int(max(size, 0)))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw InputFileError(path: path, errno: errno)
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        return data
    }

    static func kind(of mode: mode_t) -> Kind? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: .folder
        case S_IFIFO: .fifo
        case S_IFCHR: .characterDevice
        case S_IFBLK: .blockDevice
        case S_IFSOCK: .socket
        default: .other
        }
    }
}

/// `open(2)`, named apart from ``InputFile/open(_:)``.
private func openFile(_ path: String, _ flags: CInt) -> CInt {
    open(path, flags)
}

/// `read(2)`, named apart from ``InputFile/read(_:)``.
private func readBytes(_ descriptor: CInt, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Why a named file cannot be read: it is missing, it is not a regular file, or the system refused.
public struct InputFileError: Error, Sendable, CustomStringConvertible {
    /// The path as it was given.
    public let path: String
    /// What the path names, when it exists but is not a regular file.
    public let kind: InputFile.Kind?
    /// Whether nothing exists at the path.
    public let isMissing: Bool
    /// What is wrong, after the path: "is a FIFO (a named pipe), not a file".
    public let reason: String

    init(path: String, kind: InputFile.Kind) {
        self.path = path
        self.kind = kind
        self.isMissing = false
        self.reason = kind == .other ? "is not a regular file" : "is \(kind.rawValue), not a file"
    }

    init(path: String, errno code: CInt) {
        self.path = path
        self.kind = nil
        self.isMissing = code == ENOENT || code == ENOTDIR
        self.reason = isMissing ? "does not exist" : "cannot be read: \(String(cString: strerror(code)))"
    }

    /// "PATH is a FIFO (a named pipe), not a file", with the path shown escaped.
    public var description: String { "\(TerminalText.safe(path, singleLine: true)) \(reason)" }
}
