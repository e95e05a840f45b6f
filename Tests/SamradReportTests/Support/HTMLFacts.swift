import Foundation
import Testing

/// What `Fixtures/html_facts.py` found in an HTML document or fragment, parsed by html5lib.
struct HTMLFacts: Decodable {
    struct Table: Decodable {
        let caption: String?
        let captionFirst: Bool
        let thScopes: [String?]
    }

    struct SVG: Decodable {
        let role: String?
        let title: String?
        let desc: String?
        let labelledBy: [String?]
        let describedBy: [String?]
    }

    let errors: [String]
    var lang: String? = nil
    var title: String? = nil
    var metaCharset: String? = nil
    var elementCounts: [String: Int] = [:]
    var headings: [[HeadingPart]] = []
    var tables: [Table] = []
    var svgs: [SVG] = []
    var attributes: [String] = []
    var eventHandlers: [String] = []
    var hrefs: [String] = []
    var srcs: [String] = []
    var styleTexts: [String] = []
    var quotes: [String] = []
    var duplicateIds: [String] = []
    var text: String = ""

    /// A heading is `[level, text]` in the JSON.
    enum HeadingPart: Decodable, Equatable {
        case level(Int)
        case text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let level = try? container.decode(Int.self) {
                self = .level(level)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }

    /// The headings as (level, text).
    var headingList: [(level: Int, text: String)] {
        headings.compactMap { parts in
            guard parts.count == 2, case .level(let level) = parts[0], case .text(let text) = parts[1] else { return nil }
            return (level, text)
        }
    }

    /// The elements that occur, by name (`svg:rect` for SVG).
    var elements: Set<String> { Set(elementCounts.keys) }

    enum CodingKeys: String, CodingKey {
        case errors, lang, title, metaCharset, elementCounts, headings, tables, svgs, attributes, eventHandlers, hrefs, srcs
        case styleTexts, quotes, duplicateIds, text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        errors = try container.decode([String].self, forKey: .errors)
        lang = try container.decodeIfPresent(String.self, forKey: .lang)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        metaCharset = try container.decodeIfPresent(String.self, forKey: .metaCharset)
        elementCounts = try container.decodeIfPresent([String: Int].self, forKey: .elementCounts) ?? [:]
        headings = try container.decodeIfPresent([[HeadingPart]].self, forKey: .headings) ?? []
        tables = try container.decodeIfPresent([Table].self, forKey: .tables) ?? []
        svgs = try container.decodeIfPresent([SVG].self, forKey: .svgs) ?? []
        attributes = try container.decodeIfPresent([String].self, forKey: .attributes) ?? []
        eventHandlers = try container.decodeIfPresent([String].self, forKey: .eventHandlers) ?? []
        hrefs = try container.decodeIfPresent([String].self, forKey: .hrefs) ?? []
        srcs = try container.decodeIfPresent([String].self, forKey: .srcs) ?? []
        styleTexts = try container.decodeIfPresent([String].self, forKey: .styleTexts) ?? []
        quotes = try container.decodeIfPresent([String].self, forKey: .quotes) ?? []
        duplicateIds = try container.decodeIfPresent([String].self, forKey: .duplicateIds) ?? []
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
    }

    /// Parses `html` with html5lib (`strict` stops at the first parse error) and returns its
    /// facts, or nil after recording why it could not.
    static func parse(
        _ html: String, fragment: Bool = false, strict: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> HTMLFacts? {
        guard let python = ExternalTool.python(sourceLocation: sourceLocation) else { return nil }
        return try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("input.html")
            try Data(html.utf8).write(to: file)
            let script = try fixturesDirectory().appendingPathComponent("html_facts.py").path
            let run = try python.run(
                [script, fragment ? "fragment" : "document"] + (strict ? ["--strict"] : []) + [file.path], in: directory)
            if run.status == 3 {
                Issue.record(
                    "python3 has no html5lib: apt-get install python3-html5lib (or pip install html5lib)\n\(run.text)",
                    sourceLocation: sourceLocation)
                return nil
            }
            guard run.status == 0 else {
                Issue.record("html_facts.py failed (\(run.status)): \(run.errors)", sourceLocation: sourceLocation)
                return nil
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(HTMLFacts.self, from: run.output)
        }
    }
}
