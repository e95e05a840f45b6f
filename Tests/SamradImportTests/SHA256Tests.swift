import Foundation
import SamradImport
import SamradTestSupport
import Testing

/// The digests that name stored attachments and find duplicates: the standard's test vectors, and `sha256sum`'s
/// digests of generated data of every length around the 64-byte block.
@Suite("SHA-256")
struct SHA256Tests {
    @Test func theStandardsVectorsGiveTheirDigests() {
        #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Data(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func generatedDataHasTheDigestSha256sumGives() throws {
        var generator = SeededGenerator(state: 20_261_201)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("samrad-sha256-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lengths = Array(0...130) + [1000, 4095, 4096, 4097, 65_537, 300_000]
        var files: [String] = []
        var expected: [String: String] = [:]
        for length in lengths {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let name = "data-\(length)"
            try data.write(to: folder.appendingPathComponent(name))
            files.append(name)
            expected[name] = SHA256.hex(data)
        }
        let sums = try TestPaths.run("/usr/bin/env", ["sha256sum"] + files, in: folder)
        #expect(sums.status == 0, "\(sums.error)")
        let lines = sums.output.split(separator: "\n")
        #expect(lines.count == files.count)
        for line in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let name = String(fields[1])
            #expect(expected[name] == String(fields[0]), "\(name)")
        }
    }
}
