import ArgumentParser
import Foundation
import SamradApp
import SamradCore
import SamradStore

extension AnswerRecorder.Source: ExpressibleByArgument {
    public init?(argument: String) {
        let folded = argument.lowercased().replacingOccurrences(of: "ö", with: "o")
        guard let source = Self.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "ö", with: "o") == folded }) else {
            return nil
        }
        self = source
    }
}

/// A stance as the command line takes it, in Swedish or English.
struct StanceArgument: ExpressibleByArgument {
    let stance: Stance

    init?(argument: String) {
        let folded = argument.lowercased().folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: " ", with: "-")
        switch folded {
        case "tillstyrker", "supports", "support": stance = .supports
        case "avstyrker", "opposes", "oppose": stance = .opposes
        case "varken-eller", "neutral": stance = .neutral
        case "avstar", "declines", "decline": stance = .declines
        case "utan-stallningstagande", "unstated": stance = .unstated
        default: return nil
        }
    }

    static var allValueStrings: [String] { ["tillstyrker", "avstyrker", "varken-eller", "avstår", "utan-ställningstagande"] }
}

extension DeliveryState: ExpressibleByArgument {}

extension FeedbackImporter.Format: ExpressibleByArgument {}

extension BodyKind: ExpressibleByArgument {}
