import SamradTestSupport
import Testing

@testable import SamradImport

/// The mboxrd unquoting, which finds lines with memchr, drops exactly what a byte-by-byte reading drops.
@Suite("mboxrd unquoting")
struct MboxUnquoteTests {
    /// One ">" dropped from every line that starts with one or more ">" followed by "From ", byte by byte.
    static func unquotedByByte(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        var atLineStart = true
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if atLineStart, byte == UInt8(ascii: ">"), bytes[index...].drop(while: { $0 == UInt8(ascii: ">") }).starts(with: "From ".utf8) {
                index += 1
                atLineStart = false
                continue
            }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            index += 1
        }
        return output
    }

    static let pieces = [">", ">>", "From ", "From", "\n", "\r\n", "x", " ", ">From ", "å", "\n>From x\n"]

    @Test(arguments: ["", ">", ">From ", "\n>From a", ">From a\n>>From b\n> From c\n", "x>From y\n>From", "\r\n>From z\r\n"])
    func samplesAreUnquotedAsByteByByte(_ text: String) {
        let bytes = ArraySlice(Array(text.utf8))
        #expect(MboxSplitter.unquoteFromLines(bytes) == Self.unquotedByByte(bytes))
    }

    @Test func generatedBodiesAndSlicesAreUnquotedAsByteByByte() {
        var generator = SeededGenerator(state: 2019_05_15)
        for _ in 0..<10_000 {
            let count = Int.random(in: 0...12, using: &generator)
            let bytes = Array((0..<count).map { _ in Self.pieces.randomElement(using: &generator)! }.joined().utf8)
            // A slice that does not start at 0, as the splitter passes a message's body.
            let start = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &generator)
            let slice = bytes[start...]
            let unquoted = MboxSplitter.unquoteFromLines(slice)
            let expected = Self.unquotedByByte(slice)
            #expect(unquoted == expected, "\(String(decoding: slice, as: UTF8.self).debugDescription)")
            if unquoted != expected { return }
        }
    }
}
