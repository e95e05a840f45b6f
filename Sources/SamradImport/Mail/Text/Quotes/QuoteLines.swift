import Foundation

/// What the lines around a quote say: an attribution, a forward's marker, the header block of a quoted message.
enum QuoteLines {
    /// The letters and digits of a line, lower-cased and without diacritics, as words.
    static func words(_ line: some StringProtocol) -> [String] {
        line.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Whether the line reads as an attribution: ends with a colon, says "skrev" or "wrote", has a digit or an `@`.
    static func isAttribution(_ line: some StringProtocol) -> Bool {
        guard line.utf8.count <= 1200 else { return false }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(":"), trimmed.count <= 300 else { return false }
        let words = words(trimmed)
        guard words.contains("skrev") || words.contains("wrote") else { return false }
        return trimmed.contains(where: \.isNumber) || trimmed.contains("@")
    }

    /// Whether the line says that a forwarded message follows ("Början av vidarebefordrat brev:", "Begin forwarded message:").
    static func isForwardMarker(_ line: some StringProtocol) -> Bool {
        guard line.utf8.count <= 400 else { return false }
        let joined = words(line).joined()
        return joined.contains("vidarebefordrat") || joined.contains("forwardedmessage")
    }

    /// Whether the lines start with a header block: "Från:" (or "From:") first, then within six more lines a
    /// date ("Skickat:", "Sent:", "Datum:", "Date:") and a recipient or subject ("Till:", "To:", "Ämne:", "Subject:").
    static func startsWithHeaderBlock(_ lines: [Substring]) -> Bool {
        let filled = lines.lazy.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(7).map(field)
        guard let first = filled.first, first == "fran" || first == "from" else { return false }
        let fields = Set(filled.compactMap { $0 })
        return !fields.isDisjoint(with: ["skickat", "sent", "datum", "date"])
            && !fields.isDisjoint(with: ["till", "to", "amne", "subject"])
    }

    /// The folded name of the header field a line starts with ("*Från:* …" → "fran"), or nil.
    private static func field(_ line: String) -> String? {
        let start = line.drop { $0 == "*" || $0 == "_" }
        guard let colon = start.firstIndex(of: ":"), start.distance(from: start.startIndex, to: colon) <= 12 else { return nil }
        let name = words(start[..<colon])
        return name.count == 1 ? name[0] : nil
    }
}
