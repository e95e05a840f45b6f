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
        return escapingTerminalControls(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// JSON whose strings hold no character a terminal would act on: `JSONEncoder` escapes C0
    /// controls already; DEL, C1 and bidirectional controls become `\uXXXX` escapes too, which
    /// stand for the same characters, so the values are unchanged.
    static func escapingTerminalControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if TerminalText.isUnsafe(scalar), scalar != "\n" {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
