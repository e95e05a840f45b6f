import Foundation
import Hummingbird
import HummingbirdTesting
import SamradApp
import SamradCore
import SamradStore
import SamradTestSupport
import Synchronization

@testable import SamradPortal

/// A round with the portal on a database file in a temporary folder: two boards, the round's file with its document,
/// and a server over it at a moment of the round.
struct PortalFixture {
    let folder: URL
    let database: AppDatabase
    let transport: RecordingTransport
    let log = LogLines()

    /// 2019-05-10 10:00 Swedish time: a week before the deadline.
    static let beforeDeadline = Date(timeIntervalSince1970: 1_557_475_200)
    /// 2019-05-20 10:00 Swedish time: after it.
    static let afterDeadline = Date(timeIntervalSince1970: 1_558_339_200)

    /// Creates the fixture; names and titles may be hostile.
    init(
        bodyName: String = "Barn- och utbildningsnämnden", areaTitle: String = "Hållbar tillväxt och samhällsplanering",
        lateAnswers: Bool = false, transport: RecordingTransport = RecordingTransport()
    ) throws {
        self.transport = transport
        folder = try TestPaths.temporaryFolder("samrad-portal")
        let contacts = folder.appendingPathComponent("contacts")
        let rounds = folder.appendingPathComponent("consultations")
        try FileManager.default.createDirectory(at: contacts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: rounds, withIntermediateDirectories: true)
        try """
        organizations:
          - id: BUN
            name: \(Self.quoted(bodyName))
            kind: board
            mailbox: bun@kommun.example
            contacts:
              - { name: Fiktiv Sekreterare, role: secretary, email: fiktiv.sekreterare@kommun.example }
          - id: SN
            name: Socialnämnden
            kind: board
            mailbox: sn@kommun.example
        """.write(to: contacts.appendingPathComponent("k.yaml"), atomically: true, encoding: .utf8)
        try Data("%PDF-1.4\n%%EOF\n".utf8).write(to: rounds.appendingPathComponent("forslag.pdf"))
        try """
        id: mal-2019
        reference: KS 2019/017
        title: Nya mål för mandatperioden
        from: { name: Kommunledningskontoret, email: kansli@kommun.example }
        reply_to: samrad@kommun.example
        recipients: { kinds: [board] }
        goal_areas:
          - { id: 1, title: \(Self.quoted(areaTitle)) }
          - { id: 2, title: "Utbildning, arbete och näringsliv" }
        mailout: { date: 2019-04-11, attachments: [forslag.pdf] }
        deadline: 2019-05-17
        portal: true
        late_answers: \(lateAnswers)
        """.write(to: rounds.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        database = try AppDatabase.open(path: folder.appendingPathComponent("samrad.sqlite").path)
        let setup = workspace(at: Date(timeIntervalSince1970: 1_554_800_000))
        _ = try RegistryLoader(setup).load(directory: contacts.path)
        _ = try ConsultationRegistrar(setup).add(file: rounds.appendingPathComponent("r.yaml").path)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A workspace over the fixture's database at a moment, with the public address set.
    func workspace(at now: Date, publicURL: String = "https://samrad.kommun.example") -> Workspace {
        var workspace = Workspace(database: database, now: { now }, transport: transport)
        workspace.publicURL = try? PublicURL(publicURL)
        return workspace
    }

    /// A new link of a body, as a message would carry it; returns its token.
    func token(for body: String = "BUN", at now: Date = beforeDeadline) throws -> String {
        let link = try PortalTokens(workspace(at: now)).newLink(for: RoundBody(consultation: "mal-2019", body: body), messageID: nil)
        return String(link.split(separator: "/").last ?? "")
    }

    /// The server at a moment.
    func server(
        at now: Date = beforeDeadline, trustedUserHeader: String? = nil, publicURL: String = "https://samrad.kommun.example",
        receiptWait: Duration = .seconds(10)
    ) -> PortalServer {
        let log = self.log
        var configuration = PortalServer.Configuration(
            workspace: workspace(at: now, publicURL: publicURL), attachmentFolder: folder.appendingPathComponent("attachments"),
            trustedUserHeader: trustedUserHeader, log: { log.append($0) })
        configuration.failureLimit = 20
        configuration.receiptWait = receiptWait
        return PortalServer(configuration)
    }

    /// Runs requests against a server's routes.
    func test<Value>(
        _ server: PortalServer, _ work: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = Application(router: server.router())
        return try await app.test(.router, work)
    }
}

/// Lines written to a server's log.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A `multipart/form-data` body as a browser sends it.
struct Multipart {
    let boundary = "----samrad\(UUID().uuidString)"
    var parts: [(name: String, filename: String?, contentType: String?, data: Data)] = []

    mutating func field(_ name: String, _ value: String) {
        parts.append((name, nil, nil, Data(value.utf8)))
    }

    mutating func file(_ name: String, filename: String, contentType: String, data: Data) {
        parts.append((name, filename, contentType, data))
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    var body: ByteBuffer {
        var data = Data()
        for part in parts {
            data += Data("--\(boundary)\r\n".utf8)
            var disposition = "Content-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { disposition += "; filename=\"\(filename)\"" }
            data += Data("\(disposition)\r\n".utf8)
            if let type = part.contentType { data += Data("Content-Type: \(type)\r\n".utf8) }
            data += Data("\r\n".utf8) + part.data + Data("\r\n".utf8)
        }
        data += Data("--\(boundary)--\r\n".utf8)
        return ByteBuffer(bytes: data)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }
}

extension String {
    /// The CSRF token of the page's form.
    var csrf: String? {
        guard let range = range(of: #"name="csrf" value="[A-Za-z0-9_-]+""#, options: .regularExpression) else { return nil }
        return self[range].split(separator: "\"").dropFirst(3).first.map(String.init)
    }
}
