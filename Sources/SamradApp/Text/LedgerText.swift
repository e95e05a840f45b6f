import Foundation
import SamradCore
import SamradStore

/// A round's ledger as text for the terminal: `deliveries`.
public enum LedgerText {
    /// One line per delivery, then the count.
    public static func table(_ deliveries: [DeliveryRecord]) -> [String] {
        var lines = deliveries.map { delivery in
            let when =
                delivery.sentAt.map { SwedishTime.short($0) } ?? delivery.nextAttemptAt.map { "retry " + SwedishTime.short($0) } ?? ""
            return
                "\(pad(delivery.message.bodyID, 6)) \(pad(delivery.message.key, 10)) \(pad(delivery.role.rawValue, 3)) \(pad(delivery.recipient.description, 40)) \(pad(delivery.state.rawValue, 9)) \(when)"
        }
        lines.append("\(deliveries.count) deliveries.")
        return lines
    }
}
