import Foundation
import SamradCore
import Synchronization

/// A transport that keeps every delivery in memory and answers with a scripted outcome.
public final class RecordingTransport: MailTransport {
    /// One delivery as the transport saw it.
    public struct Delivery: Sendable {
        /// The message.
        public var mail: OutgoingMail
        /// Its envelope.
        public var envelope: Envelope
    }

    private let state = Mutex<[Delivery]>([])
    private let answer: @Sendable (Envelope) -> DeliveryOutcome

    /// Creates a transport that answers every delivery with `answer`.
    public init(answer: @escaping @Sendable (Envelope) -> DeliveryOutcome = { _ in .sent(reply: "250 2.0.0 Ok") }) {
        self.answer = answer
    }

    /// Every delivery so far, in order.
    public var deliveries: [Delivery] { state.withLock { $0 } }

    public var summary: String { "a recording transport" }
    public var delivers: Bool { true }

    public func deliver(_ mail: OutgoingMail, envelope: Envelope) -> DeliveryOutcome {
        state.withLock { $0.append(Delivery(mail: mail, envelope: envelope)) }
        return answer(envelope)
    }
}
