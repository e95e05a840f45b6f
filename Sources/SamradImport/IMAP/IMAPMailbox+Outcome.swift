import SamradCore
import SamradNet

extension IMAPMailbox {
    /// What a request was for, so that an error can say so.
    enum Action {
        /// Opening the mailbox read-only for its status.
        case examine
        /// Searching for the UIDs of new messages.
        case search
        /// Fetching one message.
        case fetch(uid: UInt32, uidValidity: UInt32)

        var isExamine: Bool {
            if case .examine = self { return true }
            return false
        }

        var isFetch: Bool {
            if case .fetch = self { return true }
            return false
        }
    }

    /// Reads what went wrong from libcurl's code, its detail and the server's last responses.
    ///
    /// libcurl 7.88 reports a refused login and a mailbox that cannot be opened (SELECT answered NO)
    /// alike, as CURLcode 67, and a changed UIDVALIDITY and a missing UID alike, as 78; its detail
    /// ("Select failed", "Mailbox UIDVALIDITY has changed") tells them apart.
    static func error(for result: CurlReadResult, action: Action, configuration: IMAPConfiguration) -> IMAPError {
        let server = "\(configuration.host):\(configuration.port)"
        let mailbox = InputEcho.quote(configuration.mailbox, limit: 80)
        let detail = result.detail
        let libcurl = result.libcurlNote
        let lines = Self.withoutLogout(result.responseLines)
        let refusal = Self.refusal(in: lines)
        let serverSaid = refusal.map { ": the server said '\($0)'" } ?? ""
        let doing: String
        switch action {
        case .examine: doing = "opening the mailbox \(mailbox)"
        case .search: doing = "searching the mailbox \(mailbox)"
        case .fetch(let uid, _): doing = "fetching message UID \(uid) from the mailbox \(mailbox)"
        }
        let variables = IMAPConfiguration.profile
        let passwordSource = "\(variables.passwordFile) or \(variables.password)"

        switch result.code {
        // SELECT (which libcurl sends on a new connection) or EXAMINE refused: the mailbox cannot be opened.
        case .loginDenied where detail.localizedCaseInsensitiveContains("select"),
            .quoteError where action.isExamine:
            let temporary = Self.isTemporaryRefusal(refusal)
            return IMAPError(
                .noSuchMailbox, temporary: temporary,
                "\(server) would not open the mailbox \(mailbox)\(serverSaid); "
                    + (temporary
                        ? "try again later"
                        : "check the mailbox in \(variables.url): write its name as the server lists it, "
                            + "with the server's separator between levels (INBOX.Remissvar or INBOX/Remissvar)")
            )

        case .loginDenied, .authError:
            guard let refusal else {
                return IMAPError(
                    .loginRefused, temporary: false,
                    "\(server) offers no way to log in that Samråd can use (it may allow login only over TLS) \(libcurl)"
                )
            }
            if Self.isTemporaryRefusal(refusal) {
                return IMAPError(
                    .loginRefused, temporary: true,
                    "\(server) cannot accept the login as \(configuration.username) for now: the server said '\(refusal)'; "
                        + "try again later"
                )
            }
            return IMAPError(
                .loginRefused, temporary: false,
                "\(server) refused the login as \(configuration.username): the server said '\(refusal)'; check "
                    + "\(variables.user) and the password in \(passwordSource)"
            )

        case .remoteFileNotFound where detail.localizedCaseInsensitiveContains("UIDVALIDITY"):
            var uidValidity = ""
            if case .fetch(_, let expected) = action { uidValidity = " is no longer \(expected)" }
            return IMAPError(
                .uidValidityChanged, temporary: false,
                "the UIDVALIDITY of the mailbox \(mailbox) on \(server)\(uidValidity): the server has renumbered its "
                    + "messages, so the remembered UIDs name other messages or none; poll again to read the mailbox "
                    + "from its first message (messages already imported are recognised by their Message-ID)"
            )

        case .remoteFileNotFound:
            return IMAPError(
                .noSuchMessage, temporary: false,
                "\(doing) on \(server): no message has that UID (any more); it was probably deleted and expunged"
            )

        // Expunged by another client since this connection last looked: dovecot answers `BODY[] NIL`
        // and `OK [EXPUNGEISSUED]`, which libcurl cannot parse.
        case .weirdServerReply where action.isFetch && Self.reportsExpunge(lines):
            return IMAPError(
                .noSuchMessage, temporary: false,
                "\(doing) on \(server): the message was deleted and expunged while Samråd was reading the mailbox"
            )

        case .quoteError:
            return IMAPError(
                .unexpectedReply, temporary: Self.isTemporaryRefusal(refusal),
                "\(server) refused \(doing)\(serverSaid) \(libcurl)"
            )

        case .writeError where result.bodyLimitExceeded:
            let limit = configuration.maximumMessageSize
            let size = limit >= 1 << 20 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            return IMAPError(
                .messageTooLarge, temporary: false,
                "\(doing) on \(server): the message is larger than \(size), the most Samråd fetches; move it "
                    + "out of the mailbox (and handle it by hand) so that the import can go on with the next message"
            )

        case .couldntResolveHost:
            return IMAPError(
                .unreachable, temporary: true,
                "the IMAP server's name \(configuration.host) cannot be resolved; check the host in "
                    + "\(variables.url) and this machine's DNS \(libcurl)"
            )

        case .couldntConnect:
            return IMAPError(
                .unreachable, temporary: true,
                "cannot connect to the IMAP server \(server): nothing accepts connections there, or a firewall is in "
                    + "the way; check \(variables.url) \(libcurl)"
            )

        case .useSSLFailed:
            return IMAPError(
                .tlsUnavailable, temporary: false,
                "\(server) does not offer STARTTLS, and Samråd never logs in without encryption; use "
                    + "imaps://\(configuration.host):993 if the server takes TLS there, or ask its administrators to enable "
                    + "STARTTLS \(libcurl)"
            )

        case .peerFailedVerification, .sslIssuerError:
            return IMAPError(
                .certificate, temporary: false,
                Self.certificateProblem(CertificateFault(detail: detail), configuration: configuration) + " \(libcurl)"
            )

        case .sslCACertBadFile, .sslCertProblem, .sslCRLBadFile:
            let source =
                configuration.caFile.map { "the CA file \($0) (\(variables.caFile))" } ?? "the system's CA store"
            return IMAPError(
                .certificate, temporary: false,
                "the IMAP server's certificate cannot be checked because \(source) cannot be used; give a file of PEM "
                    + "certificates \(libcurl)"
            )

        case .sslConnectError, .sslCipher, .sslEngineInitFailed, .sslPinnedPublicKeyMismatch,
            .sslInvalidCertStatus:
            return IMAPError(
                .tlsFailed, temporary: false, "the TLS handshake with \(server) failed\(configuration.server.handshakeHint) \(libcurl)")

        case .operationTimedOut:
            return IMAPError(
                .timedOut, temporary: true,
                "\(server) did not answer in time while \(doing)\(Self.lastWords(lines)); try again later \(libcurl)"
            )

        case .recvError where detail.localizedCaseInsensitiveContains("too large"):
            return IMAPError(
                .unexpectedReply, temporary: false,
                "\(server) answered \(doing) with more response lines than libcurl accepts \(libcurl)"
            )

        case .recvError, .sendError, .gotNothing, .partialFile,
            .weirdServerReply where lines.contains(where: { $0.uppercased().hasPrefix("* BYE") }):
            return IMAPError(
                .connectionLost, temporary: true,
                "the connection to \(server) broke off while \(doing)\(Self.lastWords(lines)); try again later "
                    + libcurl
            )

        case .weirdServerReply:
            return IMAPError(
                .unexpectedReply, temporary: false,
                "\(server) answered \(doing) in a way libcurl cannot read\(Self.lastWords(lines)) \(libcurl)"
            )

        case .unsupportedProtocol:
            return IMAPError(
                .libcurl, temporary: false,
                "this machine's libcurl cannot speak \(configuration.security == .implicitTLS ? "imaps" : "imap"); install "
                    + "Debian's libcurl4-openssl-dev (libcurl with IMAP and TLS) \(libcurl)"
            )

        default:
            return IMAPError(.libcurl, temporary: false, "\(doing) on \(server) failed\(serverSaid) \(libcurl)")
        }
    }

    /// The text of the server's last tagged NO or BAD response (e.g. `NO [AUTHENTICATIONFAILED] …`), or
    /// else of its BYE. (libcurl logs out after a failed command, so a "BYE Logging out" often follows the NO.)
    private static func refusal(in lines: [String]) -> String? {
        var bye: String?
        for line in lines.reversed() {
            let words = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard words.count == 2 else { continue }
            let tag = words[0]
            let text = words[1].uppercased()
            let isTag = tag.count >= 2 && tag.first?.isLetter == true && tag.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
            if isTag, text.hasPrefix("NO") || text.hasPrefix("BAD") {
                return printable(String(words[1]))
            }
            if tag == "*", text.hasPrefix("BYE"), bye == nil {
                bye = printable(line)
            }
        }
        return bye
    }

    /// The lines without the LOGOUT that libcurl sends after a failed command ("* BYE Logging out",
    /// "A005 OK Logout completed"), which say nothing about the failure.
    private static func withoutLogout(_ lines: [String]) -> [String] {
        var lines = lines
        if let last = lines.last, last.uppercased().contains(" OK LOGOUT") {
            lines.removeLast()
            if lines.last?.uppercased().hasPrefix("* BYE") == true { lines.removeLast() }
        }
        return lines
    }

    /// Whether the server answered a fetch with an empty `BODY[] NIL` or `[EXPUNGEISSUED]`: the message is gone.
    private static func reportsExpunge(_ lines: [String]) -> Bool {
        lines.contains { line in
            let upper = line.uppercased()
            return upper.contains("[EXPUNGEISSUED]") || upper.contains("BODY[] NIL")
        }
    }

    /// Whether a refusal is for now only (RFC 5530 UNAVAILABLE, INUSE, LIMIT; a server shutting down).
    private static func isTemporaryRefusal(_ refusal: String?) -> Bool {
        guard let refusal = refusal?.uppercased() else { return false }
        return ["[UNAVAILABLE]", "[INUSE]", "[LIMIT]", "[SERVERBUG]"].contains { refusal.contains($0) }
            || refusal.hasPrefix("* BYE")
    }

    /// " after its response '…'" with the server's last line, or nothing.
    private static func lastWords(_ lines: [String]) -> String {
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return " after its response '\(printable(last))'"
    }

    /// The text with control characters replaced by spaces.
    private static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.isControlCharacter ? " " : $0 }))
    }

    /// A sentence on why the server's certificate was not accepted.
    private static func certificateProblem(_ fault: CertificateFault, configuration: IMAPConfiguration) -> String {
        let variables = IMAPConfiguration.profile
        switch fault {
        case .otherHost:
            return "the IMAP server's certificate is not made out to \(configuration.host); use the host name the "
                + "certificate names in \(variables.url)"
        case .expired:
            return "the IMAP server's certificate has expired; its administrators must renew it"
        case .untrusted:
            if let caFile = configuration.caFile {
                return "the IMAP server's certificate was not signed by the CA in \(variables.caFile) (\(caFile)); "
                    + "give the CA certificate (PEM) that signed it"
            }
            return "the IMAP server's certificate is not signed by a CA this machine trusts; set "
                + "\(variables.caFile) to the CA certificate (PEM) that signed it"
        }
    }
}
