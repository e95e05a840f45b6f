import Foundation
import SamradCore

/// The JSON every `--json` option prints: snake_case keys, sorted, dates as ISO 8601 with the Swedish offset.
enum JSONOutput {
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(SwedishTime.iso8601(date))
        }
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
