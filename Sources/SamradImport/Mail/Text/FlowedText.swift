/// Unwraps text/plain; format=flowed (RFC 3676), as Thunderbird and Apple Mail send it.
///
/// A line ending in a space continues on the next line of the same quote depth; the space-stuffing
/// in front of a line is removed; the signature separator "-- " is never joined. Quoted lines are
/// written back with one ">" per level and a space: "> > text" becomes ">> text".
enum FlowedText {
    /// The unwrapped text; with `deleteSpace` (DelSp=yes) the space that marks a soft break is dropped too.
    static func unwrap(_ text: String, deleteSpace: Bool) -> String {
        var output: [String] = []
        var paragraph: String?
        var paragraphDepth = 0

        func flush() {
            guard let current = paragraph else { return }
            output.append(paragraphDepth > 0 ? String(repeating: ">", count: paragraphDepth) + " " + current : current)
            paragraph = nil
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() }  // space-stuffing, or the space after the quote marks
            let isSignatureSeparator = line == "-- "
            let isSoftBreak = !isSignatureSeparator && line.last == " "
            if paragraph != nil, depth != paragraphDepth || isSignatureSeparator { flush() }
            let content = isSoftBreak && deleteSpace ? line.dropLast() : line
            if paragraph == nil {
                paragraph = String(content)
                paragraphDepth = depth
            } else {
                paragraph? += content
            }
            if !isSoftBreak { flush() }
        }
        flush()
        return output.joined(separator: "\n")
    }
}
