// SamradNet — talking to servers.
//
// What it is for: the one place where Samråd reaches a mail server. SMTP (SamradMail's
// SMTPTransport) and IMAP (SamradImport's IMAPMailbox) both read their settings and open their
// connections through it, so a rule about a URL, a password file or TLS is written once.
//
// What it owns:
// - ServerSettings (this file): reads a protocol's SAMRAD_<PROTOCOL>_* variables with the help of
//   its ServerProfile (prefix, schemes, default ports, words for messages) — the URL through
//   ServerEndpoint (scheme → TLS, host with IPv6 and xn-- names, port, path), _TLS=none and its
//   loopback rules, _USER, _PASSWORD or _PASSWORD_FILE (PasswordFile), _CA_FILE, unknown variables.
// - Secret and ServerLogin: a password that never shows itself, and its scrubbing from server replies.
// - ServerTimeouts: the time limits of one exchange.
// - CurlEasy, CurlOption, CurlCode, CurlError: the only code that touches libcurl (the CCurl shims);
//   no C type leaves this module.
//
// Who uses it: SamradMail (SMTPConfiguration, SMTPTransport) and SamradImport (IMAPConfiguration,
// IMAPMailbox). Each keeps only what is its own: SMTP its AUTH mechanism, EHLO name and send rate;
// IMAP its mailbox path, several URLs and UIDVALIDITY state. It depends on SamradCore for InputFile
// and the helpers that quote input in messages.

import SamradCore

/// One protocol's server settings, read from its `SAMRAD_<PROTOCOL>_*` variables and checked: where
/// the server is, how the connection is protected, the login and the CA file.
///
/// ```swift
/// // SAMRAD_SMTP_URL=smtp://mail.kommun.example:587  SAMRAD_SMTP_USER=samrad
/// // SAMRAD_SMTP_PASSWORD_FILE=/etc/samrad/smtp-password
/// if let server = try ServerSettings(environment: environment, profile: SMTPConfiguration.profile) {
///     server.endpoint.port          // 587
///     server.security               // .startTLS
///     server.value("SAMRAD_SMTP_AUTH")  // the protocol's own variables, unchecked
/// }
/// ```
///
/// TLS is required unless `_TLS=none`, and then the server's certificate and host name are always
/// verified. A password is never sent unencrypted to another machine. Any variable with the
/// protocol's prefix that the protocol does not know is refused by name, and so is a setting given
/// without the URL, since either is most likely a typo.
package struct ServerSettings: Sendable {
    /// The protocol the settings are for.
    package let profile: ServerProfile
    /// Where the server is.
    package let endpoint: ServerEndpoint
    /// How the connection is protected.
    package let security: ServerSecurity
    /// The login name and password; nil to connect without logging in.
    package let login: ServerLogin?
    /// The CA certificates (PEM) that sign the server's certificate; nil for the system's store.
    package let caFile: String?
    /// The values of the protocol's own variables (``ServerProfile/ownVariables``), unchecked.
    private let ownValues: [String: String]

    /// Reads the profile's variables; nil when its URL variable is unset or empty.
    package init?(environment: [String: String], profile: ServerProfile) throws(ServerSettingError) {
        let settings = environment.filter { $0.key.hasPrefix(profile.prefix) }
        let unknown = settings.keys.filter { !profile.variables.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw ServerSettingError(
                unknown[0],
                "\(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is not a setting" : "are not settings") Samråd knows; "
                    + "the \(profile.name) settings are \(profile.variables.joined(separator: ", "))"
            )
        }
        func value(_ name: String) -> String? {
            guard let value = settings[name], !value.isEmpty else { return nil }
            return value
        }
        guard let urlText = value(profile.url) else {
            if let other = settings.keys.sorted().first(where: { value($0) != nil }) {
                throw ServerSettingError(
                    profile.url,
                    "\(other) is set but \(profile.url) is not; set \(profile.url)=\(profile.example(profile.schemes[0], host: "HOST")) "
                        + "to \(profile.purpose), or unset \(other)" + (profile.withoutURL.map { " to \($0)" } ?? "")
                )
            }
            return nil
        }
        let endpoint = try ServerEndpoint(urlText, profile: profile)
        let security = try Self.security(value(profile.tls), endpoint: endpoint, profile: profile)
        let login = try Self.login(user: value(profile.user), password: value(profile.password), file: value(profile.passwordFile), profile)
        if login != nil, security == .none, !endpoint.isLoopback {
            throw ServerSettingError(
                profile.tls,
                "\(profile.tls)=none would send the \(profile.name) password unencrypted to \(endpoint.host); "
                    + "use \(profile.examples(host: endpoint.urlHost, path: false)) and unset \(profile.tls)"
            )
        }
        let caFile = value(profile.caFile)
        if let caFile {
            guard security != .none else {
                throw ServerSettingError(
                    profile.caFile, "\(profile.caFile) is set but \(profile.tls)=none turns TLS off; unset one of them")
            }
            try PasswordFile.checkReadableFile(caFile, variable: profile.caFile, what: "the CA certificates (PEM)")
        }

        self.profile = profile
        self.endpoint = endpoint
        self.security = security
        self.login = login
        self.caFile = caFile
        self.ownValues = settings.filter { profile.ownVariables.map(profile.variable).contains($0.key) }
    }

    /// Reads the profile's variables as ``init(environment:profile:)`` does, throwing what `error`
    /// makes of a refusal: the protocol's own configuration error, with the same variable and text.
    package init?<Failure: Error>(
        environment: [String: String], profile: ServerProfile, error: (ServerSettingError) -> Failure
    ) throws(Failure) {
        do {
            guard let settings = try ServerSettings(environment: environment, profile: profile) else { return nil }
            self = settings
        } catch let refusal {
            throw error(refusal)
        }
    }

    /// The value of one of the protocol's own variables (e.g. `SAMRAD_SMTP_AUTH`); nil when unset or empty.
    package func value(_ variable: String) -> String? {
        guard let value = ownValues[variable], !value.isEmpty else { return nil }
        return value
    }

    /// One line for the user: `url` and how it is reached, e.g. `smtp://mail.kommun.example:587 (STARTTLS, login as samrad)`.
    package func summary(of url: String) -> String {
        let details = [security.label] + (login.map { ["login as \($0.username)"] } ?? [])
        return "\(url) (\(details.joined(separator: ", ")))"
    }

    /// After "the TLS handshake with HOST:PORT failed": with TLS from the start, the suggestion that
    /// the port may want STARTTLS instead; otherwise nothing.
    package var handshakeHint: String {
        guard security == .implicitTLS else { return "" }
        let implicit = profile.scheme(.implicitTLS)
        let startTLS = profile.scheme(.startTLS)
        return "; check that \(endpoint.host):\(endpoint.port) takes TLS from the start (\(implicit.name)://, usually port "
            + "\(implicit.usualPort)) and not STARTTLS (\(startTLS.name)://, port \(startTLS.usualPort))"
    }

    /// What the caller prints on every run, after its own "warning: ", when `_TLS=none` sends to another
    /// machine; nil otherwise.
    package var warning: String? {
        guard security == .none, !endpoint.isLoopback, case .warnedBeyondLoopback(let what) = profile.plainText else { return nil }
        return "\(profile.tls)=none: \(what) to \(endpoint.urlHost):\(endpoint.port) travels unencrypted, and anyone on "
            + "the network between this machine and the server can read or change it; use "
            + "\(profile.examples(host: endpoint.urlHost, path: false)) unless the server is on a network you trust"
    }
}

// MARK: - The rules

extension ServerSettings {
    /// `_TLS` against the URL's scheme: unset follows the scheme, `none` needs the plain scheme (and,
    /// for some protocols, this machine), anything else is refused.
    private static func security(_ tls: String?, endpoint: ServerEndpoint, profile: ServerProfile) throws(ServerSettingError)
        -> ServerSecurity
    {
        let variable = profile.tls
        switch tls?.lowercased() {
        case nil:
            return endpoint.scheme.security
        case "none":
            guard endpoint.scheme.security != .implicitTLS else {
                var text =
                    "\(variable)=none contradicts \(profile.url), which starts with \(endpoint.scheme.name):// (TLS); "
                    + "unset \(variable)"
                if case .warnedBeyondLoopback(let what) = profile.plainText {
                    text += ", or use \(profile.scheme(.startTLS).name):// if the server really takes \(what) without encryption"
                }
                throw ServerSettingError(variable, text)
            }
            if case .loopbackOnly(let exposed) = profile.plainText, !endpoint.isLoopback {
                throw ServerSettingError(
                    variable,
                    "\(variable)=none would send \(exposed) unencrypted to \(endpoint.host); plain \(profile.name) is allowed "
                        + "only to this machine (localhost); use \(profile.examples(host: endpoint.urlHost, path: false)) and unset \(variable)"
                )
            }
            return .none
        case let other?:
            var plain = "plain \(profile.name)"
            if case .loopbackOnly = profile.plainText { plain += " to this machine" }
            throw ServerSettingError(
                variable,
                "\(variable) is \(InputEcho.quote(other)), but the only value it takes is 'none' (\(plain)); unset it to require TLS "
                    + "(STARTTLS with \(profile.scheme(.startTLS).name)://, TLS from the start with \(profile.scheme(.implicitTLS).name)://)"
            )
        }
    }

    /// `_USER` with `_PASSWORD` or `_PASSWORD_FILE`: both or neither.
    private static func login(user: String?, password: String?, file: String?, _ profile: ServerProfile) throws(ServerSettingError)
        -> ServerLogin?
    {
        if let user, let control = user.unicodeScalars.first(where: \.isControlCharacter) {
            throw ServerSettingError(
                profile.user,
                "\(profile.user) contains the control character \(InputEcho.codePoint(control)); write the login name alone"
            )
        }
        let secret = try PasswordFile.password(
            inline: password, file: file, inlineVariable: profile.password, fileVariable: profile.passwordFile)
        switch (user, secret) {
        case (let user?, let secret?):
            return ServerLogin(username: user, password: secret)
        case (_?, nil):
            throw ServerSettingError(
                profile.passwordFile,
                "\(profile.user) is set but no password is; write the password to a file only you can read "
                    + "(chmod 600) and set \(profile.passwordFile) to its path"
            )
        case (nil, _?):
            throw ServerSettingError(profile.user, "a password is set but \(profile.user) is not; set \(profile.user) to the login name")
        case (nil, nil):
            return nil
        }
    }
}
