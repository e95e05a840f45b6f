import Foundation
import SamradApp
import SamradCore
import SamradMail
import SamradStore
import SamradTestSupport
import Testing

@Suite("The mailout")
struct MailoutTests {
    static let mailoutDay = Date(timeIntervalSince1970: 1_554_962_400)  // 2019-04-11 08:00 Swedish time

    /// A workspace over a fresh database with the sample registry and the seed's round.
    static func workspace(transport: any MailTransport, now: Date = mailoutDay) throws -> Workspace {
        let workspace = Workspace(database: try AppDatabase.inMemory(), now: { now }, transport: transport)
        _ = try RegistryLoader(workspace).load(directory: TestPaths.repository.appendingPathComponent("contacts").path)
        _ = try ConsultationRegistrar(workspace).add(file: TestPaths.repository.appendingPathComponent("consultations/mal-2019.yaml").path)
        return workspace
    }

    @Test func everyRecipientBodyGetsOneMessageToItsMailboxWithItsSecretaryOnCc() throws {
        let transport = RecordingTransport()
        let workspace = try Self.workspace(transport: transport)
        let registry = try workspace.database.registry()
        let round = try #require(try workspace.database.consultation("mal-2019")).consultation
        let recipients = round.recipients(in: registry)

        let summary = try MailoutSender(workspace).send("mal-2019")
        #expect(summary.queued == recipients.count)
        #expect(summary.exitStatus == 0)
        let byMessage = Dictionary(grouping: transport.deliveries, by: \.mail.messageID)
        #expect(byMessage.count == recipients.count)
        for body in recipients {
            let mails = transport.deliveries.filter {
                String(decoding: $0.mail.data, as: UTF8.self).contains("X-Samrad-Body: \(body.id)\r\n")
            }
            #expect(Set(mails.map(\.mail.messageID)).count == 1, "\(body.id) got more than one message")
            let expected = [body.mailbox].compactMap { $0 } + body.contacts(.secretary).map(\.email)
            #expect(Set(mails.map(\.envelope.recipient)) == Set(expected), "\(body.id)")
            // VERP: each delivery's envelope sender carries its own token, so a bounce names its delivery.
            #expect(
                mails.allSatisfy { $0.envelope.sender.description.hasPrefix("bounces+") && $0.envelope.sender.domain == "kommun.example" })
        }
        let tokens = Set(transport.deliveries.map(\.envelope.sender.localPart))
        #expect(tokens.count == transport.deliveries.count)
        let ledger = try workspace.database.deliveries(consultation: "mal-2019")
        #expect(Set(ledger.map { "bounces+\($0.token)" }) == tokens)
        #expect(summary.report.sent == transport.deliveries.count)
    }

    /// Mailouts as `samrad send` wrote them to the outbox; rendered again with the same Message-ID and date, each
    /// must come out byte for byte the same, attachment and boundaries included.
    @Test func aMailoutRendersToTheSameBytesAsTheRecordedOne() throws {
        let workspace = try Self.workspace(transport: RecordingTransport())
        let renderer = try MessageRenderer(workspace)
        let composer = try renderer.composer(for: "mal-2019")
        let folder = TestPaths.repository.appendingPathComponent("Tests/Golden/mailout")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
        #expect(files.count == 3)
        for file in files {
            let recorded = try Data(contentsOf: folder.appendingPathComponent(file))
            let text = String(decoding: recorded, as: UTF8.self)
            func header(_ name: String) throws -> String {
                let line = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("\(name): ") }, "\(file) has no \(name)")
                return String(line.dropFirst(name.count + 2))
            }
            let messageID = String(try header("Message-ID").dropFirst().dropLast())
            let message = StoredMessage(
                consultationID: "mal-2019", bodyID: try header("X-Samrad-Body"), kind: .mailout, key: "mailout", messageID: messageID,
                subject: composer.mailoutSubject, date: Self.mailoutDay, purpose: nil, replyToken: nil)
            let rendered = try renderer.render(message).data
            if rendered != recorded {
                let shown = FileManager.default.temporaryDirectory.appendingPathComponent("rendered-\(file)")
                try rendered.write(to: shown)
                Issue.record("\(file) renders differently now; compare it with \(shown.path)")
            }
        }
    }

    @Test func sendingAgainSendsNothingNew() throws {
        let transport = RecordingTransport()
        let workspace = try Self.workspace(transport: transport)
        let first = try MailoutSender(workspace).send("mal-2019")
        let count = transport.deliveries.count
        let second = try MailoutSender(workspace).send("mal-2019")
        #expect(first.queued > 0)
        #expect(second.queued == 0)
        #expect(second.report.sent == 0)
        #expect(second.alreadySent == first.queued)
        #expect(transport.deliveries.count == count)
    }

    @Test func aDryRunChangesNothing() throws {
        let workspace = try Self.workspace(transport: RecordingTransport())
        let plan = try MailoutSender(workspace).plan("mal-2019")
        #expect(plan.count >= 18)
        #expect(plan.allSatisfy { !$0.alreadyQueued && !$0.recipients.isEmpty })
        #expect(try workspace.database.deliveries(consultation: "mal-2019").isEmpty)
    }

    @Test func aDeferredDeliveryKeepsItsMessageIDAndGoesOnRetry() throws {
        let refuse = RecordingTransport { envelope in
            envelope.recipient.description == "bun@kommun.example" ? .deferred(reply: "451 4.3.0 try again later") : .sent(reply: "250 ok")
        }
        let workspace = try Self.workspace(transport: refuse)
        let summary = try MailoutSender(workspace).send("mal-2019")
        #expect(summary.exitStatus == 75)
        #expect(summary.report.deferred.map(\.delivery.recipient.description) == ["bun@kommun.example"])
        let firstID = try #require(refuse.deliveries.first { $0.envelope.recipient.description == "bun@kommun.example" }).mail.messageID

        // Later, the server takes it: `send --retry` sends the deferred delivery with the same Message-ID.
        let accept = RecordingTransport()
        let later = Workspace(database: workspace.database, now: { Self.mailoutDay.addingTimeInterval(3600 * 7) }, transport: accept)
        let retry = try MailoutSender(later).send("mal-2019", retry: true)
        #expect(retry.report.sent == 1)
        #expect(accept.deliveries.map(\.mail.messageID) == [firstID])
        #expect(try workspace.database.deliveries(consultation: "mal-2019", state: .deferred).isEmpty)
    }

    @Test func aPermanentFailureIsRecordedWithTheServersWords() throws {
        let transport = RecordingTransport { envelope in
            envelope.recipient.description.hasPrefix("sn@")
                ? .failed(reply: "550 5.1.1 <sn@kommun.example>: user unknown") : .sent(reply: "250 ok")
        }
        let workspace = try Self.workspace(transport: transport)
        let summary = try MailoutSender(workspace).send("mal-2019")
        #expect(summary.report.failed.map(\.reply) == ["550 5.1.1 <sn@kommun.example>: user unknown"])
        let failed = try workspace.database.deliveries(consultation: "mal-2019", state: .failed)
        #expect(failed.map(\.recipient.description) == ["sn@kommun.example"])
        // A failure is never retried blindly.
        #expect(try MailoutSender(workspace).send("mal-2019", retry: true).report.sent == 0)
    }

    @Test func theOutboxParsesCleanlyInPythonsEmailPackage() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = try Self.workspace(transport: OutboxTransport(directory: folder))
        let summary = try MailoutSender(workspace).send("mal-2019")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == summary.queued)
        let check = try TestPaths.checkMIME([folder])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("checked \(files.count) messages, 0 problems"))
    }

    @Test func theMessageSaysWhatIsAskedAndByWhen() throws {
        let folder = try TestPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = try Self.workspace(transport: OutboxTransport(directory: folder))
        _ = try MailoutSender(workspace).send("mal-2019")
        let file = folder.appendingPathComponent("mal-2019-BUN-mailout.eml")
        let script = """
            import email, email.policy, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            body = m.get_body(('plain',)).get_content()
            names = [p.get_filename() for p in m.iter_attachments()]
            print(json.dumps({'subject': m['subject'], 'to': str(m['to']), 'cc': str(m['cc']), 'reply_to': str(m['reply-to']),
                'from': str(m['from']), 'message_id': m['message-id'], 'auto': m['auto-submitted'], 'body': body, 'attachments': names}))
            """
        let result = try TestPaths.run("/usr/bin/env", ["python3", "-c", script, file.path])
        #expect(result.status == 0, "\(result.error)")
        let fields = try JSONDecoder().decode([String: JSONValue].self, from: Data(result.output.utf8))
        #expect(fields["subject"]?.string == "Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]")
        #expect(fields["to"]?.string?.contains("bun@kommun.example") == true)
        #expect(fields["to"]?.string?.contains("Barn- och utbildningsnämnden") == true)
        #expect(fields["from"]?.string == "Kommunledningskontoret <kansli@kommun.example>")
        #expect(fields["reply_to"]?.string?.contains("samrad@kommun.example") == true)
        #expect(fields["auto"]?.string == "auto-generated")
        #expect(fields["message_id"]?.string?.hasPrefix("<mal-2019.BUN.mailout.") == true)
        let body = try #require(fields["body"]?.string)
        for area in [
            "Hållbar tillväxt och samhällsplanering", "Utbildning, arbete och näringsliv", "Kunskap, hälsa och fritid",
            "Delaktighet, tillgänglighet och trygghet",
        ] {
            #expect(body.contains(area), "the goal area \(area) is missing")
        }
        #expect(body.contains("17 maj 2019"))
        #expect(body.contains("KS 2019/017"))
        #expect(fields["attachments"]?.array == ["forslag-nya-mal.pdf"])
    }
}

/// Enough of JSON to read Python's answers.
enum JSONValue: Decodable, Equatable {
    case string(String)
    case array([String])
    case other

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let list = try? container.decode([String].self) {
            self = .array(list)
        } else {
            self = .other
        }
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var array: [String]? {
        if case .array(let list) = self { return list }
        return nil
    }
}
