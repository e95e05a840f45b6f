import Testing

@testable import SamradPortal

@Suite("Signing forms")
struct SecretTests {
    // RFC 4231, test cases 2 and 6 (a key longer than the hash's block).
    @Test func hmacSHA256GivesTheRFC4231Values() {
        #expect(
            Secret(bytes: Array("Jefe".utf8)).sign("what do ya want for nothing?")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            Secret(bytes: [UInt8](repeating: 0xAA, count: 131)).sign("Test Using Larger Than Block-Size Key - Hash Key First")
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func textsAreEqualOnlyWhenTheyAreTheSame() {
        #expect(Secret.equal("abc", "abc"))
        #expect(!Secret.equal("abc", "abd"))
        #expect(!Secret.equal("abc", "abcd"))
        #expect(!Secret.equal("", "a"))
    }
}
