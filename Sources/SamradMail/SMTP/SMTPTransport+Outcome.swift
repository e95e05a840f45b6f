import SamradCore
import SamradNet

extension SMTPTransport {
    /// Reads what happened from libcurl's code, the SMTP reply code and the replies themselves.
    ///
    /// The reply code is trusted only when it is 400 or more and libcurl stopped because of a
    /// reply (CURLcode 55 after MAIL, RCPT or DATA; 8 after the final "." or the greeting): after a
    /// dropped connection it still holds an earlier 250. 5xx is permanent, 4xx (421 included)
    /// temporary; a refused login is the settings' fault, not the recipient's (misconfigured); connection, TLS and certificate faults say the server is unreachable; timeouts
    /// and drops are temporary, and when the whole message had been handed over before the drop,
    /// whether it was delivered is unknown and the retry carries the same Message-ID.
    static func outcome(of result: CurlMailResult, replies: [SMTPReply], configuration: SMTPConfiguration) -> DeliveryOutcome {
        let server = "\(configuration.host):\(configuration.port)"
        let detail = result.detail
        let libcurl = result.libcurlNote
        let variables = SMTPConfiguration.profile

        switch result.code {
        case .ok:
            return .sent(reply: reply(coded: result.responseCode, in: replies)?.text ?? "accepted (\(result.responseCode))")

        case .sendError where result.responseCode >= 400, .weirdServerReply where result.responseCode >= 400:
            let words = reply(coded: result.responseCode, in: replies)?.text ?? "\(result.responseCode) \(libcurl)"
            return result.responseCode >= 500 ? .failed(reply: words) : .deferred(reply: words)

        case .loginDenied, .authError:
            let login = configuration.username.map { " as \($0)" } ?? ""
            let passwordSource = "\(variables.passwordFile) or \(variables.password)"
            guard let refusal = replies.last(where: { $0.code >= 400 }) else {
                let mechanism = configuration.authMechanism.map { " (\(SMTPConfiguration.authVariable)=\($0.rawValue))" } ?? ""
                return .misconfigured(
                    reply: "authentication failed: \(server) offers no login mechanism Samråd can use\(mechanism); "
                        + "unset \(SMTPConfiguration.authVariable) or ask the mail administrators \(libcurl)"
                )
            }
            if refusal.code < 500 {
                return .deferred(reply: "authentication could not be completed for now: \(refusal.text)")
            }
            return .misconfigured(
                reply: "authentication failed: \(server) refused the login\(login): \(refusal.text); check "
                    + "\(variables.user) and the password in \(passwordSource)"
            )

        case .couldntResolveHost:
            return .unreachable(
                reply: "the mail server's name \(configuration.host) cannot be resolved; check the host in "
                    + "\(variables.url) and this machine's DNS \(libcurl)"
            )

        case .couldntConnect:
            return .unreachable(
                reply: "cannot connect to the mail server \(server): nothing accepts connections there, or a firewall "
                    + "is in the way; check \(variables.url) \(libcurl)"
            )

        case .useSSLFailed:
            return .unreachable(
                reply: "\(server) does not offer STARTTLS; Samråd never sends without encryption unless "
                    + "\(variables.tls)=none \(libcurl)"
            )

        case .peerFailedVerification, .sslIssuerError:
            return .unreachable(reply: certificateProblem(CertificateFault(detail: detail), configuration: configuration) + " \(libcurl)")

        case .sslCACertBadFile, .sslCertProblem, .sslCRLBadFile:
            let source = configuration.caFile.map { "the CA file \($0) (\(variables.caFile))" } ?? "the system's CA store"
            return .unreachable(
                reply: "the server's certificate cannot be checked because \(source) cannot be used; give a file of "
                    + "PEM certificates \(libcurl)"
            )

        case .sslConnectError, .sslCipher, .sslEngineInitFailed, .sslPinnedPublicKeyMismatch,
            .sslInvalidCertStatus:
            return .unreachable(reply: "the TLS handshake with \(server) failed\(configuration.server.handshakeHint) \(libcurl)")

        case .operationTimedOut:
            return .deferred(reply: "\(server) did not answer in time" + interruption(result, replies) + " \(libcurl)")

        case .recvError, .sendError, .weirdServerReply, .gotNothing, .partialFile:
            // A drop: 55 and 8 come here only without a 4xx/5xx reply to trust.
            return .deferred(reply: "the connection to \(server) broke off" + interruption(result, replies) + " \(libcurl)")

        default:
            return .deferred(reply: "the delivery through \(server) could not be completed" + interruption(result, replies) + " \(libcurl)")
        }
    }

    /// The reply that carries `code`: the last one with that code (a QUIT's "221 Bye" may follow it).
    private static func reply(coded code: Int, in replies: [SMTPReply]) -> SMTPReply? {
        replies.last { $0.code == code } ?? replies.last { $0.code != 221 }
    }

    /// Where a transaction broke off, and whether the message may have arrived anyway.
    private static func interruption(_ result: CurlMailResult, _ replies: [SMTPReply]) -> String {
        var text = ""
        if let last = replies.last {
            text += " after its reply '\(last.text)'"
        }
        if result.bodyRead {
            text += "; delivery unknown: will be sent again with the same Message-ID"
        }
        return text
    }

    /// A sentence on why the server's certificate was not accepted.
    private static func certificateProblem(_ fault: CertificateFault, configuration: SMTPConfiguration) -> String {
        let variables = SMTPConfiguration.profile
        switch fault {
        case .otherHost:
            return "the server's certificate is not made out to \(configuration.host); use the host name the "
                + "certificate names in \(variables.url)"
        case .expired:
            return "the server's certificate has expired; the mail administrators must renew it"
        case .untrusted:
            if let caFile = configuration.caFile {
                return "the server's certificate was not signed by the CA in \(variables.caFile) (\(caFile))"
            }
            return "the server's certificate is not signed by a CA this machine trusts; set \(variables.caFile) "
                + "to the CA certificate (PEM) that signed it"
        }
    }
}
