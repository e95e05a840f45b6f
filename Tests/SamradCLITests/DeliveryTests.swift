import Foundation
import SamradTestSupport
import Testing

/// `samrad send` against real SMTP servers the tests start: aiosmtpd with STARTTLS and AUTH,
/// and postfix's smtp-sink with its fault flags.
@Suite("Delivery through SMTP", .serialized)
struct DeliveryTests {
    static let password = "hemligt-lösen-7"

    /// The Message-ID header of a stored message.
    static func messageID(_ data: Data) -> String? {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        guard let line = text.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix("message-id:") }) else { return nil }
        return line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
    }

    @Test func theSeedsRoundArrivesOverStartTLSAndAuthOncePerRecipient() throws {
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS, credentials: ("samrad", Self.password)))
        defer { server.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let pki = try TestPKI.shared.get()
        let smtp = [
            "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)", "SAMRAD_SMTP_USER": "samrad", "SAMRAD_SMTP_PASSWORD": Self.password,
            "SAMRAD_SMTP_CA_FILE": pki.caFile,
        ]
        #expect(try samrad("contacts", "load", "contacts").status == 0)
        #expect(try samrad("consultation", "add", "consultations/mal-2019.yaml").status == 0)
        let send = try samrad("send", "mal-2019", environment: smtp)
        #expect(send.status == 0, "\(send.output)\(send.error)")
        #expect(!send.output.contains(Self.password) && !send.error.contains(Self.password))

        let ledger = try samrad("deliveries", "mal-2019", "--json")
        let deliveries = try #require(try JSONSerialization.jsonObject(with: Data(ledger.output.utf8)) as? [[String: Any]])
        #expect(deliveries.count >= 40)
        #expect(deliveries.allSatisfy { $0["state"] as? String == "sent" })

        let stored = try server.stored()
        #expect(stored.count == deliveries.count)
        // One address may serve two bodies (a shared registry mailbox, a shared secretary): it gets
        // each body's message, but each message only once.
        let byDelivery = Dictionary(grouping: stored, by: { "\($0.recipients.joined(separator: ",")) \(Self.messageID($0.data) ?? "")" })
        let expected = Set(deliveries.compactMap { $0["recipient"] as? String })
        #expect(Set(stored.flatMap(\.recipients)) == expected)
        #expect(byDelivery.count == deliveries.count)
        #expect(byDelivery.values.allSatisfy { $0.count == 1 }, "a recipient got the same message twice")
        // The body's mailbox and its secretary get the same message, with the same Message-ID.
        let ids = Set(stored.compactMap { Self.messageID($0.data) })
        #expect(ids.count == Set(deliveries.compactMap { ($0["message"] as? [String: Any])?["message_id"] as? String }).count)
        let check = try TestPaths.checkMIME([server.store])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("checked \(stored.count) messages, 0 problems"))

        // Sending again sends nothing new.
        let again = try samrad("send", "mal-2019", environment: smtp)
        #expect(again.output.contains("0 new messages recorded"))
        #expect(try server.stored().count == stored.count)
    }

    @Test func aWrongCAIsRefusedAndNothingIsSent() throws {
        let server = try AiosmtpdServer(.init(tls: .requiredStartTLS))
        defer { server.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let send = try samrad(
            "send", "mal-2019",
            environment: [
                "SAMRAD_SMTP_URL": "smtp://localhost:\(server.port)", "SAMRAD_SMTP_CA_FILE": try TestPKI.shared.get().otherCAFile,
            ])
        #expect(send.status == 69, "\(send.output)")
        #expect(send.output.contains("certificate"))
        #expect(try server.stored().isEmpty)
        // Nothing was lost: every delivery is still waiting in the ledger, the one tried deferred
        // and the others untried, and the workers stopped at the first refusal.
        let ledger = try samrad("deliveries", "mal-2019", "--json")
        let deliveries = try #require(try JSONSerialization.jsonObject(with: Data(ledger.output.utf8)) as? [[String: Any]])
        #expect(deliveries.count >= 40)
        let states = deliveries.compactMap { $0["state"] as? String }
        #expect(Set(states).isSubset(of: ["queued", "deferred"]))
        #expect(states.filter { $0 == "deferred" }.count <= 4)
    }

    @Test func temporaryFailuresAreDeferredAndGoOnALaterRetry() throws {
        var sink: SMTPSink? = try SMTPSink(flags: ["-r", "RCPT"])
        let port = try #require(sink?.port)
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let smtp = ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(port)", "SAMRAD_SMTP_TLS": "none"]
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let first = try samrad("send", "mal-2019", environment: smtp)
        #expect(first.status == 75, "\(first.output)\(first.error)")
        #expect(first.output.contains("deferred"))
        sink?.stop()
        sink = try SMTPSink(port: port)
        defer { sink?.stop() }
        // Too early: nothing is due yet.
        let early = try samrad("send", "mal-2019", "--retry", environment: smtp)
        #expect(early.output.contains("0 deliveries sent"))
        var later = samrad
        later.now = "2019-04-12T08:00"
        let retry = try later("send", "mal-2019", "--retry", environment: smtp)
        #expect(retry.status == 0, "\(retry.output)")
        let ledger = try later("deliveries", "mal-2019", "--json")
        let deliveries = try #require(try JSONSerialization.jsonObject(with: Data(ledger.output.utf8)) as? [[String: Any]])
        #expect(deliveries.allSatisfy { $0["state"] as? String == "sent" })
    }

    @Test func aPermanentRefusalIsRecordedWithTheServersWords() throws {
        let sink = try SMTPSink(flags: ["-f", "RCPT"])
        defer { sink.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let send = try samrad(
            "send", "mal-2019", environment: ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "SAMRAD_SMTP_TLS": "none"])
        #expect(send.status == 65)
        #expect(send.output.contains("failed   bun@kommun.example (BUN): 5"), "\(send.output)")
        let failed = try samrad("deliveries", "mal-2019", "--state", "failed", "--json")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(failed.output.utf8)) as? [[String: Any]])
        #expect(records.count >= 40)
        #expect(records.allSatisfy { ($0["reply"] as? String)?.hasPrefix("5") == true })
    }

    @Test func noServerAtAllExits69() throws {
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        try samrad("contacts", "load", "contacts")
        try samrad("consultation", "add", "consultations/mal-2019.yaml")
        let port = try TestTools.freePort()
        let send = try samrad("send", "mal-2019", environment: ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(port)", "SAMRAD_SMTP_TLS": "none"])
        #expect(send.status == 69, "\(send.output)")
        #expect(send.output.contains("could not be reached"))
    }

    /// 2,000 recipients; the sending process stops dead five times, each time at a random message just
    /// after the server took it and before its outcome was recorded (the worst moment), then runs
    /// until it finishes. Every recipient has the message; a duplicate carries the same Message-ID,
    /// and there are at most as many as the workers had in flight at the kills.
    @Test func aSendKilledAtRandomMomentsLosesNothing() throws {
        let server = try AiosmtpdServer()
        defer { server.stop() }
        let samrad = try Samrad()
        defer { try? FileManager.default.removeItem(at: samrad.folder) }
        let count = 2000
        let connections = 4
        var registry = "organizations:\n"
        for n in 1...count {
            registry += "  - { id: K\(n), name: Nämnd \(n), kind: board, mailbox: k\(n)@kommun.example }\n"
        }
        try FileManager.default.removeItem(at: samrad.folder.appendingPathComponent("contacts"))
        try FileManager.default.createDirectory(at: samrad.folder.appendingPathComponent("many"), withIntermediateDirectories: true)
        try samrad.write(registry, to: "many/bodies.yaml")
        try samrad.write(
            """
            id: krasch
            reference: KS 2019/017
            title: Nya mål för mandatperioden
            from: { name: Kommunledningskontoret, email: kansli@kommun.example }
            recipients: { kinds: [board] }
            goal_areas:
              - { id: 1, title: Hållbar tillväxt och samhällsplanering }
            mailout: { date: 2019-04-11 }
            deadline: 2019-05-17
            """, to: "krasch.yaml")
        #expect(try samrad("contacts", "load", "many").status == 0)
        #expect(try samrad("consultation", "add", "krasch.yaml").status == 0)

        let smtp = ["SAMRAD_SMTP_URL": "smtp://127.0.0.1:\(server.port)", "SAMRAD_SMTP_TLS": "none"]
        var clock = try #require(TestClock.parse(samrad.now))
        var kills = 0
        var finished = false
        var runs = 0
        while !finished && runs < 40 {
            runs += 1
            // Each run comes more than a lease (six minutes: the transport's five and one to spare) after the last, as cron would.
            clock = clock.addingTimeInterval(600)
            var run = samrad
            run.now = TestClock.format(clock)
            var environment = smtp
            if kills < 5 { environment["SAMRAD_FAULT"] = "after-send:exit@\(Int.random(in: 1...300))" }
            let result = try run("send", "krasch", "--connections", "\(connections)", environment: environment)
            if result.status == 137 {
                kills += 1
            } else {
                #expect(result.status == 0, "\(result.output)\(result.error)")
                finished = kills >= 5 && result.status == 0
            }
        }
        #expect(kills == 5)
        #expect(finished)

        let stored = try server.stored()
        var idsByRecipient: [String: Set<String>] = [:]
        var copies: [String: Int] = [:]
        for message in stored {
            let id = Self.messageID(message.data) ?? "none"
            for recipient in message.recipients {
                idsByRecipient[recipient, default: []].insert(id)
                copies[recipient, default: 0] += 1
            }
        }
        #expect(idsByRecipient.count == count, "\(count - idsByRecipient.count) recipients got nothing")
        #expect(idsByRecipient.values.allSatisfy { $0.count == 1 }, "a duplicate carried another Message-ID")
        let duplicates = copies.values.reduce(0) { $0 + $1 - 1 }
        // At most what was in flight at each kill goes twice: one message per connection.
        #expect(duplicates <= kills * connections, "\(duplicates) duplicates after \(kills) kills")
    }
}

/// Dates for `SAMRAD_NOW` in the crash test.
enum TestClock {
    static func parse(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text)
    }

    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}
