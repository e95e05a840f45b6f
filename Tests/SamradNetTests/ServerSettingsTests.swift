import Foundation
import SamradImport
import SamradMail
import SamradNet
import SamradTestSupport
import Testing

/// The rules SMTP and IMAP share, read by one parser: each table runs for both prefixes.
@Suite("Server settings, for SMTP and IMAP alike")
struct ServerSettingsTests {
    /// The two protocols that read their settings through ``ServerSettings``.
    enum Service: String, CaseIterable, CustomTestStringConvertible {
        case smtp, imap

        var profile: ServerProfile {
            switch self {
            case .smtp: SMTPConfiguration.profile
            case .imap: IMAPConfiguration.profile
            }
        }

        /// The first scheme, e.g. `smtp`, and its port when the URL gives none.
        var scheme: ServerScheme { profile.schemes[0] }

        var testDescription: String { rawValue.uppercased() }

        /// A login, which IMAP needs and SMTP takes, and then `settings` with the prefix in front of each name.
        func environment(_ settings: [String: String]) -> [String: String] {
            var environment = [profile.user: "samrad", profile.password: "hemligt-7Qx"]
            for (name, value) in settings { environment[profile.prefix + name] = value }
            return environment
        }

        /// `text` with `SCHEME` replaced by the first scheme's name.
        func url(_ text: String) -> String {
            text.replacingOccurrences(of: "SCHEME", with: scheme.name)
        }
    }

    private func read(_ settings: [String: String], for service: Service) throws(ServerSettingError) -> ServerSettings? {
        try ServerSettings(environment: service.environment(settings), profile: service.profile)
    }

    private func failure(_ settings: [String: String], for service: Service) -> ServerSettingError? {
        do {
            _ = try read(settings, for: service)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "a URL's host and port, IPv6 and xn-- names included",
        arguments: Service.allCases,
        [
            ("SCHEME://Mail.Kommun.example", "mail.kommun.example", nil),
            ("SCHEME://mail.kommun.example:2525", "mail.kommun.example", 2525),
            ("SCHEME://192.0.2.7:1", "192.0.2.7", 1),
            ("SCHEME://[::1]:65535", "::1", 65_535),
            ("SCHEME://[2001:DB8::25]", "2001:db8::25", nil),
            ("SCHEME://xn--mlar-5qa.kommun.example", "xn--mlar-5qa.kommun.example", nil),
        ] as [(String, String, Int?)]
    )
    func hostAndPort(service: Service, example: (url: String, host: String, port: Int?)) throws {
        let (url, host, port) = example
        let settings = try #require(try read(["URL": service.url(url)], for: service))
        let expectedPort = port ?? service.scheme.defaultPort
        #expect(settings.endpoint.host == host)
        #expect(settings.endpoint.port == expectedPort)
        #expect(settings.security == service.scheme.security)
        let urlHost = host.contains(":") ? "[\(host)]" : host
        #expect(settings.endpoint.serverURL == "\(service.scheme.name)://\(urlHost):\(expectedPort)")
        #expect(settings.login?.username == "samrad")
    }

    @Test(
        "a URL that cannot be used names the variable and the fix",
        arguments: Service.allCases,
        [
            ("SCHEME://[::1", "opens '[' for an IPv6 address but does not close it"),
            ("SCHEME://[::1]x:25", "has text after the IPv6 address"),
            ("SCHEME://[mail.kommun.example]", "in brackets, which is not an IPv6 address"),
            ("SCHEME://mälar.kommun.example", "(an internationalised name in its xn-- form)"),
            ("SCHEME://mail_kommun.example", "is not a host name"),
            ("SCHEME://-mail.kommun.example", "is not a host name"),
            ("SCHEME://", "names no server"),
            ("SCHEME://mail.kommun.example:0", "give a number from 1 to 65535"),
            ("SCHEME://mail.kommun.example:65536", "give a number from 1 to 65535"),
            ("SCHEME://mail.kommun.example:+25", "give a number from 1 to 65535"),
            ("SCHEME://mail.kommun.example:", "give a number from 1 to 65535"),
            ("SCHEME://mail.kommun.example?x=1", "has a query or fragment"),
            ("SCHEME://mail.kommun.example#top", "has a query or fragment"),
            ("SCHEME://mail.kommun.example /INBOX", "contains U+0020"),
            ("http://mail.kommun.example", "must start with"),
            ("mail.kommun.example:25", "is not a URL"),
        ]
    )
    func badURL(service: Service, example: (url: String, words: String)) throws {
        let (url, words) = example
        let error = try #require(failure(["URL": service.url(url)], for: service))
        #expect(error.variable == service.profile.url)
        #expect(error.description.hasPrefix(service.profile.url), "\(error)")
        #expect(error.description.contains(words), "\(error)")
        #expect(!error.isMissingInput)
    }

    @Test("a URL that may hold a login is refused without being echoed", arguments: Service.allCases)
    func credentialsInURL(service: Service) throws {
        let error = try #require(failure(["URL": service.url("SCHEME://samrad:Hemligt-77@mail.kommun.example")], for: service))
        #expect(error.variable == service.profile.url)
        #expect(!error.description.contains("Hemligt-77"))
        #expect(error.description.contains(service.profile.passwordFile))
    }

    @Test("the scheme's name may be in capitals", arguments: Service.allCases)
    func schemeInCapitals(service: Service) throws {
        let settings = try #require(try read(["URL": service.url("SCHEME://mail.kommun.example").uppercased()], for: service))
        #expect(settings.endpoint.scheme == service.scheme)
    }

    @Test(
        "settings that cannot be used name the variable and the fix",
        arguments: Service.allCases,
        [
            (["URL": "SCHEME://mail.kommun.example", "PASWORD": "x"], "PASWORD", "is not a setting Samråd knows"),
            (["USER": "", "CA_FILE": "/etc/ssl/ca.pem"], "URL", "CA_FILE is set but"),
            (["URL": "SCHEME://mail.kommun.example", "TLS": "try"], "TLS", "the only value it takes is 'none'"),
            (["URL": "SCHEME://mail.kommun.example", "PASSWORD_FILE": "/etc/samrad/password"], "PASSWORD", "keep only"),
            (["URL": "SCHEME://mail.kommun.example", "USER": "sam\u{7}rad"], "USER", "control character U+0007"),
            (["URL": "SCHEME://mail.kommun.example", "PASSWORD": "två\nrader"], "PASSWORD", "more than one line"),
            (["URL": "SCHEME://mail.kommun.example", "CA_FILE": "/nonexistent/ca.pem"], "CA_FILE", "which does not exist"),
        ]
    )
    func badSettings(service: Service, example: (settings: [String: String], variable: String, words: String)) throws {
        let (settings, variable, words) = (example.settings.mapValues(service.url), example.variable, example.words)
        let error = try #require(failure(settings, for: service))
        #expect(error.variable == service.profile.prefix + variable)
        #expect(error.description.contains(words), "\(error)")
    }

    @Test("TLS=none contradicts a TLS-from-the-start scheme, and never sends a password to another machine", arguments: Service.allCases)
    func plainText(service: Service) throws {
        let implicit = service.profile.scheme(.implicitTLS).name
        let contradiction = try #require(failure(["URL": "\(implicit)://mail.kommun.example", "TLS": "none"], for: service))
        #expect(contradiction.variable == service.profile.tls)
        #expect(contradiction.description.contains("contradicts"))

        let plain = service.profile.scheme(.startTLS).name
        let remote = try #require(failure(["URL": "\(plain)://mail.kommun.example", "TLS": "none"], for: service))
        #expect(remote.variable == service.profile.tls)
        #expect(remote.description.contains("would send the \(service.profile.name) password"), "\(remote)")

        for host in ["localhost", "127.0.0.1", "[::1]"] {
            let local = try #require(try read(["URL": "\(plain)://\(host):2525", "TLS": "none"], for: service))
            #expect(local.security == .none)
            #expect(local.endpoint.isLoopback)
            #expect(local.warning == nil)
        }
    }

    @Test("a password file others can read, or that is not a file, is refused without showing the password", arguments: Service.allCases)
    func passwordFile(service: Service) throws {
        let folder = try TestTools.temporaryFolder("server-settings")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("password").path
        let sentinel = "Sentinel-Password-3e81"
        try #require(FileManager.default.createFile(atPath: path, contents: Data("\(sentinel)\n".utf8)))
        func environment(file: String) -> [String: String] {
            var environment = service.environment(["URL": service.url("SCHEME://mail.kommun.example"), "PASSWORD_FILE": file])
            environment[service.profile.password] = nil
            return environment
        }

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        let open = #expect(throws: ServerSettingError.self) {
            try ServerSettings(environment: environment(file: path), profile: service.profile)
        }
        #expect(open?.variable == service.profile.passwordFile)
        #expect(open?.description.contains("chmod 600 \(path)") == true)
        #expect(open?.description.contains(sentinel) == false)

        let device = #expect(throws: ServerSettingError.self) {
            try ServerSettings(environment: environment(file: "/dev/null"), profile: service.profile)
        }
        #expect(device?.description.contains("is a character device, not a file") == true)
        #expect(device?.isMissingInput == true)

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let read = try #require(try ServerSettings(environment: environment(file: path), profile: service.profile))
        #expect(read.login?.password.value == sentinel)
        var dumped = ""
        dump(read, to: &dumped)
        #expect(!dumped.contains(sentinel))
        #expect(!String(reflecting: read).contains(sentinel))
    }

    @Test("no variable with the prefix: no settings", arguments: Service.allCases)
    func unset(service: Service) throws {
        #expect(try ServerSettings(environment: ["HOME": "/root"], profile: service.profile) == nil)
        #expect(try ServerSettings(environment: [service.profile.url: ""], profile: service.profile) == nil)
    }
}

/// What both protocols read from libcurl and from servers alike.
@Suite("What servers and libcurl say")
struct ServerRepliesTests {
    @Test(
        "libcurl's detail says why a certificate was refused",
        arguments: [
            ("SSL: no alternative certificate subject name matches target host name 'mail.kommun.example'", CertificateFault.otherHost),
            ("SSL: certificate subject name 'other.example' does not match target host name 'x'", .otherHost),
            ("SSL certificate problem: certificate has expired", .expired),
            ("SSL certificate problem: unable to get local issuer certificate", .untrusted),
            ("SSL certificate problem: self-signed certificate in certificate chain", .untrusted),
        ]
    )
    func certificateFault(detail: String, fault: CertificateFault) {
        #expect(CertificateFault(detail: detail) == fault)
    }

    @Test("a server's echo of the password is blanked out, plainly and in the SASL forms")
    func redaction() throws {
        let environment = [
            "SAMRAD_SMTP_URL": "smtp://mail.kommun.example", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": "rätt lösen 7Fq",
        ]
        let login = try #require(try ServerSettings(environment: environment, profile: SMTPConfiguration.profile)?.login)
        let echoes = [
            "rätt lösen 7Fq",
            Data("rätt lösen 7Fq".utf8).base64EncodedString(),
            Data("\0samrad\0rätt lösen 7Fq".utf8).base64EncodedString(),
            Data("samrad\0samrad\0rätt lösen 7Fq".utf8).base64EncodedString(),
        ]
        for echo in echoes {
            #expect(login.redacting("535 5.7.8 bad credentials: \(echo)") == "535 5.7.8 bad credentials: <redacted>")
        }
        #expect(login.redacting("235 2.7.0 Authentication successful") == "235 2.7.0 Authentication successful")
    }
}
