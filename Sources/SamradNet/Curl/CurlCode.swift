import CCurl

/// What a libcurl call returned (`CURLcode`), as a Swift value: compare and switch with the static
/// members, e.g. `case .loginDenied:`, as swift-system's `Errno` does for errno.
///
/// Only the codes Samråd tells apart have names; any other still compares, prints and explains itself.
package struct CurlCode: Hashable, Sendable, CustomStringConvertible {
    /// libcurl's number for the code, e.g. 67 for `CURLE_LOGIN_DENIED`.
    package let rawValue: UInt32

    init(_ code: CURLcode) {
        rawValue = code.rawValue
    }

    /// libcurl's one-line explanation of the code, e.g. "Login denied".
    package var explanation: String {
        String(cString: ccurl_easy_strerror(CURLcode(rawValue: rawValue)))
    }

    /// The number, e.g. `67`.
    package var description: String { "\(rawValue)" }

    /// `CURLE_OK`: the call did what was asked.
    package static let ok = CurlCode(CURLE_OK)
    /// `CURLE_UNSUPPORTED_PROTOCOL`: this libcurl was built without the protocol.
    package static let unsupportedProtocol = CurlCode(CURLE_UNSUPPORTED_PROTOCOL)
    /// `CURLE_FAILED_INIT`.
    package static let failedInit = CurlCode(CURLE_FAILED_INIT)
    /// `CURLE_COULDNT_RESOLVE_HOST`.
    package static let couldntResolveHost = CurlCode(CURLE_COULDNT_RESOLVE_HOST)
    /// `CURLE_COULDNT_CONNECT`.
    package static let couldntConnect = CurlCode(CURLE_COULDNT_CONNECT)
    /// `CURLE_WEIRD_SERVER_REPLY`: a reply libcurl did not expect (SMTP: not 250 after the final ".").
    package static let weirdServerReply = CurlCode(CURLE_WEIRD_SERVER_REPLY)
    /// `CURLE_PARTIAL_FILE`.
    package static let partialFile = CurlCode(CURLE_PARTIAL_FILE)
    /// `CURLE_QUOTE_ERROR`: a custom command (IMAP EXAMINE, SEARCH) was refused.
    package static let quoteError = CurlCode(CURLE_QUOTE_ERROR)
    /// `CURLE_WRITE_ERROR`: the write callback took less than it was given (a body over its limit).
    package static let writeError = CurlCode(CURLE_WRITE_ERROR)
    /// `CURLE_OUT_OF_MEMORY`.
    package static let outOfMemory = CurlCode(CURLE_OUT_OF_MEMORY)
    /// `CURLE_OPERATION_TIMEDOUT`.
    package static let operationTimedOut = CurlCode(CURLE_OPERATION_TIMEDOUT)
    /// `CURLE_SSL_CONNECT_ERROR`.
    package static let sslConnectError = CurlCode(CURLE_SSL_CONNECT_ERROR)
    /// `CURLE_GOT_NOTHING`.
    package static let gotNothing = CurlCode(CURLE_GOT_NOTHING)
    /// `CURLE_SSL_ENGINE_INITFAILED`.
    package static let sslEngineInitFailed = CurlCode(CURLE_SSL_ENGINE_INITFAILED)
    /// `CURLE_SEND_ERROR`: sending failed, or (SMTP) MAIL, RCPT or DATA was refused.
    package static let sendError = CurlCode(CURLE_SEND_ERROR)
    /// `CURLE_RECV_ERROR`.
    package static let recvError = CurlCode(CURLE_RECV_ERROR)
    /// `CURLE_SSL_CERTPROBLEM`.
    package static let sslCertProblem = CurlCode(CURLE_SSL_CERTPROBLEM)
    /// `CURLE_SSL_CIPHER`.
    package static let sslCipher = CurlCode(CURLE_SSL_CIPHER)
    /// `CURLE_PEER_FAILED_VERIFICATION`: the server's certificate or name was not accepted.
    package static let peerFailedVerification = CurlCode(CURLE_PEER_FAILED_VERIFICATION)
    /// `CURLE_USE_SSL_FAILED`: TLS was required and the server does not offer STARTTLS.
    package static let useSSLFailed = CurlCode(CURLE_USE_SSL_FAILED)
    /// `CURLE_LOGIN_DENIED`: the login was refused (IMAP: also a SELECT that was refused).
    package static let loginDenied = CurlCode(CURLE_LOGIN_DENIED)
    /// `CURLE_REMOTE_FILE_NOT_FOUND`: (IMAP) no such UID, or the UIDVALIDITY changed.
    package static let remoteFileNotFound = CurlCode(CURLE_REMOTE_FILE_NOT_FOUND)
    /// `CURLE_SSL_CRL_BADFILE`.
    package static let sslCRLBadFile = CurlCode(CURLE_SSL_CRL_BADFILE)
    /// `CURLE_SSL_ISSUER_ERROR`.
    package static let sslIssuerError = CurlCode(CURLE_SSL_ISSUER_ERROR)
    /// `CURLE_SSL_PINNEDPUBKEYNOTMATCH`.
    package static let sslPinnedPublicKeyMismatch = CurlCode(CURLE_SSL_PINNEDPUBKEYNOTMATCH)
    /// `CURLE_SSL_INVALIDCERTSTATUS`.
    package static let sslInvalidCertStatus = CurlCode(CURLE_SSL_INVALIDCERTSTATUS)
    /// `CURLE_AUTH_ERROR`: no login mechanism could be used, or it failed.
    package static let authError = CurlCode(CURLE_AUTH_ERROR)
    /// `CURLE_SSL_CACERT_BADFILE`: the CA file cannot be used.
    package static let sslCACertBadFile = CurlCode(CURLE_SSL_CACERT_BADFILE)
}

/// Why libcurl did not accept the server's certificate, read from its detail
/// (`CURLE_PEER_FAILED_VERIFICATION`, `CURLE_SSL_ISSUER_ERROR`); each protocol words the sentence.
package enum CertificateFault: Sendable, Hashable {
    /// The certificate is made out to another name than the host in the URL.
    case otherHost
    /// The certificate has expired.
    case expired
    /// No CA the client trusts signed it.
    case untrusted

    /// The fault libcurl's detail names, e.g. "SSL: no alternative certificate subject name matches …".
    package init(detail: String) {
        let lowered = detail.lowercased()
        if lowered.contains("subject name") || lowered.contains("does not match") || lowered.contains("hostname") {
            self = .otherHost
        } else if lowered.contains("expired") {
            self = .expired
        } else {
            self = .untrusted
        }
    }
}
