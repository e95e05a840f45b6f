import Foundation
import SamradCore

/// The compilation as JSON, for scripts and archives; `docs/report.schema.json` describes it.
///
/// ```swift
/// let data = try JSONReport.render(report)
/// ```
///
/// Keys are snake_case and sorted, instants are ISO 8601 with the Swedish offset
/// (`2019-05-14T10:12:00+02:00`), days are `YYYY-MM-DD`, and the top-level object names its
/// schema and version.
public enum JSONReport {
    /// The schema the output follows.
    public static let schema = "https://samrad.example/schemas/report-1.json"
    /// The version of the output's shape; it grows when a key changes meaning or goes.
    public static let version = 1

    /// Renders the report as pretty-printed UTF-8 JSON.
    ///
    /// - Throws: `EncodingError` if a value cannot be encoded (the model has none that cannot).
    public static func render(_ report: ConsultationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(SwedishTime.iso8601(date))
        }
        return try encoder.encode(Document(report: report))
    }

    /// The report with `schema` and `version` beside its own keys.
    private struct Document: Encodable {
        let report: ConsultationReport

        private enum CodingKeys: String, CodingKey {
            case schema, version
        }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(JSONReport.schema, forKey: .schema)
            try container.encode(JSONReport.version, forKey: .version)
        }
    }
}
