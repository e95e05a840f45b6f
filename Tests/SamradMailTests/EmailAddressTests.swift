import Foundation
import SamradCore
import Testing

@Suite("EmailAddress")
struct EmailAddressTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let localPart: String
        let domain: String
        let asciiDomain: String
        var testDescription: String { text }
    }

    @Test(
        "accepts addr-specs and converts the domain to A-labels",
        arguments: [
            Valid(text: "bun@kommun.example", localPart: "bun", domain: "kommun.example", asciiDomain: "kommun.example"),
            Valid(
                text: "\"quoted name\"@kommun.example", localPart: "\"quoted name\"", domain: "kommun.example",
                asciiDomain: "kommun.example"),
            Valid(
                text: "\"a@b \\\" c\"@kommun.example", localPart: "\"a@b \\\" c\"", domain: "kommun.example",
                asciiDomain: "kommun.example"),
            Valid(
                text: "a.b+tag@sub.kommun.example", localPart: "a.b+tag", domain: "sub.kommun.example",
                asciiDomain: "sub.kommun.example"),
            Valid(
                text: "x!#$%&'*/=?^_`{|}~-y@kommun.example", localPart: "x!#$%&'*/=?^_`{|}~-y", domain: "kommun.example",
                asciiDomain: "kommun.example"),
            // Expected A-labels computed with Python: "kommunå".encode("idna") == b"xn--kommun-nua".
            Valid(
                text: "info@kommunå.example", localPart: "info", domain: "kommunå.example",
                asciiDomain: "xn--kommun-nua.example"),
            // Python: "münchen".encode("idna") == b"xn--mnchen-3ya".
            Valid(
                text: "user@münchen.example", localPart: "user", domain: "münchen.example",
                asciiDomain: "xn--mnchen-3ya.example"),
            // Upper case (ASCII and Unicode) is lower-cased before conversion; the written form stays.
            Valid(
                text: "Info@KOMMUNÅ.Example", localPart: "Info", domain: "KOMMUNÅ.Example",
                asciiDomain: "xn--kommun-nua.example"),
            // A decomposed "å" (a + U+030A) is normalised to NFC first, so it gives the same A-label.
            Valid(
                text: "info@kommuna\u{30A}.example", localPart: "info", domain: "kommuna\u{30A}.example",
                asciiDomain: "xn--kommun-nua.example"),
            // An A-label written out is kept (lower-cased).
            Valid(
                text: "info@XN--kommun-nua.example", localPart: "info", domain: "XN--kommun-nua.example",
                asciiDomain: "xn--kommun-nua.example"),
            Valid(
                text: "a@sankt-anna.x1.example", localPart: "a", domain: "sankt-anna.x1.example",
                asciiDomain: "sankt-anna.x1.example"),
        ]
    )
    func valid(_ row: Valid) throws {
        let address = try EmailAddress(row.text)
        #expect(address.localPart == row.localPart)
        #expect(address.domain == row.domain)
        #expect(address.asciiDomain == row.asciiDomain)
        #expect(address.ascii == row.localPart + "@" + row.asciiDomain)
        #expect(address.normalized == row.localPart + "@" + row.asciiDomain)
        #expect(address.description == row.text)
    }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let text: String
        /// A phrase the reason must contain: it says what is wrong.
        let says: String
        var testDescription: String { InputEcho.quote(text) }
    }

    static let sixtyFiveOctets = String(repeating: "a", count: 65)

    @Test(
        "rejects what is not a bare addr-spec, saying why",
        arguments: [
            Invalid(text: "", says: "empty"),
            Invalid(text: "bun.kommun.example", says: "has no '@'"),
            Invalid(text: "a@b@kommun.example", says: "more than one '@'"),
            Invalid(text: "a..b@x.example", says: "two dots in a row"),
            Invalid(text: ".a@x.example", says: "dot at its start or end"),
            Invalid(text: "a.@x.example", says: "dot at its start or end"),
            Invalid(text: "a@x", says: "single label"),
            Invalid(text: "a@-x.example", says: "starts or ends with a hyphen"),
            Invalid(text: "a@x-.example", says: "starts or ends with a hyphen"),
            Invalid(text: "a@x..example", says: "has an empty label"),
            Invalid(text: "a@x.example.", says: "has an empty label"),
            Invalid(text: "a@x.example\r\nBcc: evil@x.example", says: "line break"),
            Invalid(text: "a@x.example\n", says: "line break"),
            Invalid(text: "a\u{0}@x.example", says: "control character U+0000"),
            Invalid(text: "a@x.exa\u{85}mple", says: "control character U+0085"),
            Invalid(text: "a\tb@x.example", says: "control character U+0009"),
            Invalid(text: " a@b.example", says: "leading white space"),
            Invalid(text: "a@b.example ", says: "trailing white space"),
            Invalid(text: "a b@x.example", says: "not allowed unquoted"),
            Invalid(text: "a@x .example", says: "white space"),
            Invalid(text: "åsa@kommun.example", says: "non-ASCII"),
            Invalid(text: "\"åsa\"@kommun.example", says: "non-ASCII"),
            Invalid(text: sixtyFiveOctets + "@kommun.example", says: "65 octets"),
            Invalid(text: "Åsa <asa@kommun.example>", says: "'<' or '>'"),
            Invalid(text: "<asa@kommun.example>", says: "'<' or '>'"),
            Invalid(text: "asa(comment)@kommun.example", says: "comments are not accepted"),
            Invalid(text: "asa@(comment)kommun.example", says: "comment"),
            Invalid(text: "asa@[192.0.2.1]", says: "domain literal"),
            Invalid(text: "asa@192.0.2.1", says: "all-digit label"),
            Invalid(text: "\"unclosed@kommun.example", says: "no closing"),
            Invalid(text: "\"a\"b@kommun.example", says: "where '@' must come"),
            Invalid(text: "a,b@kommun.example", says: "',', which is not allowed unquoted"),
            Invalid(text: "a@kom_mun.example", says: "contains '_'"),
            Invalid(text: "a@kommun.example;b", says: "contains ';'"),
            Invalid(text: "a@xn--zz.example", says: "not valid Punycode"),
            Invalid(text: "a@" + String(repeating: "x", count: 64) + ".example", says: "64 octets long as an A-label"),
            Invalid(
                text: "a@" + Array(repeating: String(repeating: "x", count: 60), count: 5).joined(separator: ".") + ".example",
                says: "at most 254"),
        ]
    )
    func invalid(_ row: Invalid) {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress(row.text) }
        let reason = error?.reason ?? ""
        #expect(reason.contains(row.says), "reason: \(reason)")
        // The reason never carries a raw line break or control character from the input.
        let hasControl = reason.unicodeScalars.contains(where: \.isControlCharacter)
        #expect(!hasControl, "reason: \(reason)")
    }

    @Test func reasonForEmptyLabelNamesTheDomainAndTheFix() {
        let error = #expect(throws: EmailAddressError.self) { try EmailAddress("a@kommun..example") }
        #expect(
            error?.reason == "the domain part 'kommun..example' has an empty label; write it like 'name@kommun.example'")
        #expect(error?.description.hasPrefix("invalid email address: ") == true)
    }

    @Test func sixtyFourOctetLocalPartIsTheLimit() throws {
        let local = String(repeating: "a", count: 64)
        #expect(try EmailAddress(local + "@kommun.example").localPart == local)
    }

    @Test func equalityHashAndOrderUseTheNormalizedForm() throws {
        let written = try EmailAddress("Bun@KOMMUNÅ.example")
        let aLabel = try EmailAddress("Bun@xn--kommun-nua.example")
        let otherCase = try EmailAddress("bun@kommunå.example")
        #expect(written == aLabel)
        #expect(Set([written, aLabel]).count == 1)
        #expect(written != otherCase, "the local part is case-sensitive")
        let sorted = try ["c@kommun.example", "a@kommun.example", "b@KOMMUN.example"].map(EmailAddress.init).sorted()
        #expect(sorted.map(\.localPart) == ["a", "b", "c"])
    }

    @Test func codableIsOneStringAndDecodingValidates() throws {
        let address = try EmailAddress("info@kommunå.example")
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["info@kommunå.example"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: data) == [address])

        let bad = Data(#"["a@x.example\r\nBcc: evil@x.example"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EmailAddress].self, from: bad) }
    }

    @Test func mailboxKeepsNameAndAddress() throws {
        let mailbox = Mailbox(name: "Åsa Öhman", address: try EmailAddress("asa.ohman@kommun.example"))
        #expect(mailbox.name == "Åsa Öhman")
        #expect(mailbox.address.ascii == "asa.ohman@kommun.example")
    }
}

@Suite("Punycode")
struct PunycodeTests {
    struct Sample: Sendable, CustomTestStringConvertible {
        let unicode: String
        let punycode: String
        var testDescription: String { punycode }
    }

    /// RFC 3492 §7.1 samples (A)–(S). Inputs from CPython's Lib/test/test_codecs.py; every
    /// expected value is the output of Python's `codecs.encode(label, "punycode")`, which writes
    /// lower-case digits where the RFC's text shows mixed-case annotations.
    static let samples: [Sample] = rawSamples.map { Sample(unicode: $0.0, punycode: $0.1) }

    private static let rawSamples: [(String, String)] = [
        (
            "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}",
            "egbpdaj6bu4bxfgehfvwxn"
        ),
        ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
        ("\u{4ED6}\u{5011}\u{7232}\u{4EC0}\u{9EBD}\u{4E0D}\u{8AAA}\u{4E2D}\u{6587}", "ihqwctvzc91f659drss3x8bo0yb"),
        ("Pro\u{10D}prost\u{11B}nemluv\u{ED}\u{10D}esky", "Proprostnemluvesky-uyb24dma41a"),
        (
            "\u{5DC}\u{5DE}\u{5D4}\u{5D4}\u{5DD}\u{5E4}\u{5E9}\u{5D5}\u{5D8}\u{5DC}\u{5D0}\u{5DE}\u{5D3}\u{5D1}\u{5E8}\u{5D9}\u{5DD}\u{5E2}\u{5D1}\u{5E8}\u{5D9}\u{5EA}",
            "4dbcagdahymbxekheh6e0a7fei0b"
        ),
        (
            "\u{92F}\u{939}\u{932}\u{94B}\u{917}\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}\u{915}\u{94D}\u{92F}\u{94B}\u{902}\u{928}\u{939}\u{940}\u{902}\u{92C}\u{94B}\u{932}\u{938}\u{915}\u{924}\u{947}\u{939}\u{948}\u{902}",
            "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd"
        ),
        (
            "\u{306A}\u{305C}\u{307F}\u{3093}\u{306A}\u{65E5}\u{672C}\u{8A9E}\u{3092}\u{8A71}\u{3057}\u{3066}\u{304F}\u{308C}\u{306A}\u{3044}\u{306E}\u{304B}",
            "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa"
        ),
        (
            "\u{C138}\u{ACC4}\u{C758}\u{BAA8}\u{B4E0}\u{C0AC}\u{B78C}\u{B4E4}\u{C774}\u{D55C}\u{AD6D}\u{C5B4}\u{B97C}\u{C774}\u{D574}\u{D55C}\u{B2E4}\u{BA74}\u{C5BC}\u{B9C8}\u{B098}\u{C88B}\u{C744}\u{AE4C}",
            "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c"
        ),
        (
            "\u{43F}\u{43E}\u{447}\u{435}\u{43C}\u{443}\u{436}\u{435}\u{43E}\u{43D}\u{438}\u{43D}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44F}\u{442}\u{43F}\u{43E}\u{440}\u{443}\u{441}\u{441}\u{43A}\u{438}",
            "b1abfaaepdrnnbgefbadotcwatmq2g4l"
        ),
        ("Porqu\u{E9}nopuedensimplementehablarenEspa\u{F1}ol", "PorqunopuedensimplementehablarenEspaol-fmd56a"),
        (
            "T\u{1EA1}isaoh\u{1ECD}kh\u{F4}ngth\u{1EC3}ch\u{1EC9}n\u{F3}iti\u{1EBF}ngVi\u{1EC7}t",
            "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g"
        ),
        ("3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
        ("\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS", "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n"),
        ("Hello-Another-Way-\u{305D}\u{308C}\u{305E}\u{308C}\u{306E}\u{5834}\u{6240}", "Hello-Another-Way--fc4qua05auwb3674vfr0b"),
        ("\u{3072}\u{3068}\u{3064}\u{5C4B}\u{6839}\u{306E}\u{4E0B}2", "2-u9tlzr9756bt3uc0v"),
        ("Maji\u{3067}Koi\u{3059}\u{308B}5\u{79D2}\u{524D}", "MajiKoi5-783gue6qz075azm5e"),
        ("\u{30D1}\u{30D5}\u{30A3}\u{30FC}de\u{30EB}\u{30F3}\u{30D0}", "de-jg4avhby1noc0d"),
        ("\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}", "d9juau41awczczp"),
        ("-> $1.00 <-", "-> $1.00 <--"),
        // Swedish and German labels; Python: codecs.encode("kommunå", "punycode") == b"kommun-nua".
        ("kommunå", "kommun-nua"),
        ("münchen", "mnchen-3ya"),
        ("bücher", "bcher-kva"),
    ]

    @Test("encodes the RFC 3492 samples as Python does", arguments: samples)
    func encode(_ sample: Sample) {
        #expect(Punycode.encode(sample.unicode) == sample.punycode)
    }

    @Test("decodes the RFC 3492 samples back", arguments: samples)
    func decode(_ sample: Sample) {
        #expect(Punycode.decode(sample.punycode) == sample.unicode)
    }

    @Test func decodeAcceptsUpperCaseDigits() {
        #expect(Punycode.decode("KOMMUN-NUA") == "KOMMUNå")
    }

    @Test func decodeRejectsInvalidInput() {
        #expect(Punycode.decode("zz") == nil, "ends in the middle of a number")
        #expect(Punycode.decode("a-ö") == nil, "non-ASCII input")
        #expect(Punycode.decode("a-!") == nil, "not a base-36 digit")
        #expect(Punycode.decode(String(repeating: "9", count: 40)) == nil, "overflows 32 bits")
    }
}
