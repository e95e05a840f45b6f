import Foundation

/// RFC 2047 encoded words, always in the "B" (base64) encoding.
///
/// Why always B and never Q: one rule for every context. Q's allowed characters differ between
/// unstructured text and phrases (RFC 2047 §5), which is easy to get subtly wrong in display
/// names; B is the same everywhere, its length is exact (4 characters per 3 octets), so words can
/// be sized to the room left on a line, and every mail reader decodes it. Only the words that
/// need it are encoded (see ``HeaderField/appendUnstructured(_:)``), so ASCII such as a subject's
/// `[KS 2019/017]` tag stays readable in the raw message.
enum EncodedWord {
    static let prefix = "=?UTF-8?B?"
    static let suffix = "?="
    /// RFC 2047 §2: an encoded word is at most 75 characters.
    static let maxLength = 75
    /// The shortest word worth starting on a line: room for one 4-octet scalar (8 base64 characters).
    static let minLength = prefix.count + suffix.count + 8

    /// Whether the first grapheme cluster of `text` fits whole in a word of at most `maxLength` characters.
    static func firstClusterFits(in text: Substring, maxLength: Int) -> Bool {
        (text.first?.utf8.count ?? 0) <= maxOctets(forLength: maxLength)
    }

    /// How many octets of text an encoded word of at most `maxLength` characters can carry.
    private static func maxOctets(forLength maxLength: Int) -> Int {
        let length = max(minLength, min(maxLength, Self.maxLength))
        return (length - prefix.count - suffix.count) / 4 * 3
    }

    /// The longest encoded word of at most `maxLength` characters taken from the front of `text`,
    /// and what is left. It ends on a grapheme-cluster boundary; only a cluster too long for a
    /// word of its own is split, and then between Unicode scalars, never inside a UTF-8 sequence.
    ///
    /// With `breakAfterSpace`, a word that cannot take all of `text` ends just after its last
    /// space, when it has one. Display names need this: Python's email package (3.11) reads the
    /// white space between two encoded words of a phrase as a space, against RFC 2047 §6.2, and
    /// folds runs of spaces into one; a word that ends in a space reads the same both ways.
    static func next(
        from text: Substring, maxLength: Int, breakAfterSpace: Bool = false
    ) -> (word: String, rest: Substring) {
        let maxOctets = maxOctets(forLength: maxLength)
        var octets = 0
        var end = text.startIndex
        var afterLastSpace: String.Index?
        for character in text {
            let size = character.utf8.count
            if octets + size > maxOctets { break }
            octets += size
            end = text.index(after: end)
            if character == " " { afterLastSpace = end }
        }
        if breakAfterSpace, end < text.endIndex, let afterLastSpace {
            end = afterLastSpace
        }
        if end == text.startIndex {
            // The first grapheme cluster alone is too long: take as many of its scalars as fit.
            let scalars = text.unicodeScalars
            var scalarEnd = scalars.startIndex
            while scalarEnd < scalars.endIndex {
                let size = UTF8.width(scalars[scalarEnd])
                if octets + size > maxOctets { break }
                octets += size
                scalarEnd = scalars.index(after: scalarEnd)
            }
            end = scalarEnd
        }
        // Slice through the scalar view: a Substring subscript would round `end` down to a
        // Character boundary, which is the start when one cluster was split.
        let chunk = Substring(text.unicodeScalars[..<end])
        let word = prefix + Data(chunk.utf8).base64EncodedString() + suffix
        return (word, Substring(text.unicodeScalars[end...]))
    }
}
