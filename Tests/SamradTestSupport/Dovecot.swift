import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's dovecot (package dovecot-imapd) on free loopback ports, with its whole configuration,
/// state, logs and mail in a temporary folder: no system file is read or touched.
///
/// ```swift
/// let dovecot = try DovecotServer()                    // IMAPS and IMAP+STARTTLS, TestPKI's localhost certificate
/// try dovecot.deliver("Subject: Svar\r\n\r\nJa.\r\n")  // through doveadm save, as the mail user
/// // imaps://127.0.0.1:\(dovecot.imapsPort!)/INBOX as dovecot.user / dovecot.password
/// dovecot.stop()
/// ```
///
/// It runs as `dovecot -F -c FILE`, started with `posix_spawn` and an empty signal mask (the test
/// runner's threads block SIGTERM, and a child of Foundation's `Process` would inherit that), and is
/// stopped by SIGTERM to the master's pid, which stops the processes it started. Run as root, dovecot
/// keeps its usual users (`dovecot` for its internal processes, `dovenull` for the login processes,
/// both made by Debian's package) and reads and writes the mail as `nobody`, since it refuses uid 0
/// for mail; run as another user, every process runs as that user.
public final class DovecotServer {
    /// How the server is reached.
    public struct Options: Sendable {
        /// Creates options; by default TLS is required, on an IMAPS port and on an IMAP port with STARTTLS.
        public init(tls: TLS = .required) {
            self.tls = tls
        }

        /// Whether the server speaks TLS.
        public var tls: TLS

        /// Whether the server speaks TLS.
        public enum TLS: Sendable {
            /// `ssl = required`: an IMAPS port and an IMAP port that offers STARTTLS.
            case required
            /// `ssl = no`: one plain IMAP port, no STARTTLS (dovecot lets loopback clients log in without TLS).
            case none
        }
    }

    /// The dovecot master's path.
    public static let dovecot = "/usr/sbin/dovecot"
    /// doveadm's path, used to put messages into mailboxes and to read their flags.
    public static let doveadm = "/usr/bin/doveadm"

    /// The temporary folder with the configuration, state, logs and mail.
    public let folder: URL
    /// The configuration file written for this server.
    public let configurationFile: URL
    /// The IMAPS port (TLS from the first byte); nil with `tls: .none`.
    public let imapsPort: Int?
    /// The IMAP port: STARTTLS offered and required with `tls: .required`, plain with `tls: .none`.
    public let imapPort: Int
    /// The mail user's login name.
    public let user = "feedback"
    /// The mail user's password.
    public let password = "Remiss-Svar 2025!"
    /// How long the server took from start until every port accepted connections.
    public let startupTime: Duration
    /// The name dovecot gives its processes (`dovecot-<instance>/imap-login`), unique to this server.
    public let instanceName: String

    private let masterPID: pid_t
    private var stopped = false

    /// Writes the configuration and starts dovecot, waiting (at most 10 s) until its ports accept connections.
    ///
    /// Fails, never skips, when dovecot is missing: `apt-get install dovecot-imapd`.
    public init(_ options: Options = Options()) throws {
        try TestTools.require(Self.dovecot, package: "dovecot-imapd")
        try TestTools.require(Self.doveadm, package: "dovecot-imapd")
        folder = try TestTools.temporaryFolder("dovecot")
        configurationFile = folder.appendingPathComponent("dovecot.conf")
        instanceName = "samrad-test-" + UUID().uuidString.prefix(8).lowercased()

        let mailUser = try Self.mailUser()
        let home = folder.appendingPathComponent("mail/\(user)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        guard chown(home.path, mailUser.uid, mailUser.gid) == 0 else {
            throw TestSetupError("chown \(home.path) to uid \(mailUser.uid): \(String(cString: strerror(errno)))")
        }
        for name in ["run", "state"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try "\(user):{PLAIN}\(password)::::::\n".write(
            to: folder.appendingPathComponent("users"), atomically: true, encoding: .utf8
        )

        // dovecot cannot bind port 0 (it means "no listener"), so free ports are chosen first; when
        // another process takes one in between, dovecot exits with "Address already in use" and
        // starts again on fresh ones. It counts as up once /proc shows its master listening on them.
        let started = ContinuousClock.now
        var attempt = 0
        while true {
            attempt += 1
            let imap = try TestTools.freePort()
            let imaps = options.tls == .required ? try TestTools.freePort() : nil
            try Self.configuration(
                options: options, folder: folder, instanceName: instanceName, ports: (imap, imaps), mailUser: mailUser, home: home
            )
            .write(to: configurationFile, atomically: true, encoding: .utf8)
            let pid = try Self.spawn(
                Self.dovecot, ["-F", "-c", configurationFile.path], output: folder.appendingPathComponent("stderr.log")
            )
            let ports = [imap] + (imaps.map { [$0] } ?? [])
            guard try Self.waitUntilListening(pid: pid, ports: ports, greetingPort: imap, folder: folder) else {
                guard attempt < 5 else { throw TestSetupError("dovecot found its ports taken five times: \(Self.log(in: folder))") }
                continue
            }
            imapPort = imap
            imapsPort = imaps
            masterPID = pid
            break
        }
        startupTime = ContinuousClock.now - started
    }

    deinit {
        stop()
    }

    /// Stops the dovecot master this object started (SIGTERM, SIGKILL after 5 s) and waits until
    /// every process of this instance has gone; returns the pids that had to be killed one by one
    /// (none when dovecot stopped them all itself).
    @discardableResult
    public func stop() -> [pid_t] {
        guard !stopped else { return [] }
        stopped = true
        kill(masterPID, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(5)
        while waitpid(masterPID, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(masterPID, SIGKILL)
                waitpid(masterPID, &status, 0)
                break
            }
            usleep(10_000)
        }
        // The master's children notice its end by themselves; wait for them, then end stragglers.
        let childrenDeadline = Date().addingTimeInterval(5)
        while !remainingProcesses().isEmpty, Date() < childrenDeadline {
            usleep(20_000)
        }
        let stragglers = remainingProcesses()
        for pid in stragglers { kill(pid, SIGKILL) }
        return stragglers
    }

    /// The pids of this instance's processes still running (the master and its children), read from /proc.
    public func remainingProcesses() -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { name -> pid_t? in
            guard let pid = pid_t(name),
                let data = FileManager.default.contents(atPath: "/proc/\(name)/cmdline"), !data.isEmpty
            else { return nil }
            let command = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ")
            let ours = command.contains("\(instanceName)/") || command.contains(configurationFile.path)
            return ours ? pid : nil
        }
    }

    /// What dovecot logged (its log file and standard error).
    public var errors: String { Self.log(in: folder) }

    /// The last lines of dovecot's log file and standard error in a server's folder.
    private static func log(in folder: URL) -> String {
        let log = (try? String(contentsOf: folder.appendingPathComponent("dovecot.log"), encoding: .utf8)) ?? ""
        let standardError = (try? String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
        return (log + standardError).split(separator: "\n").suffix(20).joined(separator: "\n")
    }

    /// Puts a message into a mailbox of the mail user (`doveadm save`), as a mail delivery would.
    public func deliver(_ message: String, to mailbox: String = "INBOX") throws {
        let file = folder.appendingPathComponent("message-\(UUID().uuidString).eml")
        try message.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try doveadm(["save", "-u", user, "-m", mailbox, file.path])
    }

    /// Writes messages straight into the mail user's INBOX (`Maildir/new`), as a local delivery agent
    /// would: much faster than ``deliver(_:to:)`` for many messages. Dovecot gives them UIDs, in the
    /// order given, when a client next looks.
    public func writeToMaildir(_ messages: [String]) throws {
        let maildir = folder.appendingPathComponent("mail/\(user)/Maildir")
        let mailUser = try Self.mailUser()
        for name in ["", "cur", "new", "tmp"] {
            let directory = maildir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard chown(directory.path, mailUser.uid, mailUser.gid) == 0 else {
                throw TestSetupError("chown \(directory.path): \(String(cString: strerror(errno)))")
            }
        }
        let stamp = Int(Date().timeIntervalSince1970)
        for (index, message) in messages.enumerated() {
            // Maildir names sort by time, then by the sequence number: dovecot numbers them in this order.
            let name = "\(stamp).M\(String(format: "%06d", index))P\(getpid()).samrad-test"
            let tmp = maildir.appendingPathComponent("tmp/\(name)")
            try message.write(to: tmp, atomically: false, encoding: .utf8)
            guard chown(tmp.path, mailUser.uid, mailUser.gid) == 0,
                rename(tmp.path, maildir.appendingPathComponent("new/\(name)").path) == 0
            else {
                throw TestSetupError("cannot deliver \(name) into \(maildir.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Deletes a message for good (`doveadm expunge`), as another mail client might meanwhile.
    public func expunge(uid: UInt32, mailbox: String = "INBOX") throws {
        try doveadm(["expunge", "-u", user, "mailbox", mailbox, "uid", String(uid)])
    }

    /// Creates a mailbox (`doveadm mailbox create`); the name in UTF-8, as the user sees it.
    public func createMailbox(_ name: String) throws {
        try doveadm(["mailbox", "create", "-u", user, name])
    }

    /// Gives a mailbox a new UIDVALIDITY (`doveadm mailbox update --uid-validity`), as a server does
    /// when it rebuilds a mailbox: from then on its UIDs count as different messages.
    public func setUIDValidity(_ value: UInt32, mailbox: String = "INBOX") throws {
        try doveadm(["mailbox", "update", "-u", user, "--uid-validity", String(value), mailbox])
    }

    /// A mailbox's UIDVALIDITY, next UID and number of messages, as dovecot reports them.
    public func status(mailbox: String = "INBOX") throws -> (uidValidity: UInt32, uidNext: UInt32, messages: Int) {
        let output = try doveadm(["-f", "flow", "mailbox", "status", "-u", user, "uidvalidity uidnext messages", mailbox])
        let fields = Self.fields(output)
        guard let uidValidity = fields["uidvalidity"].flatMap({ UInt32($0) }), let uidNext = fields["uidnext"].flatMap({ UInt32($0) }),
            let messages = fields["messages"].flatMap({ Int($0) })
        else {
            throw TestSetupError("doveadm mailbox status printed \(output.debugDescription)")
        }
        return (uidValidity, uidNext, messages)
    }

    /// The UIDs of a mailbox's messages that carry the `\Seen` flag.
    public func seenUIDs(mailbox: String = "INBOX") throws -> [UInt32] {
        let output = try doveadm(["-f", "flow", "fetch", "-u", user, "uid flags", "mailbox", mailbox, "all"])
        return output.split(separator: "\n").compactMap { line -> UInt32? in
            let fields = Self.fields(String(line))
            guard let uid = fields["uid"].flatMap({ UInt32($0) }), fields["flags"]?.contains("\\Seen") == true else { return nil }
            return uid
        }
    }

    // MARK: - Configuration

    /// Who reads and writes the mail: `nobody` when run as root (dovecot refuses uid 0), else the current user.
    private static func mailUser() throws -> (name: String, uid: uid_t, gid: gid_t) {
        if getuid() != 0 {
            guard let entry = getpwuid(getuid()) else { throw TestSetupError("getpwuid(\(getuid())) found no user") }
            return (String(cString: entry.pointee.pw_name), entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        guard let entry = getpwnam("nobody") else {
            throw TestSetupError("the user nobody does not exist; dovecot needs a user other than root to own the test mail")
        }
        return ("nobody", entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    private static func configuration(
        options: Options, folder: URL, instanceName: String, ports: (imap: Int, imaps: Int?),
        mailUser: (name: String, uid: uid_t, gid: gid_t), home: URL
    ) throws -> String {
        let path = folder.path
        // As root, dovecot's own defaults apply: default_internal_user = dovecot, default_login_user = dovenull.
        let users =
            getuid() == 0
            ? ""
            : """
            default_internal_user = \(mailUser.name)
            default_login_user = \(mailUser.name)

            """
        let tls: String
        switch options.tls {
        case .required:
            let pki = try TestPKI.shared.get()
            tls = """
                ssl = required
                ssl_cert = <\(pki.certificateFile)
                ssl_key = <\(pki.keyFile)
                ssl_min_protocol = TLSv1.2
                """
        case .none:
            tls = "ssl = no"
        }
        return """
            # Written by SamradTestSupport's DovecotServer for one test; nothing else reads it.
            protocols = imap
            listen = 127.0.0.1
            instance_name = \(instanceName)
            base_dir = \(path)/run
            state_dir = \(path)/state
            log_path = \(path)/dovecot.log
            \(users)\(tls)
            auth_mechanisms = plain login
            # A refused login is answered at once instead of after the default 2 s.
            auth_failure_delay = 0
            passdb {
              driver = passwd-file
              args = scheme=PLAIN \(path)/users
            }
            userdb {
              driver = static
              args = uid=\(mailUser.uid) gid=\(mailUser.gid) home=\(home.path)
            }
            mail_location = maildir:~/Maildir
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = \(ports.imap)
              }
              inet_listener imaps {
                address = 127.0.0.1
                port = \(ports.imaps ?? 0)
              }
            }

            """
    }

    // MARK: - Processes

    /// Waits (at most 10 s) until the master listens on every port and the plain IMAP port greets
    /// with `* OK` (so that the login processes are up: a master stopped while they still start
    /// waits 5 s for them). Returns false when dovecot exited because a port was taken; kills the
    /// master and throws if dovecot does not come up for another reason.
    private static func waitUntilListening(pid: pid_t, ports: [Int], greetingPort: Int, folder: URL) throws -> Bool {
        let deadline = Date().addingTimeInterval(10)
        func check(_ what: String) throws -> Bool {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                if log(in: folder).contains("Address already in use") { return false }
                throw TestSetupError("dovecot exited (wait status \(status)) before \(what): \(log(in: folder))")
            }
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw TestSetupError("dovecot did not \(what) within 10 s: \(log(in: folder))")
            }
            usleep(5_000)
            return true
        }
        while !Set(ports).isSubset(of: TestTools.listeningPorts(of: pid)) {
            guard try check("listen on 127.0.0.1 ports \(ports)") else { return false }
        }
        while !(greeting(port: greetingPort)?.hasPrefix("* OK") ?? false) {
            guard try check("greet on 127.0.0.1:\(greetingPort)") else { return false }
        }
        return true
    }

    /// The first line a server on 127.0.0.1:`port` sends, read within 2 s; nil when there is none.
    private static func greeting(port: Int) -> String? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return nil }
        var bytes = [UInt8](repeating: 0, count: 512)
        var count = 0
        while count < bytes.count, !bytes[..<count].contains(UInt8(ascii: "\n")) {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            guard got > 0 else { break }
            count += got
        }
        return count == 0 ? nil : String(decoding: bytes[..<count], as: UTF8.self)
    }

    @discardableResult
    private func doveadm(_ arguments: [String]) throws -> String {
        try TestTools.run(Self.doveadm, ["-c", configurationFile.path] + arguments)
    }

    /// `key=value` pairs of doveadm's flow format; a value runs to the next ` key=`.
    private static func fields(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        var key: String?
        var value = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if let equals = word.firstIndex(of: "="), word[..<equals].allSatisfy({ $0.isLetter || $0 == "." }) {
                if let key { result[key] = value }
                key = String(word[..<equals]).lowercased()
                value = String(word[word.index(after: equals)...])
            } else {
                value += " " + word
            }
        }
        if let key { result[key] = value.trimmingCharacters(in: .whitespacesAndNewlines) }
        return result
    }

    /// Starts a program with an empty signal mask and default signal actions, its output into a file.
    private static func spawn(_ executable: String, _ arguments: [String], output: URL) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw TestSetupError("posix_spawn \(executable) failed: \(String(cString: strerror(result)))")
        }
        return pid
    }
}
