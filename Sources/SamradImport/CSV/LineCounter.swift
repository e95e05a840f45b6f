/// Counts lines as editors do: LF, CR LF and a lone CR each end one line.
struct LineCounter {
    /// The 1-based line of the next scalar.
    private(set) var line = 1
    private var afterCR = false

    /// Moves past one scalar.
    mutating func consume(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "\n":
            if !afterCR { line += 1 }
            afterCR = false
        case "\r":
            line += 1
            afterCR = true
        default:
            afterCR = false
        }
    }

    /// The number of line breaks in a text.
    static func breaks(in text: String) -> Int {
        var counter = LineCounter()
        for scalar in text.unicodeScalars { counter.consume(scalar) }
        return counter.line - 1
    }
}
