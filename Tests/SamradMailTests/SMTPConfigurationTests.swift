import Foundation
import SamradTestSupport
import Testing

@testable import SamradMail

/// `SMTPConfiguration(environment:)`: what each variable does, and the errors for bad values.
@Suite("SMTPConfiguration from the environment")
struct SMTPConfigurationTests {
    private func error(_ environment: [String: String]) -> SMTPConfigurationError? {
        do {
            _ = try SMTPConfiguration(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test("smtp:// requires STARTTLS, smtps:// is TLS from the start, unset means the outbox")
    func schemes() throws {
        let startTLS = try #require(try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": "smtp://Mail.Kommun.example:587"]))
        #expect(startTLS.security == .startTLS)
        #expect(startTLS.host == "mail.kommun.example")
        #expect(startTLS.port == 587)
        #expect(startTLS.summary == "smtp://mail.kommun.example:587 (STARTTLS)")
        #expect(startTLS.timeouts == SMTPConfiguration.Timeouts())
        #expect(startTLS.timeouts.connect == .seconds(15) && startTLS.timeouts.response == .seconds(60))
        #expect(startTLS.timeouts.total == .seconds(300) && startTLS.timeouts.lowSpeedLimit == 1)

        let implicit = try #require(try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": "smtps://mail.kommun.example"]))
        #expect(implicit.security == .implicitTLS)
        #expect(implicit.port == 465)

        let ehlo = try #require(
            try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": "smtp://mail.kommun.example:587/samrad.kommun.example"]))
        #expect(ehlo.url == "smtp://mail.kommun.example:587/samrad.kommun.example")

        #expect(try SMTPConfiguration(environment: [:]) == nil)
        #expect(try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": "", "HOME": "/root"]) == nil)
    }

    @Test("loopback hosts: localhost, 127.0.0.0/8, ::1")
    func loopback() throws {
        for url in ["smtp://localhost:25", "smtp://127.0.0.1:25", "smtp://127.9.9.9:25", "smtp://[::1]:25"] {
            let configuration = try #require(try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": url, "SAMRAD_SMTP_TLS": "none"]))
            #expect(configuration.isLoopback, "\(url)")
            #expect(configuration.warning == nil, "\(url)")
        }
        let remote = try #require(try SMTPConfiguration(environment: ["SAMRAD_SMTP_URL": "smtp://10.0.0.1:25", "SAMRAD_SMTP_TLS": "none"]))
        #expect(!remote.isLoopback)
        #expect(remote.warning != nil)
    }

    @Test("a URL with credentials is refused without echoing it")
    func credentialsInURL() throws {
        let failure = try #require(error(["SAMRAD_SMTP_URL": "smtp://samrad:Hemligt-77@mail.kommun.example:587"]))
        #expect(failure.variable == "SAMRAD_SMTP_URL")
        #expect(!failure.description.contains("Hemligt-77"))
        #expect(failure.description.contains("SAMRAD_SMTP_PASSWORD_FILE"))
    }

    @Test(
        "bad values name the variable and the fix",
        arguments: [
            (["SAMRAD_SMTP_URL": "http://mail.kommun.example"], "SAMRAD_SMTP_URL", "must start with smtp://"),
            (["SAMRAD_SMTP_URL": "mail.kommun.example:587"], "SAMRAD_SMTP_URL", "is not a URL"),
            (["SAMRAD_SMTP_URL": "smtp://mail.kommun.example:99999"], "SAMRAD_SMTP_URL", "give a number from 1 to 65535"),
            (["SAMRAD_SMTP_URL": "smtp://mail.kommun.example:+25"], "SAMRAD_SMTP_URL", "give a number from 1 to 65535"),
            (["SAMRAD_SMTP_URL": "smtp://mail_kommun.example"], "SAMRAD_SMTP_URL", "is not a host name"),
            (["SAMRAD_SMTP_URL": "smtp://mail.kommun.example?x=1"], "SAMRAD_SMTP_URL", "query or fragment"),
            (["SAMRAD_SMTP_URL": "smtps://mail.kommun.example", "SAMRAD_SMTP_TLS": "none"], "SAMRAD_SMTP_TLS", "contradicts"),
            (
                ["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_TLS": "try"], "SAMRAD_SMTP_TLS",
                "only value it takes is 'none'"
            ),
            (["SAMRAD_SMTP_USER": "samrad"], "SAMRAD_SMTP_URL", "SAMRAD_SMTP_USER is set but SAMRAD_SMTP_URL is not"),
            (["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_PASSWROD": "x"], "SAMRAD_SMTP_PASSWROD", "not a setting"),
            (["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad"], "SAMRAD_SMTP_PASSWORD_FILE", "no password"),
            (
                ["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_PASSWORD": "p"], "SAMRAD_SMTP_USER",
                "SAMRAD_SMTP_USER is not"
            ),
            (
                [
                    "SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": "p",
                    "SAMRAD_SMTP_AUTH": "CRAM-MD5",
                ], "SAMRAD_SMTP_AUTH", "write PLAIN or LOGIN"
            ),
            (
                [
                    "SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_TLS": "none", "SAMRAD_SMTP_USER": "samrad",
                    "SAMRAD_SMTP_PASSWORD": "p",
                ], "SAMRAD_SMTP_TLS", "would send the SMTP password unencrypted"
            ),
            (
                ["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_CA_FILE": "/nonexistent/ca.pem"],
                "SAMRAD_SMTP_CA_FILE", "/nonexistent/ca.pem, which does not exist"
            ),
        ] as [([String: String], String, String)]
    )
    func badValues(environment: [String: String], variable: String, words: String) throws {
        let failure = try #require(error(environment))
        #expect(failure.variable == variable)
        #expect(failure.description.contains(words), "\(failure)")
    }

    @Test("a password file others can read is refused, naming the file and chmod 600")
    func passwordFileReadableByOthers() throws {
        let folder = try TestTools.temporaryFolder("password")
        let sentinel = "Sentinel-Password-c41f07"
        for mode in [0o644, 0o640, 0o604] {
            let path = try SMTPFixtures.file(sentinel + "\n", mode: mode, in: folder, name: "password-\(mode)")
            let failure = try #require(
                error([
                    "SAMRAD_SMTP_URL": "smtp://mail.kommun.example:587", "SAMRAD_SMTP_USER": "samrad",
                    "SAMRAD_SMTP_PASSWORD_FILE": path,
                ]))
            #expect(failure.variable == "SAMRAD_SMTP_PASSWORD_FILE")
            #expect(failure.description.contains(path))
            #expect(failure.description.contains("chmod 600 \(path)"))
            #expect(!failure.description.contains(sentinel))
        }
    }

    @Test("a password file loses one final line break; a second line is refused without showing it")
    func passwordFileContent() throws {
        let folder = try TestTools.temporaryFolder("password")
        func configuration(_ text: String) throws -> SMTPConfiguration? {
            let path = try SMTPFixtures.file(text, mode: 0o600, in: folder, name: UUID().uuidString)
            return try SMTPConfiguration(environment: [
                "SAMRAD_SMTP_URL": "smtp://mail.kommun.example:587", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD_FILE": path,
            ])
        }
        #expect(try configuration("hemligt\n")?.password?.value == "hemligt")
        #expect(try configuration("hemligt\r\n")?.password?.value == "hemligt")
        #expect(try configuration("hemligt")?.password?.value == "hemligt")
        #expect(throws: SMTPConfigurationError.self) { try configuration("hemligt\n\n") }
        #expect(throws: SMTPConfigurationError.self) { try configuration("\n") }
        do {
            _ = try configuration("Sentinel-first-line\nSentinel-second-line\n")
            Issue.record("a two-line password file was accepted")
        } catch let error as SMTPConfigurationError {
            #expect(error.description.contains("more than one line"))
            #expect(!error.description.contains("Sentinel"))
        }
    }

    @Test("the password appears in no description, debug description, dump or summary")
    func passwordNeverShown() throws {
        let sentinel = "Sentinel-Password-9d8a2e"
        let folder = try TestTools.temporaryFolder("password")
        let path = try SMTPFixtures.file(sentinel + "\n", mode: 0o600, in: folder)
        let fromFile = try #require(
            try SMTPConfiguration(environment: [
                "SAMRAD_SMTP_URL": "smtp://mail.kommun.example:587", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD_FILE": path,
            ]))
        let inline = try #require(
            try SMTPConfiguration(environment: [
                "SAMRAD_SMTP_URL": "smtps://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": sentinel,
            ]))
        for configuration in [fromFile, inline] {
            #expect(configuration.password?.value == sentinel)
            var dumped = ""
            dump(configuration, to: &dumped)
            let transport = try SMTPTransport(configuration: configuration)
            var dumpedTransport = ""
            dump(transport, to: &dumpedTransport)
            let texts = [
                configuration.description, configuration.summary, String(describing: configuration), String(reflecting: configuration),
                dumped, "\(configuration)", transport.summary, String(reflecting: transport), dumpedTransport,
            ]
            for text in texts {
                #expect(!text.contains(sentinel), "\(text)")
            }
            #expect(dumped.contains("<redacted>"), "\(dumped)")
        }
        // Errors raised next to a password do not show it either.
        let failure = try #require(
            error([
                "SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": sentinel,
                "SAMRAD_SMTP_AUTH": "XOAUTH2",
            ]))
        #expect(!failure.description.contains(sentinel))
        let multiline = try #require(
            error(["SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": sentinel + "\n"]))
        #expect(!multiline.description.contains(sentinel))
    }
}

/// The reply reader and the outcome table, without a server.
@Suite("SMTP replies")
struct SMTPReplyTests {
    @Test("multi-line replies are assembled; each reply keeps its lines")
    func multiline() {
        var reader = SMTPReplyReader()
        for line in [
            "220 smtp.kommun.example ESMTP", "250-smtp.kommun.example", "250-SIZE 10240000", "250 STARTTLS", "550-5.1.1 first",
            "550 5.1.1 second",
        ] {
            reader.consume(line: line)
        }
        #expect(reader.replies.map(\.code) == [220, 250, 550])
        #expect(reader.replies[1].lines == ["250-smtp.kommun.example", "250-SIZE 10240000", "250 STARTTLS"])
        #expect(reader.replies[2].text == "550-5.1.1 first 550 5.1.1 second")
    }

    @Test("control characters in a reply are replaced, long replies cut")
    func sanitized() {
        let reply = SMTPReply(code: 550, lines: ["550 a\u{1B}[31mb\u{7}", String(repeating: "x", count: 900)])
        #expect(!reply.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(reply.text.count == SMTPReply.maximumLength + 1)
    }
}
