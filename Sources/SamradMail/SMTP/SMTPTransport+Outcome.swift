import CCurl
import SamradCore

extension SMTPTransport {
    /// Reads what happened from libcurl's code, the SMTP reply code and the replies themselves.
    ///
    /// The reply code is trusted only when it is 400 or more and libcurl stopped because of a
    /// reply (CURLcode 55 after MAIL, RCPT or DATA; 8 after the final "." or the greeting): after a
    /// dropped connection it still holds an earlier 250. 5xx is permanent, 4xx (421 included)
    /// temporary; a refused login is the settings' fault, not the recipient's (misconfigured); connection, TLS and certificate faults say the server is unreachable; timeouts
    /// and drops are temporary, and when the whole message had been handed over before the drop,
    /// whether it was delivered is unknown and the retry carries the same Message-ID.
    static func outcome(of result: CurlMailResult, configuration: SMTPConfiguration) -> DeliveryOutcome {
        let server = "\(configuration.host):\(configuration.port)"
        let detail = result.errorDetail.isEmpty ? CurlEasy.explanation(of: result.code) : result.errorDetail
        let libcurl = "(libcurl: \(detail), CURLcode \(result.code.rawValue))"

        switch result.code {
        case CURLE_OK:
            return .sent(reply: reply(coded: result.responseCode, in: result.replies)?.text ?? "accepted (\(result.responseCode))")

        case CURLE_SEND_ERROR where result.responseCode >= 400, CURLE_WEIRD_SERVER_REPLY where result.responseCode >= 400:
            let words = reply(coded: result.responseCode, in: result.replies)?.text ?? "\(result.responseCode) \(libcurl)"
            return result.responseCode >= 500 ? .failed(reply: words) : .deferred(reply: words)

        case CURLE_LOGIN_DENIED, CURLE_AUTH_ERROR:
            let login = configuration.username.map { " as \($0)" } ?? ""
            let passwordSource = "\(SMTPConfiguration.Variable.passwordFile) or \(SMTPConfiguration.Variable.password)"
            guard let refusal = result.replies.last(where: { $0.code >= 400 }) else {
                let mechanism = configuration.authMechanism.map { " (\(SMTPConfiguration.Variable.auth)=\($0.rawValue))" } ?? ""
                return .misconfigured(
                    reply: "authentication failed: \(server) offers no login mechanism Samråd can use\(mechanism); "
                        + "unset \(SMTPConfiguration.Variable.auth) or ask the mail administrators \(libcurl)"
                )
            }
            if refusal.code < 500 {
                return .deferred(reply: "authentication could not be completed for now: \(refusal.text)")
            }
            return .misconfigured(
                reply: "authentication failed: \(server) refused the login\(login): \(refusal.text); check "
                    + "\(SMTPConfiguration.Variable.user) and the password in \(passwordSource)"
            )

        case CURLE_COULDNT_RESOLVE_HOST:
            return .unreachable(
                reply: "the mail server's name \(configuration.host) cannot be resolved; check the host in "
                    + "\(SMTPConfiguration.Variable.url) and this machine's DNS \(libcurl)"
            )

        case CURLE_COULDNT_CONNECT:
            return .unreachable(
                reply: "cannot connect to the mail server \(server): nothing accepts connections there, or a firewall "
                    + "is in the way; check \(SMTPConfiguration.Variable.url) \(libcurl)"
            )

        case CURLE_USE_SSL_FAILED:
            return .unreachable(
                reply: "\(server) does not offer STARTTLS; Samråd never sends without encryption unless "
                    + "\(SMTPConfiguration.Variable.tls)=none \(libcurl)"
            )

        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ISSUER_ERROR:
            return .unreachable(reply: certificateProblem(detail: detail, configuration: configuration) + " \(libcurl)")

        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CRL_BADFILE:
            let source = configuration.caFile.map { "the CA file \($0) (\(SMTPConfiguration.Variable.caFile))" } ?? "the system's CA store"
            return .unreachable(
                reply: "the server's certificate cannot be checked because \(source) cannot be used; give a file of "
                    + "PEM certificates \(libcurl)"
            )

        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS:
            let hint =
                configuration.security == .implicitTLS
                ? "; check that \(server) takes TLS from the start (smtps://, usually port 465) and not STARTTLS (smtp://, port 587)"
                : ""
            return .unreachable(reply: "the TLS handshake with \(server) failed\(hint) \(libcurl)")

        case CURLE_OPERATION_TIMEDOUT:
            return .deferred(reply: "\(server) did not answer in time" + interruption(result) + " \(libcurl)")

        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            // A drop: 55 and 8 come here only without a 4xx/5xx reply to trust.
            return .deferred(reply: "the connection to \(server) broke off" + interruption(result) + " \(libcurl)")

        default:
            return .deferred(reply: "the delivery through \(server) could not be completed" + interruption(result) + " \(libcurl)")
        }
    }

    /// The reply that carries `code`: the last one with that code (a QUIT's "221 Bye" may follow it).
    private static func reply(coded code: Int, in replies: [SMTPReply]) -> SMTPReply? {
        replies.last { $0.code == code } ?? replies.last { $0.code != 221 }
    }

    /// Where a transaction broke off, and whether the message may have arrived anyway.
    private static func interruption(_ result: CurlMailResult) -> String {
        var text = ""
        if let last = result.replies.last {
            text += " after its reply '\(last.text)'"
        }
        if result.bodyRead {
            text += "; delivery unknown: will be sent again with the same Message-ID"
        }
        return text
    }

    /// A sentence on why the server's certificate was not accepted.
    private static func certificateProblem(detail: String, configuration: SMTPConfiguration) -> String {
        let lowered = detail.lowercased()
        if lowered.contains("subject name") || lowered.contains("does not match") || lowered.contains("hostname") {
            return "the server's certificate is not made out to \(configuration.host); use the host name the "
                + "certificate names in \(SMTPConfiguration.Variable.url)"
        }
        if lowered.contains("expired") {
            return "the server's certificate has expired; the mail administrators must renew it"
        }
        if let caFile = configuration.caFile {
            return "the server's certificate was not signed by the CA in \(SMTPConfiguration.Variable.caFile) (\(caFile))"
        }
        return "the server's certificate is not signed by a CA this machine trusts; set \(SMTPConfiguration.Variable.caFile) "
            + "to the CA certificate (PEM) that signed it"
    }
}
