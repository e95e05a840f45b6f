/// A plain reader for blocks of `Name: value` lines, as message/delivery-status and text/rfc822-headers hold them.
enum HeaderBlock {
    /// The blocks of fields, split at blank lines, each field unfolded; lines that are no field are skipped.
    static func blocks(_ text: String) -> [[(name: String, value: String)]] {
        var blocks: [[(name: String, value: String)]] = []
        var current: [(name: String, value: String)] = []
        let lines = TextRendering.normalizeLineEnds(text).split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else if line.first == " " || line.first == "\t" {
                if let last = current.indices.last {
                    current[last].value += " " + line.trimmingCharacters(in: .whitespaces)
                }
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty { current.append((name, value)) }
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// The first value of `name` in a block, compared case-insensitively.
    static func value(_ name: String, in block: [(name: String, value: String)]) -> String? {
        block.first { FieldName.same($0.name, name) }?.value
    }
}
