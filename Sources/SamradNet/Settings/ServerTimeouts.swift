/// Time limits for one exchange with a mail server (an SMTP delivery, an IMAP fetch); the
/// defaults suit a municipal mail server, tests shorten them.
public struct ServerTimeouts: Sendable, Hashable {
    /// The longest wait for the TCP connection (and implicit TLS handshake) to be made.
    public var connect: Duration
    /// The longest wait for any one server reply (whole seconds; rounded up).
    public var response: Duration
    /// The longest one exchange may take, connection and transfer included.
    public var total: Duration
    /// Below this many bytes per second for ``lowSpeedTime``, the exchange is abandoned.
    public var lowSpeedLimit: Int
    /// How long an exchange may stay below ``lowSpeedLimit`` (whole seconds; rounded up).
    public var lowSpeedTime: Duration

    /// Connect 15 s, each reply 60 s, all in all 300 s, at least 1 byte/s over any 60 s.
    public init(
        connect: Duration = .seconds(15),
        response: Duration = .seconds(60),
        total: Duration = .seconds(300),
        lowSpeedLimit: Int = 1,
        lowSpeedTime: Duration = .seconds(60)
    ) {
        self.connect = connect
        self.response = response
        self.total = total
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
    }
}
