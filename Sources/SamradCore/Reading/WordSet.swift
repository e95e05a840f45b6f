import Foundation

/// A set of words, as `Set<String>`, whose `contains` reads a word of at most 16 ASCII bytes — a folded word, as the
/// reader has them — from its bytes, without hashing a `String`. The reader asks its word lists of every word of every
/// reply; with `Set<String>` that hashing was 6 % of an import's instructions.
///
/// Any other word is looked up in the `Set<String>` itself, so the answers are the set's.
///
/// ```swift
/// let keywords: WordSet = ["malomrade", "mal", "goal"]
/// keywords.contains("mal")   // true
/// ```
public struct WordSet: Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The words.
    public let words: Set<String>
    /// Open addressing over the packed bytes of the members' compositions of 1 to 16 ASCII bytes.
    private let slots: [Key]
    private let shift: UInt64

    /// A word's bytes, packed little-endian into two words; `count` 0 marks an empty slot.
    private struct Key: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0
    }

    /// The set of `words`.
    public init(_ words: some Sequence<String>) {
        self.words = Set(words)
        // Strings are equal when their canonical compositions (NFC) are. An ASCII word is its own, so it equals a
        // member exactly when it is that member's composition: the member itself when ASCII, or e.g. "K" for
        // "\u{212A}" (the Kelvin sign). A member whose composition is not ASCII ("biträder") equals no ASCII word.
        let packed = self.words.compactMap { word in
            Self.key(Array((word.utf8.allSatisfy { $0 < 0x80 } ? word : word.precomposedStringWithCanonicalMapping).utf8))
        }
        guard !packed.isEmpty else {
            slots = []
            shift = 64
            return
        }
        var bits = 1
        while 1 << bits < 4 * packed.count { bits += 1 }
        var slots = [Key](repeating: Key(), count: 1 << bits)
        let mask = (1 << bits) - 1
        for key in packed {
            var slot = Self.hash(key, shift: UInt64(64 - bits))
            while slots[slot].count != 0 { slot = (slot + 1) & mask }
            slots[slot] = key
        }
        self.slots = slots
        self.shift = UInt64(64 - bits)
    }

    public init(arrayLiteral words: String...) {
        self.init(words)
    }

    /// Whether the set has the word.
    public func contains(_ word: String) -> Bool {
        if !slots.isEmpty, let found = word.utf8.withContiguousStorageIfAvailable({ Self.key($0).map(find) }), let found {
            return found
        }
        return words.contains(word)
    }

    public func makeIterator() -> Set<String>.Iterator {
        words.makeIterator()
    }

    public var description: String { words.description }

    private func find(_ key: Key) -> Bool {
        let mask = slots.count - 1
        var slot = Self.hash(key, shift: shift)
        while true {
            let candidate = slots[slot]
            if candidate.count == 0 { return false }
            if candidate == key { return true }
            slot = (slot + 1) & mask
        }
    }

    /// The packed bytes of a word of 1 to 16 ASCII bytes; nil for any other.
    private static func key(_ bytes: [UInt8]) -> Key? {
        bytes.withUnsafeBufferPointer(key)
    }

    /// The packed bytes of a word of 1 to 16 ASCII bytes, byte `i` in bits `8 i` of `low` (`8 (i - 8)` of `high`);
    /// nil for any other.
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> Key? {
        let count = bytes.count
        guard count > 0, count <= 16, let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var low: UInt64 = 0
        var high: UInt64 = 0
        if count >= 8 {
            low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            if count > 8 {
                // The last eight bytes, shifted so that byte 8 comes lowest.
                high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) >> (8 * UInt64(16 - count))
            }
        } else {
            for index in 0..<count { low |= UInt64(base[index]) << (8 * UInt64(index)) }
        }
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return Key(low: low, high: high, count: count)
    }

    private static func hash(_ key: Key, shift: UInt64) -> Int {
        let mixed = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.count)
        return Int((mixed &* 0xFF51_AFD7_ED55_8CCD) >> shift)
    }
}
