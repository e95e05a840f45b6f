import Foundation
import SamradCore
import SamradStore

/// A round's ledger as text for the terminal: `deliveries`.
public enum LedgerText {
    /// One line per delivery, in the report's Swedish words (a delivery written to the outbox is `skriven till
    /// utkorgen`, never `skickat`), then the count.
    public static func table(_ deliveries: [DeliveryRecord]) -> [String] {
        var lines = deliveries.map { delivery in
            let when =
                delivery.sentAt.map { SwedishTime.short($0) } ?? delivery.nextAttemptAt.map { "nytt försök " + SwedishTime.short($0) } ?? ""
            let state = SwedishWords.delivery(delivery.state, outbox: SwedishWords.wentToOutbox(reply: delivery.reply))
            return
                "\(pad(delivery.message.bodyID, 6)) \(pad(SwedishWords.kind(delivery.message.kind.rawValue), 10)) \(pad(delivery.role.rawValue, 3)) \(pad(delivery.recipient.description, 40)) \(pad(state, 21)) \(when)"
        }
        lines.append("\(deliveries.count) leveranser.")
        return lines
    }
}
