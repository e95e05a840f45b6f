import Foundation
import SamradApp
import SamradImport
import Synchronization

/// The coordinators' sessions, kept on the server: the cookie holds a random id, the server only its SHA-256 with the
/// user, the session's CSRF token and when it ends.
final class Sessions: Sendable {
    struct Session: Sendable {
        var user: String
        var csrf: String
        var expires: ContinuousClock.Instant
    }

    /// How long a session lasts without use.
    let idle: Duration
    private let clock = ContinuousClock()
    private let sessions = Mutex<[String: Session]>([:])

    init(idle: Duration = .seconds(8 * 3600)) {
        self.idle = idle
    }

    /// Starts a session for a user; returns the cookie's value.
    func start(user: String) -> String {
        let id = PortalTokens.newToken()
        let session = Session(user: user, csrf: PortalTokens.newToken(), expires: clock.now + idle)
        let now = clock.now
        sessions.withLock { all in
            if all.count > 10_000 { all = all.filter { $0.value.expires > now } }
            all[SHA256.hex(Data(id.utf8))] = session
        }
        return id
    }

    /// The session a cookie names, renewed, or nil when there is none or it ran out.
    func session(_ id: String) -> Session? {
        let key = SHA256.hex(Data(id.utf8))
        let now = clock.now
        return sessions.withLock { all in
            guard var session = all[key] else { return nil }
            guard session.expires > now else {
                all[key] = nil
                return nil
            }
            session.expires = now + idle
            all[key] = session
            return session
        }
    }

    /// Ends a session.
    func end(_ id: String) {
        let key = SHA256.hex(Data(id.utf8))
        _ = sessions.withLock { $0.removeValue(forKey: key) }
    }
}
