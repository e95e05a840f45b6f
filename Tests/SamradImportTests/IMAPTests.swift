import Foundation
import SamradTestSupport
import Testing

@testable import SamradImport

// MARK: - Against a real dovecot

@Suite("IMAP against dovecot")
struct IMAPDovecotTests {
    @Test("a poll fetches every message in UID order, the next nothing, a later one alone, and keeps them unseen")
    func pollsEachMessageOnce() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        let messages = (1...3).map { feedback(number: $0) }
        for message in messages { try dovecot.deliver(message) }
        let mailbox = try makeMailbox(dovecot)
        let poller = IMAPPoller(mailbox: mailbox)

        var handled: [(UInt32, Data)] = []
        let first = try poller.poll(after: nil) { handled.append(($0, $1)) }
        let uidValidity = try dovecot.status().uidValidity
        #expect(handled.map(\.0) == [1, 2, 3])
        #expect(handled.map { String(decoding: $0.1, as: UTF8.self) } == messages)
        #expect(first == IMAPState(uidValidity: uidValidity, lastUID: 3))
        #expect(!first.restarted)

        // The state is what the caller stores between runs.
        let stored = try JSONEncoder().encode(first)
        let remembered = try JSONDecoder().decode(IMAPState.self, from: stored)
        #expect(remembered == first)

        handled = []
        let second = try poller.poll(after: remembered) { handled.append(($0, $1)) }
        #expect(handled.isEmpty)
        #expect(second == first)

        let late = feedback(number: 4)
        try dovecot.deliver(late)
        let third = try IMAPPoller(mailbox: try makeMailbox(dovecot)).poll(after: second) { handled.append(($0, $1)) }
        #expect(handled.map(\.0) == [4])
        #expect(handled.map { String(decoding: $0.1, as: UTF8.self) } == [late])
        #expect(third == IMAPState(uidValidity: uidValidity, lastUID: 4))

        // Opened read-only and fetched on that connection: nobody else's unread mail turns read.
        #expect(try dovecot.seenUIDs() == [])
    }

    @Test("the state advances only past messages whose handling succeeded")
    func failedHandlingIsFetchedAgain() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        for number in 1...3 { try dovecot.deliver(feedback(number: number)) }
        let poller = IMAPPoller(mailbox: try makeMailbox(dovecot))
        struct ImportFailed: Error {}

        var handled: [UInt32] = []
        let error = #expect(throws: IMAPPollError.self) {
            try poller.poll(after: nil) { uid, _ in
                if uid == 2 { throw ImportFailed() }
                handled.append(uid)
            }
        }
        #expect(handled == [1])
        #expect(error?.uid == 2)
        #expect(error?.state?.lastUID == 1)
        #expect(error?.underlying is ImportFailed)
        #expect(error?.handledCount == 1)

        let state = try poller.poll(after: error?.state) { uid, _ in handled.append(uid) }
        #expect(handled == [1, 2, 3])
        #expect(state.lastUID == 3)
    }

    @Test("a message expunged between the search and its fetch is passed over")
    func expungedMeanwhile() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        for number in 1...3 { try dovecot.deliver(feedback(number: number)) }
        let poller = IMAPPoller(mailbox: try makeMailbox(dovecot))
        var handled: [UInt32] = []
        let state = try poller.poll(after: nil) { uid, _ in
            if uid == 1 { try dovecot.expunge(uid: 2) }
            handled.append(uid)
        }
        #expect(handled == [1, 3])
        #expect(state.lastUID == 3)
    }

    @Test("a new UIDVALIDITY starts again from the first message, and the state says so")
    func uidValidityChangeRestarts() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        for number in 1...3 { try dovecot.deliver(feedback(number: number)) }
        let mailbox = try makeMailbox(dovecot)
        let poller = IMAPPoller(mailbox: mailbox)
        let before = try poller.poll(after: nil) { _, _ in }
        #expect(before.lastUID == 3)

        let renumbered = before.uidValidity &+ 1000
        try dovecot.setUIDValidity(renumbered)
        // The server ends sessions that have the mailbox open when its UIDVALIDITY changes; start afresh.
        mailbox.close()

        let stale = #expect(throws: IMAPError.self) {
            try mailbox.fetch(uid: 2, uidValidity: before.uidValidity)
        }
        #expect(stale?.code == .uidValidityChanged)
        #expect(stale?.description.contains("UIDVALIDITY") == true)

        var handled: [UInt32] = []
        let after = try poller.poll(after: before) { uid, _ in handled.append(uid) }
        #expect(handled == [1, 2, 3])
        #expect(after == IMAPState(uidValidity: renumbered, lastUID: 3, previousUIDValidity: before.uidValidity))
        #expect(after.restarted)

        // The next poll goes on from there, and no longer reports a restart.
        let settled = try poller.poll(after: after) { uid, _ in handled.append(uid) }
        #expect(handled == [1, 2, 3])
        #expect(settled == IMAPState(uidValidity: renumbered, lastUID: 3))
    }

    @Test("status and uids(after:) filter out the last message that UID ranges past the end return")
    func statusAndSearch() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        let mailbox = try makeMailbox(dovecot)
        let empty = try mailbox.status()
        #expect(try mailbox.uids(after: 0) == [])

        for number in 1...3 { try dovecot.deliver(feedback(number: number)) }
        let status = try mailbox.status()
        #expect(status.uidValidity == empty.uidValidity)
        #expect(status.uidNext == 4)
        #expect(try mailbox.uids(after: 0) == [1, 2, 3])
        #expect(try mailbox.uids(after: 2) == [3])
        #expect(try mailbox.uids(after: 3) == [])
        #expect(try mailbox.uids(after: 1000) == [])
        #expect(try mailbox.uids(after: .max) == [])
    }

    @Test("more messages than one search covers are all found, each once")
    func searchesInWindows() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        try dovecot.writeToMaildir((1...1234).map { feedback(number: $0) })
        let mailbox = try makeMailbox(dovecot)
        #expect(try mailbox.uids(after: 0) == Array(1...1234))
        #expect(try mailbox.uids(after: 600) == Array(601...1234))
        #expect(try mailbox.uids(after: 1233) == [1234])
    }

    @Test("imap:// with STARTTLS works")
    func startTLS() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        try dovecot.deliver(feedback(number: 1))
        let mailbox = try makeMailbox(dovecot, url: "imap://127.0.0.1:\(dovecot.imapPort)/INBOX")
        #expect(mailbox.configuration.security == .startTLS)
        var handled: [UInt32] = []
        _ = try IMAPPoller(mailbox: mailbox).poll(after: nil) { uid, _ in handled.append(uid) }
        #expect(handled == [1])
        // dovecot says how each login was protected: "TLS" after STARTTLS, "secured" for plain loopback.
        let deadline = Date().addingTimeInterval(5)
        while !dovecot.errors.contains("Login: user=<feedback>"), Date() < deadline { usleep(20_000) }
        let logins = dovecot.errors.split(separator: "\n").filter { $0.contains("Login: user=<feedback>") }
        #expect(!logins.isEmpty && logins.allSatisfy { $0.contains(", TLS,") }, "\(logins)")
    }

    @Test("imap:// to a server without STARTTLS is refused unless SAMRAD_IMAP_TLS=none (loopback only)")
    func plainIMAP() throws {
        let dovecot = try DovecotServer(.init(tls: .none))
        defer { expectStopped(dovecot) }
        try dovecot.deliver(feedback(number: 1))
        let url = "imap://127.0.0.1:\(dovecot.imapPort)/INBOX"

        let refused = #expect(throws: IMAPError.self) {
            try makeMailbox(dovecot, url: url, caFile: .none).status()
        }
        #expect(refused?.code == .tlsUnavailable)
        #expect(refused?.description.contains("STARTTLS") == true)
        #expect(refused?.isTemporary == false)

        let plain = try makeMailbox(dovecot, url: url, caFile: .none, extra: ["SAMRAD_IMAP_TLS": "none"])
        #expect(plain.configuration.security == .none)
        #expect(try plain.uids(after: 0) == [1])
    }

    @Test("a certificate from another CA is refused with a sentence about the certificate")
    func wrongCA() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        let pki = try TestPKI.shared.get()
        let mailbox = try makeMailbox(dovecot, caFile: .file(pki.otherCAFile))
        let error = #expect(throws: IMAPError.self) { try mailbox.status() }
        #expect(error?.code == .certificate)
        #expect(error?.isTemporary == false)
        #expect(error?.description.contains("certificate was not signed by the CA in SAMRAD_IMAP_CA_FILE") == true)
    }

    @Test("a wrong password is a refused login whose message never shows the password")
    func wrongPassword() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        let wrong = "Fel lösen-ord 42!"
        let mailbox = try makeMailbox(dovecot, password: wrong)
        let error = #expect(throws: IMAPError.self) { try mailbox.status() }
        #expect(error?.code == .loginRefused)
        #expect(error?.isTemporary == false)
        #expect(error?.description.contains("refused the login as feedback") == true)
        #expect(error?.description.contains("AUTHENTICATIONFAILED") == true)
        let secrets = [wrong, Data(wrong.utf8).base64EncodedString(), Data("\0feedback\0\(wrong)".utf8).base64EncodedString()]
        for secret in secrets {
            #expect(error?.description.contains(secret) == false)
        }
        #expect(!String(reflecting: mailbox.configuration).contains(wrong))

        // No second login: a wrong password must not lock the account.
        let again = #expect(throws: IMAPError.self) { try mailbox.uids(after: 0) }
        #expect(again?.description.contains("no further login is tried") == true)
        // dovecot's log process writes the line a moment after the client has gone.
        let deadline = Date().addingTimeInterval(5)
        while !dovecot.errors.contains("auth failed"), Date() < deadline { usleep(20_000) }
        let logins = dovecot.errors.components(separatedBy: "auth failed").count - 1
        #expect(logins == 1, "dovecot logged \(logins) failed logins:\n\(dovecot.errors)")
    }

    @Test("a mailbox that does not exist is named in the error")
    func noSuchMailbox() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        let mailbox = try makeMailbox(dovecot, url: "imaps://127.0.0.1:\(dovecot.imapsPort!)/Remissvar")
        let error = #expect(throws: IMAPError.self) { try mailbox.status() }
        #expect(error?.code == .noSuchMailbox)
        #expect(error?.description.contains("'Remissvar'") == true)
        #expect(error?.description.contains("the server said 'NO Mailbox doesn't exist: Remissvar") == true)
        #expect(error?.isTemporary == false)
    }

    @Test("a mailbox with a non-ASCII name is reached by its modified UTF-7 name")
    func internationalMailboxName() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        try dovecot.createMailbox("Återkoppling")
        let message = feedback(number: 1)
        try dovecot.deliver(message, to: "Återkoppling")
        let mailbox = try makeMailbox(dovecot, url: "imaps://127.0.0.1:\(dovecot.imapsPort!)/%C3%85terkoppling")
        #expect(mailbox.configuration.mailbox == "Återkoppling")
        var handled: [String] = []
        _ = try IMAPPoller(mailbox: mailbox).poll(after: nil) { _, data in handled.append(String(decoding: data, as: UTF8.self)) }
        #expect(handled == [message])
    }

    @Test("a message over the size limit stops the poll before it, with the reason")
    func messageTooLarge() throws {
        let dovecot = try DovecotServer()
        defer { expectStopped(dovecot) }
        try dovecot.deliver(feedback(number: 1))
        try dovecot.deliver(feedback(number: 2) + String(repeating: "Lång rad. ", count: 200) + "\r\n")
        var configuration = try configuration(for: dovecot)
        configuration.maximumMessageSize = 1000
        let poller = IMAPPoller(mailbox: try IMAPMailbox(configuration: configuration))
        var handled: [UInt32] = []
        let error = #expect(throws: IMAPPollError.self) {
            try poller.poll(after: nil) { uid, _ in handled.append(uid) }
        }
        #expect(handled == [1])
        #expect(error?.state?.lastUID == 1)
        #expect((error?.underlying as? IMAPError)?.code == .messageTooLarge)
        #expect(error?.description.contains("stopped at message UID 2") == true)
    }

    @Test("a server that is not there is unreachable, which is temporary")
    func unreachable() throws {
        let port = try TestTools.freePort()
        let pki = try TestPKI.shared.get()
        let configuration = try #require(
            try IMAPConfiguration(environment: [
                "SAMRAD_IMAP_URL": "imaps://127.0.0.1:\(port)/INBOX", "SAMRAD_IMAP_USER": "feedback",
                "SAMRAD_IMAP_PASSWORD": "x", "SAMRAD_IMAP_CA_FILE": pki.caFile,
            ])
        )
        let error = #expect(throws: IMAPPollError.self) {
            try IMAPPoller(mailbox: try IMAPMailbox(configuration: configuration)).poll(after: nil) { _, _ in }
        }
        #expect(error?.state == nil)
        #expect(error?.isTemporary == true)
        #expect((error?.underlying as? IMAPError)?.code == .unreachable)
    }
}

@Suite("IMAP time limits")
struct IMAPTimeoutTests {
    @Test("a server that accepts the connection but never answers times out, which is temporary")
    func silentServer() throws {
        // A listening socket nobody accepts on: the kernel completes the handshake, no greeting follows.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && listen(listener, 4) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        try #require(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))

        var configuration = try #require(
            try IMAPConfiguration(environment: [
                "SAMRAD_IMAP_URL": "imap://127.0.0.1:\(port)/INBOX", "SAMRAD_IMAP_USER": "feedback",
                "SAMRAD_IMAP_PASSWORD": "x",
            ])
        )
        configuration.timeouts = .init(connect: .seconds(2), response: .seconds(1), total: .seconds(2), lowSpeedTime: .seconds(1))
        let started = ContinuousClock.now
        let error = #expect(throws: IMAPError.self) { try IMAPMailbox(configuration: configuration).status() }
        #expect(error?.code == .timedOut)
        #expect(error?.isTemporary == true)
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}

// MARK: - The configuration

@Suite("IMAP configuration")
struct IMAPConfigurationTests {
    @Test("nil when no SAMRAD_IMAP_ variable is set")
    func unset() throws {
        #expect(try IMAPConfiguration(environment: ["SAMRAD_SMTP_URL": "smtp://x:587"]) == nil)
    }

    @Test("imaps:// is TLS on 993, imap:// STARTTLS on 143, INBOX when no mailbox is given")
    func schemes() throws {
        let tls = try #require(try IMAPConfiguration(environment: base("imaps://IMAP.Kommun.example")))
        #expect(tls.security == .implicitTLS)
        #expect(tls.port == 993)
        #expect(tls.mailbox == "INBOX")
        #expect(tls.url == "imaps://imap.kommun.example:993/INBOX")
        #expect(tls.summary == "imaps://imap.kommun.example:993/INBOX (TLS, login as samrad)")

        let startTLS = try #require(try IMAPConfiguration(environment: base("imap://imap.kommun.example/Remissvar%202025")))
        #expect(startTLS.security == .startTLS)
        #expect(startTLS.port == 143)
        #expect(startTLS.mailbox == "Remissvar 2025")
        #expect(startTLS.mailboxURL == "imap://imap.kommun.example:143/Remissvar%202025")
    }

    @Test("plain IMAP only with SAMRAD_IMAP_TLS=none, and only to this machine")
    func plainOnlyToLoopback() throws {
        var environment = base("imap://imap.kommun.example:143/INBOX")
        environment["SAMRAD_IMAP_TLS"] = "none"
        let error = #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        #expect(error?.variable == "SAMRAD_IMAP_TLS")
        #expect(error?.description.contains("only to this machine") == true)

        for host in ["127.0.0.1", "localhost", "[::1]"] {
            environment["SAMRAD_IMAP_URL"] = "imap://\(host):1143/INBOX"
            #expect(try IMAPConfiguration(environment: environment)?.security == IMAPConfiguration.Security.none)
        }
        environment["SAMRAD_IMAP_URL"] = "imaps://127.0.0.1/INBOX"
        #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
    }

    @Test("unknown SAMRAD_IMAP_ variables are refused by name")
    func unknownVariables() throws {
        var environment = base("imaps://imap.kommun.example/INBOX")
        environment["SAMRAD_IMAP_PASS"] = "x"
        environment["SAMRAD_IMAP_HOST"] = "y"
        let error = #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        #expect(error?.description.hasPrefix("SAMRAD_IMAP_HOST, SAMRAD_IMAP_PASS are not settings Samråd knows") == true)
    }

    @Test("a password file that others can read is refused with chmod 600; the password shows nowhere")
    func passwordFile() throws {
        let folder = try TestTools.temporaryFolder("imap-config")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("password")
        let password = "hemligt-lösen"
        try "\(password)\n".write(to: file, atomically: true, encoding: .utf8)
        var environment = base("imaps://imap.kommun.example/INBOX")
        environment["SAMRAD_IMAP_PASSWORD"] = nil
        environment["SAMRAD_IMAP_PASSWORD_FILE"] = file.path

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let error = #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        #expect(error?.description.contains("chmod 600 \(file.path)") == true)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let configuration = try #require(try IMAPConfiguration(environment: environment))
        #expect(configuration.password.value == password)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [configuration.description, String(reflecting: configuration), dumped] {
            #expect(!text.contains(password))
        }
    }

    @Test("a URL that may hold credentials is refused without being echoed")
    func credentialsInURL() throws {
        let environment = base("imaps://samrad:hemligt@imap.kommun.example/INBOX")
        let error = #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        #expect(error?.description.contains("hemligt") == false)
    }

    @Test("the login and a password are required")
    func loginRequired() throws {
        var environment = base("imaps://imap.kommun.example/INBOX")
        environment["SAMRAD_IMAP_USER"] = nil
        #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        environment = base("imaps://imap.kommun.example/INBOX")
        environment["SAMRAD_IMAP_PASSWORD"] = nil
        let error = #expect(throws: IMAPConfigurationError.self) { try IMAPConfiguration(environment: environment) }
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test(
        "mailbox names travel in modified UTF-7",
        arguments: [
            ("INBOX", "INBOX"),
            ("Återkoppling", "&AMU-terkoppling"),
            ("Svar & frågor", "Svar &- fr&AOU-gor"),
            ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ]
    )
    func modifiedUTF7(name: String, encoded: String) {
        #expect(ModifiedUTF7.encode(name) == encoded)
    }

    private func base(_ url: String) -> [String: String] {
        ["SAMRAD_IMAP_URL": url, "SAMRAD_IMAP_USER": "samrad", "SAMRAD_IMAP_PASSWORD": "hemligt"]
    }
}

// MARK: - Helpers

/// A feedback message with CRLF line endings.
private func feedback(number: Int) -> String {
    "From: Remissinstans \(number) <instans\(number)@example.org>\r\n"
        + "To: remiss@kommun.example\r\n"
        + "Subject: Svar på remiss \(number)\r\n"
        + "Message-ID: <svar-\(number)@example.org>\r\n"
        + "\r\n"
        + "Vi tillstyrker förslaget (svar \(number)).\r\n"
}

/// Which `SAMRAD_IMAP_CA_FILE` a test gives.
private enum CAFile {
    /// The test CA, which signed dovecot's certificate.
    case testCA
    /// Another file.
    case file(String)
    /// None.
    case none
}

/// The configuration for dovecot's IMAPS port (or `url`), with the password in a mode-600 file.
private func configuration(
    for dovecot: DovecotServer, url: String? = nil, password: String? = nil, caFile: CAFile = .testCA,
    extra: [String: String] = [:]
) throws -> IMAPConfiguration {
    let passwordFile = dovecot.folder.appendingPathComponent("imap-password-\(UUID().uuidString)")
    guard
        FileManager.default.createFile(
            atPath: passwordFile.path, contents: Data((password ?? dovecot.password).utf8), attributes: [.posixPermissions: 0o600]
        )
    else { throw TestSetupError("cannot write \(passwordFile.path)") }
    var environment = [
        "SAMRAD_IMAP_URL": url ?? "imaps://127.0.0.1:\(dovecot.imapsPort ?? dovecot.imapPort)/INBOX",
        "SAMRAD_IMAP_USER": dovecot.user,
        "SAMRAD_IMAP_PASSWORD_FILE": passwordFile.path,
    ]
    switch caFile {
    case .testCA: environment["SAMRAD_IMAP_CA_FILE"] = try TestPKI.shared.get().caFile
    case .file(let file): environment["SAMRAD_IMAP_CA_FILE"] = file
    case .none: break
    }
    environment.merge(extra) { $1 }
    var configuration = try #require(try IMAPConfiguration(environment: environment))
    configuration.timeouts = .init(connect: .seconds(5), response: .seconds(10), total: .seconds(30), lowSpeedTime: .seconds(10))
    return configuration
}

private func makeMailbox(
    _ dovecot: DovecotServer, url: String? = nil, password: String? = nil, caFile: CAFile = .testCA, extra: [String: String] = [:]
) throws -> IMAPMailbox {
    try IMAPMailbox(configuration: configuration(for: dovecot, url: url, password: password, caFile: caFile, extra: extra))
}

/// Stops dovecot by its master's pid and checks that none of its processes is left.
private func expectStopped(_ dovecot: DovecotServer) {
    let stragglers = dovecot.stop()
    #expect(stragglers.isEmpty, "dovecot processes had to be killed one by one: \(stragglers)")
    #expect(dovecot.remainingProcesses().isEmpty)
}
