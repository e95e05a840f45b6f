import ArgumentParser
import Foundation
import SamradApp
import SamradPortal
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the answer portal and the coordinator's pages (behind a reverse proxy that terminates TLS).",
        discussion: """
            Each body of a round with 'portal: true' answers through its own link, {SAMRAD_PUBLIC_URL}/svar/{token}, which the mailout and every reminder carry; coordinators log in at /samordnare ('samrad user add NAME'). The command prints the address it listens on ('listening on http://127.0.0.1:8080') and logs each request to standard error, never with a link's token. SAMRAD_TRUSTED_USER_HEADER names the header a single sign-on proxy on this machine passes the user in. Example:
              export SAMRAD_PUBLIC_URL=https://samrad.kommun.example
              samrad serve --listen 127.0.0.1:8080
            """
    )

    @ParentCommand var root: SamradCommand
    @Option(help: ArgumentHelp("The address and port to listen on; port 0 takes a free one.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    func run() throws {
        try reporting {
            let (host, port) = try Self.address(listen)
            let settings = try root.settings()
            let workspace = try root.workspace()
            if workspace.publicURL == nil {
                FileHandle.standardError.write(
                    Data("samrad: warning: SAMRAD_PUBLIC_URL is not set: messages of rounds with 'portal: true' cannot be sent\n".utf8))
            }
            let server = PortalServer(
                .init(
                    workspace: workspace, attachmentFolder: settings.attachmentFolder,
                    trustedUserHeader: ProcessInfo.processInfo.environment["SAMRAD_TRUSTED_USER_HEADER"]))
            let failure = Mutex<(any Error)?>(nil)
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    try await server.run(host: host, port: port) { address in
                        FileHandle.standardOutput.write(Data("listening on \(address)\n".utf8))
                    }
                } catch {
                    failure.withLock { $0 = error }
                }
                done.signal()
            }
            done.wait()
            if let error = failure.withLock({ $0 }) {
                throw SamradError(.unavailable, "cannot serve on \(listen): \(error); choose another --listen address or port")
            }
            return 0
        }
    }

    /// `127.0.0.1:8080`, `[::1]:8080` or `localhost:0`.
    static func address(_ text: String) throws -> (String, Int) {
        var host = ""
        var portText = ""
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[text.index(after: close)...].dropFirst())
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw SamradError(.usage, "--listen '\(text)' is not host:port; write e.g. 127.0.0.1:8080 or [::1]:8080")
        }
        return (host, port)
    }
}
