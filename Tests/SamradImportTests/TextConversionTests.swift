import Foundation
import Testing

@testable import SamradImport

@Suite("Text conversions")
struct TextConversionTests {
    @Test("format=flowed: soft breaks join, quote depths stay apart, the signature separator never joins")
    func flowed() {
        let text = "Ett \ntv\u{E5}.\n> citat \n> forts\u{E4}tter\n>> djupare\n -- \nsignatur \nslut"
        #expect(FlowedText.unwrap(text, deleteSpace: false) == "Ett tv\u{E5}.\n> citat forts\u{E4}tter\n>> djupare\n-- \nsignatur slut")
        #expect(FlowedText.unwrap("ab \ncd", deleteSpace: true) == "abcd")
    }

    @Test(
        "HTML: Outlook's empty paragraphs become blank lines; comments, conditional comments and styles vanish; a table row's cells stand apart"
    )
    func outlookHTML() {
        let html = """
            <html><head><style>p {margin:0}</style></head><body><!--[if gte mso 9]><xml>x</xml><![endif]-->
            <p class=MsoNormal>Hej,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>
            <p class=MsoNormal>N&auml;mnden&nbsp;tillstyrker &#8211; se <a href="x">bilaga</a>.</p>
            <table><tr><td>M&aring;l 1</td><td>tillstyrker</td></tr></table><pre>  rad 1
              rad 2</pre>&unknown; 3 &lt; 4 &#150;</body></html>
            """
        #expect(
            HTMLText.plainText(fromHTML: html)
                == "Hej,\n\nNämnden tillstyrker – se bilaga.\n\nMål 1 | tillstyrker\n\nrad 1\nrad 2\n&unknown; 3 < 4 –"
        )
    }

    @Test("Charsets: ISO-8859-1 is read as Windows-1252; a wrong label falls back to UTF-8")
    func charsets() {
        let outlook = Data([0x96, 0x20, 0xE5])
        #expect(Charset.decodeText(outlook, declared: "iso-8859-1").text == "– å")
        let mislabelled = Data("målområde".utf8)
        let decoded = Charset.decodeText(mislabelled, declared: "us-ascii")
        #expect(decoded.text == "målområde")
        #expect(Charset.decodeHeader([0x6D, 0xE5, 0x6C], declared: []) == nil)
        #expect(Charset.decodeHeader([0x6D, 0xE5, 0x6C], declared: ["iso-8859-1"]) == "mål")
        #expect(Charset.decodeHeader([0x6D, 0x81, 0x6C], declared: ["windows-1252"]) == nil)
    }
}
