import Foundation
import SamradCore
import SamradTestSupport
import Testing

@testable import SamradMail

/// The SMTP transport against real servers that each test starts on a free loopback port.
@Suite("SMTPTransport against real SMTP servers")
struct SMTPTransportTests {
    private static let user = "samrad"
    private static let password = "rätt lösenord 7Fq"

    // MARK: - TLS, AUTH and delivery

    @Test(
        "STARTTLS and AUTH: three messages to three recipients over one connection, each stored once",
        arguments: SMTPConfiguration.AuthMechanism.allCases
    )
    func startTLSWithAuth(mechanism: SMTPConfiguration.AuthMechanism) throws {
        let pki = try TestPKI.shared.get()
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS, credentials: (Self.user, Self.password)))
        defer { server.stop() }
        let passwordFile = try SMTPFixtures.file(Self.password + "\n", mode: 0o600, in: server.folder)
        let configuration = try SMTPFixtures.configuration([
            "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)",
            "SAMRAD_SMTP_USER": Self.user,
            "SAMRAD_SMTP_PASSWORD_FILE": passwordFile,
            "SAMRAD_SMTP_CA_FILE": pki.caFile,
            "SAMRAD_SMTP_AUTH": mechanism.rawValue,
        ])
        #expect(configuration.warning == nil)
        let transport = try SMTPTransport(configuration: configuration)
        #expect(transport.summary == "smtp://localhost:\(server.port) (STARTTLS, login as samrad)")
        #expect(transport.delivers)

        let recipients = ["bun@kommun.example", "sn@kommun.example", "tn@kommun.example"]
        var mails: [OutgoingMail] = []
        for (number, recipient) in recipients.enumerated() {
            let mail = SMTPFixtures.mail(to: recipient, number: number + 1)
            mails.append(mail)
            let outcome = transport.deliver(mail, envelope: try SMTPFixtures.envelope(to: recipient))
            #expect(outcome == .sent(reply: String(format: "250 2.0.0 Ok: queued as TEST%05d", number + 1)))
        }
        transport.close()

        let stored = try server.stored()
        #expect(stored.map(\.recipients) == recipients.map { [$0] })
        #expect(stored.allSatisfy { $0.mailFrom == SMTPFixtures.sender })
        // Byte for byte: dot-stuffing was undone by the server, nothing was rewritten.
        #expect(stored.map(\.data) == mails.map(\.data))
        let check = try TestTools.run(
            TestTools.python, [TestTools.servers.appendingPathComponent("check_message.py").path] + stored.map(\.file.path))
        #expect(check.split(separator: "\n").count == 3 && check.split(separator: "\n").allSatisfy { $0.hasPrefix("ok ") }, "\(check)")

        let events = server.events()
        #expect(events.filter { $0 == "CONNECT" }.count == 1, "one connection carried all three: \(events)")
        #expect(events.filter { $0 == "STARTTLS" }.count == 1, "\(events)")
        #expect(events.filter { $0.hasPrefix("AUTH") } == ["AUTH \(mechanism.rawValue) ok"])
    }

    @Test("smtps:// speaks TLS from the first byte")
    func implicitTLS() throws {
        let pki = try TestPKI.shared.get()
        let server = try AiosmtpdServer(.init(tls: .implicit, credentials: (Self.user, Self.password)))
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtps://localhost:\(server.port)",
                "SAMRAD_SMTP_USER": Self.user,
                "SAMRAD_SMTP_PASSWORD": Self.password,
                "SAMRAD_SMTP_CA_FILE": pki.caFile,
            ]))
        #expect(transport.summary == "smtps://localhost:\(server.port) (TLS, login as samrad)")
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "sent", "\(outcome)")
        #expect(try server.stored().count == 1)
    }

    @Test("a certificate from another CA makes the server unreachable, and says so")
    func wrongCA() throws {
        let pki = try TestPKI.shared.get()
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS))
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)",
                "SAMRAD_SMTP_CA_FILE": pki.otherCAFile,
            ]))
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "unreachable", "\(outcome)")
        #expect(outcome.reply.contains("the server's certificate was not signed by the CA in SAMRAD_SMTP_CA_FILE"), "\(outcome)")
        #expect(outcome.reply.contains(pki.otherCAFile))
        #expect(!server.events().contains { $0.hasPrefix("MAIL") })
        #expect(try server.stored().isEmpty)
    }

    @Test("a host name the certificate does not name makes the server unreachable")
    func wrongHostName() throws {
        let pki = try TestPKI.shared.get()
        // The server shows a certificate (from the right CA) made out to mail.kommun.example only.
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS, certificate: .otherName))
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)",
                "SAMRAD_SMTP_CA_FILE": pki.caFile,
            ]))
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "unreachable", "\(outcome)")
        #expect(outcome.reply.contains("the server's certificate is not made out to localhost"), "\(outcome)")
        #expect(try server.stored().isEmpty)
    }

    @Test("a wrong password is misconfigured once with 'authentication failed' and is never tried again by the transport")
    func wrongPassword() throws {
        let pki = try TestPKI.shared.get()
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS, credentials: (Self.user, Self.password)))
        defer { server.stop() }
        let sentinel = "WRONG-Sentinel-4b1d9e"
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)",
                "SAMRAD_SMTP_USER": Self.user,
                "SAMRAD_SMTP_PASSWORD": sentinel,
                "SAMRAD_SMTP_CA_FILE": pki.caFile,
            ]))
        let first = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(first.kind == "misconfigured", "\(first)")
        #expect(first.reply.contains("authentication failed"), "\(first)")
        #expect(first.reply.contains("535"), "the server's own words: \(first)")
        let second = try SMTPFixtures.send(through: transport, to: "sn@kommun.example")
        #expect(second.kind == "misconfigured", "\(second)")
        #expect(second.reply.contains("authentication failed"), "\(second)")
        for outcome in [first, second] {
            #expect(!outcome.reply.contains(sentinel))
            #expect(!outcome.reply.contains(Data(sentinel.utf8).base64EncodedString()))
        }
        let events = server.events()
        #expect(events.filter { $0.hasPrefix("AUTH") }.count == 1, "one login attempt only: \(events)")
        #expect(events.filter { $0 == "CONNECT" }.count == 1, "\(events)")
        #expect(!events.contains { $0.hasPrefix("MAIL") })
    }

    @Test("a server that does not offer the mechanism SAMRAD_SMTP_AUTH asks for: misconfigured, and no login is tried")
    func mechanismNotOffered() throws {
        let pki = try TestPKI.shared.get()
        let server = try AiosmtpdServer(
            .init(tls: .requiredStartTLS, credentials: (Self.user, Self.password), excludedMechanisms: ["PLAIN"]))
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)",
                "SAMRAD_SMTP_USER": Self.user,
                "SAMRAD_SMTP_PASSWORD": Self.password,
                "SAMRAD_SMTP_CA_FILE": pki.caFile,
                "SAMRAD_SMTP_AUTH": "PLAIN",
            ]))
        let first = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(first.kind == "misconfigured", "\(first)")
        #expect(first.reply.contains("offers no login mechanism Samråd can use (SAMRAD_SMTP_AUTH=PLAIN)"), "\(first)")
        let second = try SMTPFixtures.send(through: transport, to: "sn@kommun.example")
        #expect(second.kind == "misconfigured", "\(second)")
        let events = server.events()
        #expect(!events.contains { $0.hasPrefix("AUTH") || $0.hasPrefix("MAIL") }, "\(events)")
    }

    @Test("a server without STARTTLS on smtp:// is unreachable: nothing is sent in the clear")
    func noSTARTTLS() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration(["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)"]))
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "unreachable", "\(outcome)")
        #expect(outcome.reply.contains("does not offer STARTTLS; Samråd never sends without encryption unless SAMRAD_SMTP_TLS=none"))
        #expect(!server.events().contains { $0.hasPrefix("MAIL") })
        #expect(try server.stored().isEmpty)
    }

    @Test("nothing listening: unreachable with a sentence naming the server")
    func nothingListening() throws {
        let port = try TestTools.freePort()
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(port)", "SAMRAD_SMTP_TLS": "none",
            ]))
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "unreachable", "\(outcome)")
        #expect(outcome.reply.contains("cannot connect to the mail server 127.0.0.1:\(port)"), "\(outcome)")
    }

    @Test("SAMRAD_SMTP_TLS=none to loopback sends without a warning")
    func plainToLoopback() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        let configuration = try SMTPFixtures.configuration([
            "SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none",
        ])
        #expect(configuration.security == .none)
        #expect(configuration.warning == nil)
        #expect(SMTPTransport.warning(for: configuration) == nil)
        let transport = try SMTPTransport(configuration: configuration)
        #expect(transport.summary == "smtp://127.0.0.1:\(server.port) (no encryption)")
        let outcome = try SMTPFixtures.send(through: transport, to: "bun@kommun.example")
        #expect(outcome.kind == "sent", "\(outcome)")
        #expect(try server.stored().map(\.recipients) == [["bun@kommun.example"]])
    }

    @Test("SAMRAD_SMTP_TLS=none to another host carries a warning (configuration only: nothing connects)")
    func plainToRemoteHostWarns() throws {
        let configuration = try #require(
            try SMTPConfiguration(environment: [
                "SAMRAD_SMTP_URL": "smtp://relay.kommun.example:25", "SAMRAD_SMTP_TLS": "none",
            ]))
        let warning = try #require(SMTPTransport.warning(for: configuration))
        #expect(warning == configuration.warning)
        #expect(warning.contains("SAMRAD_SMTP_TLS=none"))
        #expect(warning.contains("relay.kommun.example:25 travels unencrypted"))
        #expect(configuration.summary == "smtp://relay.kommun.example:25 (no encryption)")
    }

    // MARK: - Rejections and faults

    @Test("aiosmtpd's per-recipient rejections: 550 fails with its words, 451 defers, the next delivery reconnects")
    func recipientRejections() throws {
        let server = try AiosmtpdServer(.init(rejections: ["x@kommun.example": 550, "busy@kommun.example": 451]))
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none",
            ]))
        func deliver(_ recipient: String) throws -> DeliveryOutcome {
            transport.deliver(SMTPFixtures.mail(to: recipient), envelope: try SMTPFixtures.envelope(to: recipient))
        }
        #expect(try deliver("x@kommun.example") == .failed(reply: "550 5.1.1 <x@kommun.example>: Recipient address rejected: User unknown"))
        #expect(try deliver("bun@kommun.example").kind == "sent")
        #expect(try deliver("busy@kommun.example") == .deferred(reply: "451 4.3.0 <busy@kommun.example>: Temporary lookup failure"))
        #expect(try deliver("sn@kommun.example").kind == "sent")
        #expect(try server.stored().map(\.recipients) == [["bun@kommun.example"], ["sn@kommun.example"]])
        let events = server.events()
        #expect(events.filter { $0 == "CONNECT" }.count == 3, "a refused RCPT closes the connection: \(events)")
    }

    /// One of smtp-sink's faults and what the transport must make of it.
    struct SinkFault: Sendable, CustomTestStringConvertible {
        let name: String
        let flags: [String]
        let kind: String
        let replyContains: String
        var responseTimeout: Duration = .seconds(10)
        var deliveryUnknown = false

        var testDescription: String { name }

        static let all: [SinkFault] = [
            SinkFault(
                name: "4xx on RCPT (-r RCPT)", flags: ["-r", "RCPT"], kind: "deferred", replyContains: "450 4.3.0 Error: command failed"),
            SinkFault(
                name: "5xx on RCPT (-f RCPT)",
                flags: ["-f", "RCPT", "-B", "550 5.1.1 <bun@kommun.example>: Recipient address rejected: User unknown"],
                kind: "failed", replyContains: "550 5.1.1 <bun@kommun.example>: Recipient address rejected: User unknown"
            ),
            SinkFault(name: "421 and hang-up at MAIL (-Q MAIL)", flags: ["-Q", "MAIL"], kind: "deferred", replyContains: "421 4.0.0"),
            SinkFault(
                name: "hang-up at DATA (-q DATA)", flags: ["-q", "DATA"], kind: "deferred", replyContains: "the connection to 127.0.0.1"),
            SinkFault(
                name: "DATA answered after 5 s, per-reply limit 2 s (-w 5)", flags: ["-w", "5"], kind: "deferred",
                replyContains: "did not answer in time", responseTimeout: .seconds(2)
            ),
            // -A 0 races the upload (the sink may close before the body is written: a broken pipe);
            // after 1 s the whole message is in, and libcurl reads the 550 as the answer to it.
            SinkFault(name: "550 after DATA (-A 1)", flags: ["-A", "1"], kind: "failed", replyContains: "550"),
            SinkFault(
                name: "5xx after the final dot (-f .)", flags: ["-f", ".", "-B", "554 5.7.1 Message rejected as spam"],
                kind: "failed", replyContains: "554 5.7.1 Message rejected as spam"
            ),
            SinkFault(
                name: "hang-up after the final dot (-q .)", flags: ["-q", "."], kind: "deferred",
                replyContains: "the connection to 127.0.0.1", deliveryUnknown: true
            ),
        ]
    }

    @Test("smtp-sink faults are classified, and the same transport then delivers once the server behaves", arguments: SinkFault.all)
    func sinkFault(_ fault: SinkFault) throws {
        var sink = try SMTPSink(flags: fault.flags)
        defer { sink.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration(
                ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "SAMRAD_SMTP_TLS": "none"],
                response: fault.responseTimeout
            ))
        let recipient = "bun@kommun.example"
        let outcome = transport.deliver(SMTPFixtures.mail(to: recipient), envelope: try SMTPFixtures.envelope(to: recipient))
        #expect(outcome.kind == fault.kind, "\(outcome)")
        #expect(outcome.reply.contains(fault.replyContains), "\(outcome)")
        #expect(
            outcome.reply.contains("delivery unknown: will be sent again with the same Message-ID") == fault.deliveryUnknown,
            "\(outcome)")

        // The same handle, a well-behaved server on the same port: the next delivery reconnects by itself.
        let port = sink.port
        sink.stop()
        sink = try SMTPSink(port: port)
        let next = transport.deliver(SMTPFixtures.mail(to: recipient, number: 2), envelope: try SMTPFixtures.envelope(to: recipient))
        #expect(next.kind == "sent", "\(next)")
        #expect(next.reply.hasPrefix("250"), "\(next)")
    }

    // MARK: - Injection and malformed messages

    @Test("an envelope address with CR LF cannot be built, and the transport's own check refuses it too")
    func addressInjection() throws {
        let injected = "a@kommun.example\r\nRCPT TO:<evil@kommun.example>"
        #expect(throws: EmailAddressError.self) { try EmailAddress(injected) }
        let problem = try #require(SMTPMessageCheck.problem(inAddress: injected, role: "recipient"))
        #expect(problem.contains("U+000D"))
        #expect(SMTPMessageCheck.problem(inAddress: "a@kommun.example\u{0}", role: "sender") != nil)
        #expect(SMTPMessageCheck.problem(inAddress: "bun@kommun.example", role: "recipient") == nil)
    }

    /// A malformed message and the words the refusal must contain.
    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let reason: String

        var testDescription: String { name }

        static let good = "From: kansli@kommun.example\r\nTo: bun@kommun.example\r\nSubject: Samråd\r\n\r\nHej!\r\n"

        static let all: [Malformed] = [
            Malformed(
                name: "bare LF in the headers",
                text: "From: kansli@kommun.example\r\nSubject: Hej\nRCPT TO:<evil@kommun.example>\r\n\r\nHej!\r\n",
                reason: "line 2 of the message ends in a bare LF"),
            Malformed(
                name: "a line of 1,200 octets",
                text: "From: kansli@kommun.example\r\n\r\n" + String(repeating: "x", count: 1200) + "\r\n",
                reason: "line 3 of the message is 1200 octets long; SMTP allows at most 998"),
            Malformed(
                name: "bare CR in the headers", text: "From: kansli@kommun.example\rX: y\r\n\r\nHej!\r\n",
                reason: "line 1 of the message has a bare CR"),
            Malformed(
                name: "NUL in the headers", text: "From: kansli@kommun.example\r\nSubject: a\u{0}b\r\n\r\nHej!\r\n",
                reason: "NUL byte"),
            Malformed(
                name: "escape character in the headers", text: "From: kansli@kommun.example\r\nSubject: a\u{1B}b\r\n\r\nHej!\r\n",
                reason: "header line 2 of the message contains the control character U+001B"),
            Malformed(
                name: "a header line that is not a field", text: "From: kansli@kommun.example\r\nRCPT TO evil\r\n\r\nHej!\r\n",
                reason: "header line 2 of the message is neither a header field"),
            Malformed(
                name: "no CR LF at the end", text: "From: kansli@kommun.example\r\n\r\nHej!",
                reason: "the message does not end with CR LF"),
            Malformed(name: "empty", text: "", reason: "the message is empty"),
        ]
    }

    @Test("a malformed message is failed without connecting", arguments: Malformed.all)
    func malformedMessage(_ malformed: Malformed) throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        let transport = try SMTPTransport(
            configuration: try SMTPFixtures.configuration([
                "SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none",
            ]))
        let outcome = transport.deliver(SMTPFixtures.raw(malformed.text), envelope: try SMTPFixtures.envelope(to: "bun@kommun.example"))
        #expect(outcome.kind == "failed", "\(outcome)")
        #expect(outcome.reply.hasPrefix("not sent: "), "\(outcome)")
        #expect(outcome.reply.contains(malformed.reason), "\(outcome)")
        transport.close()
        #expect(server.events().isEmpty, "the server saw no connection: \(server.events())")
        #expect(try server.stored().isEmpty)
    }

    @Test("line length: 998 octets pass, 999 do not")
    func lineLengthLimit() {
        let head = "From: kansli@kommun.example\r\n\r\n"
        #expect(SMTPMessageCheck.problem(inMessage: Data((head + String(repeating: "x", count: 998) + "\r\n").utf8)) == nil)
        #expect(SMTPMessageCheck.problem(inMessage: Data((head + String(repeating: "x", count: 999) + "\r\n").utf8)) != nil)
        #expect(SMTPMessageCheck.problem(inMessage: Data(Malformed.good.utf8)) == nil)
    }
}
