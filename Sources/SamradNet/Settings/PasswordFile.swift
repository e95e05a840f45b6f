import Foundation
import SamradCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a server setting names: the password file, which only its owner may read, and the CA
/// file, which must be a readable regular file.
package enum PasswordFile {
    /// The largest password file read.
    package static let maximumSize = 4096

    /// The password from `inlineVariable` or from the file `fileVariable` names (not both), checked;
    /// nil when neither is set.
    package static func password(inline: String?, file: String?, inlineVariable: String, fileVariable: String) throws(ServerSettingError)
        -> Secret?
    {
        switch (inline, file) {
        case (_?, _?):
            throw ServerSettingError(inlineVariable, "both \(inlineVariable) and \(fileVariable) are set; keep only \(fileVariable)")
        case (let password?, nil):
            try checkPassword(password, variable: inlineVariable, source: inlineVariable)
            return Secret(password)
        case (nil, let path?):
            let password = try read(path, variable: fileVariable)
            try checkPassword(password, variable: fileVariable, source: "the password file \(path)")
            return Secret(password)
        case (nil, nil):
            return nil
        }
    }

    /// Reads a password file that only its owner can read, dropping one final line break.
    ///
    /// A path that is not a regular file (a FIFO, `/dev/null`) is refused before it is opened, and
    /// the mode is checked on the open file, so the file checked is the file read.
    package static func read(_ path: String, variable: String) throws(ServerSettingError) -> String {
        do {
            try InputFile.check(path)
        } catch {
            throw ServerSettingError(variable, file: error, what: "the password file")
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ServerSettingError(variable, "cannot open the password file \(path) (\(variable)): \(reason)")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ServerSettingError(variable, "cannot read the password file \(path) (\(variable)): \(reason)")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw ServerSettingError(variable, "the password file \(path) (\(variable)) is not a regular file")
        }
        let access = status.st_mode & 0o777
        guard access & 0o077 == 0 else {
            throw ServerSettingError(
                variable,
                "the password file \(path) (\(variable)) can be read by its group or by others (mode \(String(access, radix: 8))); "
                    + "run 'chmod 600 \(path)' so that only its owner can read it"
            )
        }
        guard status.st_size <= maximumSize else {
            throw ServerSettingError(
                variable,
                "the password file \(path) (\(variable)) is \(status.st_size) bytes long; it should hold only the password"
            )
        }
        var bytes = [UInt8](repeating: 0, count: maximumSize + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                readBytes(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else {
                let reason = String(cString: strerror(errno))
                throw ServerSettingError(variable, "cannot read the password file \(path) (\(variable)): \(reason)")
            }
            if got == 0 { break }
            count += got
        }
        guard count <= maximumSize else {
            throw ServerSettingError(
                variable,
                "the password file \(path) (\(variable)) is longer than \(maximumSize) bytes; it should hold only the password"
            )
        }
        var content = bytes[..<count]
        if content.last == UInt8(ascii: "\n") {
            content.removeLast()
            if content.last == UInt8(ascii: "\r") { content.removeLast() }
        }
        guard let password = String(validating: content, as: UTF8.self) else {
            throw ServerSettingError(
                variable,
                "the password file \(path) (\(variable)) is not UTF-8 text; save it as UTF-8"
            )
        }
        return password
    }

    /// Refuses a password that libcurl would cut short (NUL) or that is not one line; never shows it.
    package static func checkPassword(_ password: String, variable: String, source: String) throws(ServerSettingError) {
        if password.isEmpty {
            throw ServerSettingError(variable, "\(source) is empty; write the password on its first line")
        }
        if password.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw ServerSettingError(
                variable,
                "\(source) holds more than one line; write the password alone on one line (one final line break is fine)"
            )
        }
        if let control = password.unicodeScalars.first(where: \.isControlCharacter) {
            throw ServerSettingError(
                variable,
                "\(source) contains the control character \(InputEcho.codePoint(control)), which a password cannot hold; "
                    + "check that the file holds only the password"
            )
        }
    }

    /// Refuses a path that is not a regular file this user can read, e.g. the CA file.
    package static func checkReadableFile(_ path: String, variable: String, what: String) throws(ServerSettingError) {
        do {
            try InputFile.check(path)
        } catch {
            throw ServerSettingError(
                variable,
                "\(variable) names \(TerminalText.safe(path, singleLine: true)), which \(error.reason); give the file with \(what)",
                isMissingInput: true)
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ServerSettingError(variable, "\(variable) names \(path), which this user cannot read; check its permissions")
        }
    }
}

/// `read(2)`, named apart from ``PasswordFile/read(_:variable:)``.
private func readBytes(_ descriptor: CInt, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
