import Foundation
import SamradCore
import SamradMail
import SamradTestSupport

/// Messages, envelopes and configurations for the SMTP tests.
enum SMTPFixtures {
    static let sender = "kansli@kommun.example"

    /// A well-formed message: CRLF, ASCII headers with an encoded word, a body with lines that need dot-stuffing.
    static func mail(to recipient: String, number: Int = 1) -> OutgoingMail {
        let messageID = "mal-2019.\(number).\(UUID().uuidString)@samrad.kommun.example"
        let text = [
            "From: Kommunledningskontoret <\(sender)>",
            "To: \(recipient)",
            "Subject: =?utf-8?q?Nya_m=C3=A5l_f=C3=B6r_mandatperioden?= (KS 2019/017)",
            "Date: Thu, 11 Apr 2019 08:00:00 +0200",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "Auto-Submitted: auto-generated",
            "",
            "Hej!",
            "",
            "Kommunstyrelsen f=C3=B6resl=C3=A5r nya m=C3=A5l. Meddelande \(number).",
            ".",
            "..tv=C3=A5 punkter",
            ".",
            "Med v=C3=A4nlig h=C3=A4lsning",
            "",
        ].joined(separator: "\r\n")
        return OutgoingMail(messageID: messageID, fileStem: "mal-2019-\(number)", data: Data(text.utf8))
    }

    /// Delivers a well-formed message to `recipient` through `transport`.
    static func send(through transport: SMTPTransport, to recipient: String, number: Int = 1) throws -> DeliveryOutcome {
        transport.deliver(mail(to: recipient, number: number), envelope: try envelope(to: recipient))
    }

    /// A message whose bytes are exactly `text`.
    static func raw(_ text: String) -> OutgoingMail {
        OutgoingMail(messageID: "raw@samrad.kommun.example", fileStem: "raw", data: Data(text.utf8))
    }

    static func envelope(to recipient: String, from sender: String = sender) throws -> Envelope {
        Envelope(sender: try EmailAddress(sender), recipient: try EmailAddress(recipient))
    }

    /// The configuration the variables give, with short time limits for tests.
    static func configuration(_ environment: [String: String], response: Duration = .seconds(10)) throws -> SMTPConfiguration {
        guard var configuration = try SMTPConfiguration(environment: environment) else {
            throw TestSetupError("SAMRAD_SMTP_URL is missing from \(environment.keys.sorted())")
        }
        configuration.timeouts = .init(connect: .seconds(5), response: response, total: .seconds(30), lowSpeedTime: .seconds(10))
        return configuration
    }

    /// A file with `text` and the given mode.
    static func file(_ text: String, mode: Int, in folder: URL, name: String = "smtp-password") throws -> String {
        let path = folder.appendingPathComponent(name).path
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw TestSetupError("cannot write \(path)")
        }
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}

extension DeliveryOutcome {
    /// The case's name, for comparisons in tests.
    var kind: String {
        switch self {
        case .sent: "sent"
        case .deferred: "deferred"
        case .failed: "failed"
        case .unreachable: "unreachable"
        case .misconfigured: "misconfigured"
        }
    }

    /// The reply text of any case.
    var reply: String {
        switch self {
        case .sent(let reply), .deferred(let reply), .failed(let reply), .unreachable(let reply), .misconfigured(let reply): reply
        }
    }
}
