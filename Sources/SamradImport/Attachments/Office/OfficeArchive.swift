import Foundation
import SamradCore
import ZIPFoundation

/// A DOCX or ODT opened from memory with ZIPFoundation, whose entries are read within a budget of expanded bytes.
///
/// Each entry's declared size is checked against the budget before it is read (a ZIP bomb says how large it
/// is), and the bytes that come out are counted while they are read: an entry that expands past its declared
/// size (an archive whose sizes lie) is stopped there. So memory stays within the sizes the archive declares.
/// The inflate is ZIPFoundation's, fed only the entry's own compressed bytes, padded to the chunk size it asks
/// for. Left to extract an entry itself, ZIPFoundation 0.9.20 reads on past the entry, waits for more input
/// forever when a deflate stream has not ended by the end of the archive (a stored block longer than what is
/// left), and tells zlib that a short last chunk is a whole one, so zlib reads past it.
final class OfficeArchive {
    private let archive: Archive
    private let bytes: [UInt8]
    private let structure: ZIPStructure
    private var budget: Int

    /// Opens the archive; throws when ZIPFoundation cannot read its directory.
    init(data: Data, budget: Int) throws(OfficeText.Failure) {
        bytes = [UInt8](data)
        structure = try ZIPStructure(bytes)
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .damaged("it is not a readable ZIP archive (\(error))")
        }
        self.budget = budget
    }

    /// Whether the archive has a file at `path`.
    func contains(_ path: String) -> Bool {
        archive[path].map { $0.type == .file } ?? false
    }

    /// The bytes of the file at `path`, or nil when there is none.
    func part(_ path: String) throws(OfficeText.Failure) -> Data? {
        guard let entry = archive[path], entry.type == .file else { return nil }
        guard entry.uncompressedSize <= UInt64(max(0, budget)) else { throw .tooLarge }
        guard let range = structure.dataRanges[path], UInt64(range.count) == entry.compressedSize else {
            throw .damaged("\(path) does not stand where the archive's directory says")
        }
        let compressed = bytes[range]
        var contents = Data()
        let declared = Int(entry.uncompressedSize)
        do {
            let checksum: CRC32
            if entry.isCompressed {
                var served = 0
                checksum = try Data.decompress(size: Int64(compressed.count), bufferSize: 64 * 1024, skipCRC32: false) { _, size in
                    // Only the entry's own bytes: asked for more, the stream did not end where it should have.
                    guard served < compressed.count else {
                        throw OfficeText.Failure.damaged("\(path) ends before its compressed data does")
                    }
                    let start = compressed.startIndex + served
                    var chunk = Data(compressed[start..<min(start + size, compressed.endIndex)])
                    served += chunk.count
                    // ZIPFoundation tells zlib the chunk is `size` bytes long whatever it holds: zeros after the
                    // entry's bytes keep zlib inside memory that is there.
                    if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                    return chunk
                } consumer: { chunk in
                    guard contents.count + chunk.count <= declared else {
                        throw OfficeText.Failure.damaged("\(path) expands to more than the \(declared) bytes the archive says it holds")
                    }
                    contents.append(chunk)
                }
            } else {
                guard compressed.count <= declared else {
                    throw OfficeText.Failure.damaged("\(path) holds more than the \(declared) bytes the archive says it does")
                }
                contents = Data(compressed)
                checksum = contents.crc32(checksum: 0)
            }
            guard checksum == entry.checksum else { throw OfficeText.Failure.damaged("\(path) fails its checksum") }
        } catch let failure as OfficeText.Failure {
            throw failure
        } catch {
            throw .damaged("\(path) cannot be inflated (\(error))")
        }
        budget -= contents.count
        return contents
    }
}

/// The structure of a ZIP archive, checked before ZIPFoundation reads it, and where each entry's data stands.
///
/// ZIPFoundation 0.9.20 trusts the offsets and sizes an archive states: one that points past the end makes its
/// in-memory file trap ("Range requires lowerBound <= upperBound"), and 64-bit sizes can overflow its offset
/// arithmetic. So every structure ZIPFoundation will read is checked here first, as it will read it: the end
/// record it finds (the last one, searching back from the end), the central directory's entries, each local
/// header and data descriptor. ZIP64 is refused: no document needs 4 GB or 65,535 entries.
struct ZIPStructure {
    /// Where an entry's compressed bytes stand, by the entry's name as written (the first of equal names).
    private(set) var dataRanges: [String: Range<Int>] = [:]

    init(_ bytes: [UInt8]) throws(OfficeText.Failure) {
        let length = bytes.count
        guard length >= 22 else { throw .damaged("it is too short to be a ZIP archive") }
        var end = length - 22
        while end >= 0, Self.read32(bytes, at: end) != 0x0605_4B50 { end -= 1 }
        guard end >= 0, let count = Self.read16(bytes, at: end + 10), let size = Self.read32(bytes, at: end + 12),
            let offset = Self.read32(bytes, at: end + 16), let commentLength = Self.read16(bytes, at: end + 20)
        else { throw .damaged("it has no end of central directory record") }
        guard end + 22 + commentLength == length else { throw .damaged("bytes follow its end of central directory record") }
        let zip64 = [(end - 20, UInt32(0x0706_4B50)), (end - 76, UInt32(0x0606_4B50))]
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF, !zip64.contains(where: { Self.read32(bytes, at: $0.0) == $0.1 })
        else { throw .damaged("it uses ZIP64 structures, which no document needs") }
        let directoryEnd = Int(offset) + Int(size)
        guard directoryEnd <= end else { throw .damaged("its central directory does not fit in the file") }
        var position = Int(offset)
        for _ in 0..<count {
            guard Self.read32(bytes, at: position) == 0x0201_4B50, let flags = Self.read16(bytes, at: position + 8),
                let method = Self.read16(bytes, at: position + 10), let compressed = Self.read32(bytes, at: position + 20),
                let uncompressed = Self.read32(bytes, at: position + 24), let nameLength = Self.read16(bytes, at: position + 28),
                let extraLength = Self.read16(bytes, at: position + 30), let entryCommentLength = Self.read16(bytes, at: position + 32),
                let local = Self.read32(bytes, at: position + 42).map(Int.init),
                position + 46 + nameLength + extraLength + entryCommentLength <= directoryEnd
            else { throw .damaged("its central directory is damaged") }
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw .damaged("it uses ZIP64 structures, which no document needs")
            }
            let name = String(decoding: bytes[position + 46..<position + 46 + nameLength], as: UTF8.self)
            guard Self.read32(bytes, at: local) == 0x0403_4B50, let localName = Self.read16(bytes, at: local + 26),
                let localExtra = Self.read16(bytes, at: local + 28)
            else { throw .damaged("the entry \(InputEcho.quote(name)) does not stand where the directory says") }
            // ZIPFoundation measures a stored entry by its uncompressed size, a compressed one by its compressed size.
            let dataStart = local + 30 + localName + localExtra
            let dataEnd = dataStart + Int(method == 0 ? uncompressed : compressed)
            let descriptorEnd = flags & 0x08 != 0 ? dataEnd + 16 : dataEnd
            guard method != 0 || compressed == uncompressed, dataStart + Int(compressed) <= end, descriptorEnd <= length else {
                throw .damaged("the entry \(InputEcho.quote(name)) does not fit in the file")
            }
            if dataRanges[name] == nil { dataRanges[name] = dataStart..<dataStart + Int(compressed) }
            position += 46 + nameLength + extraLength + entryCommentLength
        }
    }

    private static func read16(_ bytes: [UInt8], at position: Int) -> Int? {
        guard position >= 0, position + 2 <= bytes.count else { return nil }
        return Int(bytes[position]) | Int(bytes[position + 1]) << 8
    }

    private static func read32(_ bytes: [UInt8], at position: Int) -> UInt32? {
        guard position >= 0, position + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[position + $1]) << (8 * UInt32($1)) }
    }
}
