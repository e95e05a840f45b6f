import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a test could not set up its server; the test fails with this text (never skips).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The programs the SMTP tests run, at the paths Debian's packages install them to.
public enum TestTools {
    /// Debian's Python, which has python3-aiosmtpd (a pyenv `python3` first on PATH would not).
    public static let python = "/usr/bin/python3"
    public static let openssl = "/usr/bin/openssl"
    public static let smtpSink = "/usr/sbin/smtp-sink"

    /// The folder with `smtp_server.py` and `check_message.py`.
    public static let servers = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Servers")

    /// Fails with the package to install when `path` is missing.
    public static func require(_ path: String, package: String) throws {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError("\(path) is missing: install Debian's \(package) (apt-get install \(package))")
        }
    }

    /// A new empty temporary folder.
    public static func temporaryFolder(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program to its end; throws with its output when it fails.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus): \(text)")
        }
        return text
    }

    /// A port on 127.0.0.1 that nothing listens on right now (bound to port 0, then released).
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSetupError("socket() failed: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw TestSetupError("bind(127.0.0.1:0) failed: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The TCP ports a process listens on, read from /proc: its open sockets, matched by inode
    /// against the kernel's table of listening sockets. This is how a test learns which port a
    /// server it started really holds, rather than trusting that nothing else took it.
    public static func listeningPorts(of pid: Int32) -> Set<Int> {
        let folder = "/proc/\(pid)/fd"
        var inodes = Set<String>()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\(name)"),
                target.hasPrefix("socket:[")
            else { continue }
            inodes.insert(String(target.dropFirst("socket:[".count).dropLast()))
        }
        var ports = Set<Int>()
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                // sl local_address rem_address st … inode: state 0A is LISTEN.
                guard fields.count > 9, fields[3] == "0A", inodes.contains(String(fields[9])),
                    let port = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) })
                else { continue }
                ports.insert(port)
            }
        }
        return ports
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A test CA with a certificate for `localhost` and 127.0.0.1, and a second CA that signed nothing.
public struct TestPKI: Sendable {
    public let folder: URL
    /// The CA that signed the server's certificate (PEM).
    public let caFile: String
    /// A CA unrelated to the server's certificate (PEM).
    public let otherCAFile: String
    /// The server's certificate (PEM), for localhost and 127.0.0.1.
    public let certificateFile: String
    /// A certificate from the same CA for mail.kommun.example only (PEM).
    public let otherNameCertificateFile: String
    /// The key of both certificates (PEM).
    public let keyFile: String

    /// Made once per test run with openssl.
    public static let shared: Result<TestPKI, TestSetupError> = {
        do {
            return .success(try TestPKI())
        } catch let error as TestSetupError {
            return .failure(error)
        } catch {
            return .failure(TestSetupError("cannot make the test certificates: \(error)"))
        }
    }()

    private init() throws {
        try TestTools.require(TestTools.openssl, package: "openssl")
        let folder = try TestTools.temporaryFolder("pki")
        self.folder = folder
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for (name, subject) in [("ca", "/CN=Samrad Test CA"), ("other-ca", "/CN=Unrelated Test CA")] {
            try TestTools.run(
                TestTools.openssl,
                ["req", "-x509"] + key + [
                    "-keyout", path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", subject,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                ]
            )
        }
        try TestTools.run(
            TestTools.openssl,
            ["req"] + key + ["-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=localhost"]
        )
        for (name, names) in [("server", "DNS:localhost, IP:127.0.0.1"), ("other-name", "DNS:mail.kommun.example")] {
            try """
            basicConstraints = CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = \(names)
            """.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
            try TestTools.run(
                TestTools.openssl,
                [
                    "x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                    "-CAcreateserial", "-out", path("\(name).pem"), "-days", "2", "-extfile", path("\(name).ext"),
                ]
            )
        }
        caFile = path("ca.pem")
        otherCAFile = path("other-ca.pem")
        certificateFile = path("server.pem")
        otherNameCertificateFile = path("other-name.pem")
        keyFile = path("server.key")
    }
}

/// A started server process, stopped on `stop()` or deinit: the stop signal to the pid it started,
/// SIGKILL if it is still there after 5 s.
public final class ServerProcess {
    public let name: String
    private let process: Process
    private let stopSignal: Int32
    public let errorLog: URL

    /// Starts the server; `stopSignal` is what `stop()` sends first.
    ///
    /// Foundation's `Process` passes the signal mask of the starting thread on to the child, and the
    /// test runner's threads block SIGTERM: a server that does not unblock it itself (as
    /// `smtp_server.py` does) must be stopped with SIGKILL.
    public init(
        name: String, executable: String, arguments: [String], errorLog: URL, standardOutput: Pipe?, stopSignal: Int32 = SIGTERM
    ) throws {
        self.name = name
        self.stopSignal = stopSignal
        self.errorLog = errorLog
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        guard FileManager.default.createFile(atPath: errorLog.path, contents: nil) else {
            throw TestSetupError("cannot create \(errorLog.path)")
        }
        let errors = try FileHandle(forWritingTo: errorLog)
        process.standardError = errors
        process.standardOutput = standardOutput ?? errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try errors.close()
    }

    deinit {
        stop()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// What the server wrote to standard error (and, for smtp-sink, standard output).
    public var errors: String {
        (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
    }

    /// Stops the process this object started and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, stopSignal)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Fails unless the process is still running.
    public func requireRunning() throws {
        guard process.isRunning else {
            throw TestSetupError("\(name) exited with \(process.terminationStatus): \(errors)")
        }
    }
}

/// `Tests/Servers/smtp_server.py` (aiosmtpd) on a free loopback port, with its store and event log.
public final class AiosmtpdServer {
    public struct Options {
        /// Creates options; by default plain SMTP, no AUTH.
        public init(
            tls: TLS = .none, credentials: (user: String, password: String)? = nil, excludedMechanisms: [String] = [],
            rejections: [String: Int] = [:], certificate: Certificate = .localhost
        ) {
            self.tls = tls
            self.credentials = credentials
            self.excludedMechanisms = excludedMechanisms
            self.rejections = rejections
            self.certificate = certificate
        }

        public var tls: TLS = .none
        public var credentials: (user: String, password: String)?
        /// AUTH mechanisms the server does not offer, e.g. ["PLAIN"].
        public var excludedMechanisms: [String] = []
        public var rejections: [String: Int] = [:]
        public var certificate: Certificate = .localhost

        public enum Certificate {
            /// Made out to localhost and 127.0.0.1.
            case localhost
            /// Made out to mail.kommun.example only.
            case otherName
        }

        public enum TLS {
            case none
            case startTLS
            case requiredStartTLS
            case implicit
        }
    }

    /// A delivery the server stored: one message for one recipient.
    public struct Stored {
        public let file: URL
        public let data: Data
        public let mailFrom: String
        public let recipients: [String]
    }

    public let port: Int
    public let folder: URL
    public let store: URL
    public let eventLog: URL
    private let server: ServerProcess

    public init(_ options: Options = Options()) throws {
        try TestTools.require(TestTools.python, package: "python3")
        let script = TestTools.servers.appendingPathComponent("smtp_server.py").path
        guard FileManager.default.fileExists(atPath: script) else { throw TestSetupError("\(script) is missing") }
        _ = try TestTools.run(TestTools.python, ["-c", "import aiosmtpd"])

        folder = try TestTools.temporaryFolder("aiosmtpd")
        store = folder.appendingPathComponent("store")
        eventLog = folder.appendingPathComponent("events.log")
        var arguments = [script, "--port", "0", "--store", store.path, "--log", eventLog.path]
        if options.tls != .none {
            let pki = try TestPKI.shared.get()
            let certificate = options.certificate == .localhost ? pki.certificateFile : pki.otherNameCertificateFile
            arguments += ["--cert", certificate, "--key", pki.keyFile]
            if options.tls == .requiredStartTLS { arguments.append("--require-starttls") }
            if options.tls == .implicit { arguments.append("--implicit-tls") }
        }
        if let credentials = options.credentials {
            arguments += ["--auth", "\(credentials.user):\(credentials.password)"]
            for mechanism in options.excludedMechanisms { arguments += ["--exclude-auth", mechanism] }
        }
        for (address, code) in options.rejections.sorted(by: { $0.key < $1.key }) {
            arguments += ["--reject-rcpt", "\(address)=\(code)"]
        }
        let output = Pipe()
        server = try ServerProcess(
            name: "smtp_server.py", executable: TestTools.python, arguments: arguments,
            errorLog: folder.appendingPathComponent("stderr.log"), standardOutput: output
        )
        port = try Self.readPort(from: output, server: server)
    }

    /// Waits (at most 20 s) for the "PORT <n>" line the server prints once it listens.
    private static func readPort(from pipe: Pipe, server: ServerProcess) throws -> Int {
        let reader = pipe.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        var text = ""
        while !text.contains("\n") {
            guard Date() < deadline else {
                server.stop()
                throw TestSetupError("smtp_server.py did not print its port within 20 s: \(server.errors)")
            }
            var poller = pollfd(fd: reader.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let chunk = reader.availableData
            if chunk.isEmpty {
                server.stop()
                throw TestSetupError("smtp_server.py exited before it listened: \(server.errors)")
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let line = text.prefix { $0 != "\n" }
        guard line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            throw TestSetupError("smtp_server.py printed \(line.debugDescription) instead of 'PORT <n>'")
        }
        return port
    }

    deinit {
        stop()
    }

    /// Stops the server process.
    public func stop() {
        server.stop()
    }

    /// The events the server logged, one per line: CONNECT, STARTTLS, AUTH …, MAIL …, RCPT …, DATA ….
    public func events() -> [String] {
        let text = (try? String(contentsOf: eventLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// What the server wrote to standard error.
    public var errors: String { server.errors }

    /// The stored deliveries, in the order received.
    public func stored() throws -> [Stored] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? []
        let numbers = names.compactMap { $0.hasSuffix(".eml") ? Int($0.dropLast(4)) : nil }.sorted()
        return try numbers.map { number in
            let file = store.appendingPathComponent("\(number).eml")
            let envelopeData = try Data(contentsOf: store.appendingPathComponent("\(number).json"))
            let envelope = try JSONDecoder().decode(StoredEnvelope.self, from: envelopeData)
            return Stored(file: file, data: try Data(contentsOf: file), mailFrom: envelope.mailFrom, recipients: envelope.recipients)
        }
    }

    private struct StoredEnvelope: Decodable {
        public let mailFrom: String
        public let recipients: [String]

        public enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case recipients = "rcpt_tos"
        }
    }
}

/// postfix's `smtp-sink` on a free (or given) loopback port, with fault flags.
///
/// smtp-sink cannot bind port 0 and say which port it got, so a free port is chosen first and
/// the sink is started on it. Another process may take the port in between: then the sink exits
/// with "Address already in use" and it is started again on a fresh port. The sink counts as up
/// only once /proc shows that its own process listens on the port (a connection alone could
/// reach whoever took it).
public final class SMTPSink {
    public let port: Int
    private let server: ServerProcess

    /// Starts `smtp-sink [flags] 127.0.0.1:PORT 100` and waits until it listens there.
    ///
    /// - Parameter ports: where candidate ports come from (a test of the retry gives a taken one first).
    public init(flags: [String] = [], port: Int? = nil, ports: () throws -> Int = TestTools.freePort) throws {
        try TestTools.require(TestTools.smtpSink, package: "postfix")
        let folder = try TestTools.temporaryFolder("smtp-sink")
        // As root smtp-sink must drop privileges; it refuses to run otherwise.
        let user = getuid() == 0 ? ["-u", "nobody"] : []
        var attempt = 0
        while true {
            attempt += 1
            let candidate = try port ?? ports()
            let server = try ServerProcess(
                name: "smtp-sink", executable: TestTools.smtpSink, arguments: user + flags + ["127.0.0.1:\(candidate)", "100"],
                errorLog: folder.appendingPathComponent("output-\(attempt).log"), standardOutput: nil,
                // smtp-sink keeps nothing worth flushing, and would not see a (blocked) SIGTERM.
                stopSignal: SIGKILL
            )
            switch try Self.waitUntilListening(server, port: candidate) {
            case .listening:
                self.port = candidate
                self.server = server
                return
            case .portTaken where port == nil && attempt < 5:
                continue
            case .portTaken:
                throw TestSetupError("smtp-sink could not bind 127.0.0.1:\(candidate), which another process holds: \(server.errors)")
            }
        }
    }

    private enum Start { case listening, portTaken }

    /// Waits (at most 10 s) until the sink's own process listens on the port, or it has exited.
    private static func waitUntilListening(_ server: ServerProcess, port: Int) throws -> Start {
        let deadline = Date().addingTimeInterval(10)
        while !TestTools.listeningPorts(of: server.pid).contains(port) {
            if !server.isRunning {
                if server.errors.contains("Address already in use") { return .portTaken }
                throw TestSetupError("smtp-sink exited before it listened on 127.0.0.1:\(port): \(server.errors)")
            }
            guard Date() < deadline else {
                server.stop()
                throw TestSetupError("smtp-sink did not listen on 127.0.0.1:\(port) within 10 s: \(server.errors)")
            }
            usleep(10_000)
        }
        return .listening
    }

    deinit {
        stop()
    }

    /// The pid of the sink's process.
    public var pid: Int32 { server.pid }

    /// Stops the sink process.
    public func stop() {
        server.stop()
    }
}
