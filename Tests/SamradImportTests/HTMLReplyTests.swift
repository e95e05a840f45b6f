import Foundation
import Testing

@testable import SamradImport

@Suite("HTML replies: the sender's own text")
struct HTMLReplyTests {
    /// Words of the quoted mailout, its attribution and header block: none may be left in a reply's own text.
    static let quoteWords = [
        "Begäran om synpunkter", "Diarienummer", "Kommunstyrelsen ber", "Svara senast", "Vi tillstyrker förslaget ...",
        "Kommunledningskontoret", "samrad+", "skrev", "Från:", "Skickat:", "Ämne:",
    ]

    @Test(
        "Each client's HTML-only reply keeps the answer and loses the quoted mailout and the signature",
        arguments: [
            (
                "outlook-web-html.eml",
                "Hej!\n\nSocialnämnden tillstyrker målområde 2 men avstyrker målområde 4 i sin nuvarande lydelse.",
                ["Erik Lund", "Med vänlig hälsning", "Socialförvaltningen"]
            ),
            (
                "outlook-desktop-html.eml",
                """
                Hej,

                Tekniska nämnden har behandlat förslaget och lämnar följande synpunkter:
                - Målområde 1: nämnden tillstyrker.
                - Målområde 3: nämnden avstår.
                """,
                ["Maria Öberg", "Med vänliga hälsningar", "Tekniska förvaltningen"]
            ),
            (
                "gmail-html.eml",
                """
                Hej,

                Barn- och utbildningsnämnden tillstyrker målområde 1 och 2.

                Målområde 3 behöver en tydligare koppling till elevhälsan, men nämnden avstår från att ta ställning till det.
                """,
                ["Anna Berg", "--", "Barn- och utbildningsförvaltningen"]
            ),
            (
                "apple-mail-html.eml",
                "Hej,\n\nHemsta Energi AB tillstyrker målområde 1. Bolaget avstår från att yttra sig om målområde 3.",
                ["Johan Ek", "Vänliga hälsningar", "010-123 45 67"]
            ),
            (
                "thunderbird-html.eml",
                """
                Hej,

                Kultur- och fritidsnämnden tillstyrker målområde 3. Kunskap, hälsa och fritid.

                Till de övriga målområdena har nämnden inga synpunkter.
                """,
                ["Lena Holm", "--", "Kultur- och fritidsförvaltningen"]
            ),
        ]
    )
    func ownText(fixture: String, answer: String, signature: [String]) throws {
        let mail = try MailReader.parse(MailFixture.data(fixture))
        #expect(mail.text == answer)
        for word in Self.quoteWords + signature {
            #expect(!mail.text.contains(word), "\(fixture) keeps \"\(word)\"")
        }
        #expect(mail.warnings.isEmpty, "\(mail.warnings)")
    }

    @Test(
        "Quotes and signatures in each client's form go; answers around them stay",
        arguments: [
            (
                "Gmail, an answer interleaved between quoted parts",
                """
                <div dir="ltr">Se nedan.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Thu, Apr 11, 2019 at 8:00 AM \
                Kommunledningskontoret &lt;samrad@kommun.example&gt; wrote:<br></div><blockquote class="gmail_quote">Målområde 1. Hållbar \
                tillväxt</blockquote><div>Vi tillstyrker målområde 1.</div><blockquote class="gmail_quote">Målområde 2. Utbildning</blockquote>\
                <div>Vi avstyrker målområde 2.</div></div>
                """,
                "Se nedan.\n\nVi tillstyrker målområde 1.\n\nVi avstyrker målområde 2."
            ),
            (
                "Apple Mail, the attribution before the blockquote",
                """
                <body>Nämnden avstår.<div><br></div><div>On 11 Apr 2019, at 08:00, Kommunledningskontoret &lt;samrad@kommun.example&gt; \
                wrote:</div><br class="Apple-interchange-newline"><blockquote type="cite"><div>Till nämnden</div></blockquote></body>
                """,
                "Nämnden avstår."
            ),
            (
                "Outlook, an <hr> and a header block in English",
                """
                <div>We support goal area 2.</div><hr><p><b>From:</b> Kommunledningskontoret<br><b>Sent:</b> Thursday, April 11, 2019 \
                8:00 AM<br><b>To:</b> Bolaget<br><b>Subject:</b> Begäran om synpunkter</p><p>Till Bolaget</p>
                """,
                "We support goal area 2."
            ),
            (
                "Outlook, an <hr> with no header block after it is a rule, not a quote",
                "<p>Nämnden tillstyrker.</p><hr><p>Bilaga: protokollsutdrag.</p>",
                "Nämnden tillstyrker.\n\nBilaga: protokollsutdrag."
            ),
            (
                "Outlook, an OutlookMessageHeader",
                """
                <p>Nämnden avstyrker målområde 4.</p><div class="OutlookMessageHeader"><b>Från:</b> Kommunledningskontoret</div><p>Till \
                nämnden</p>
                """,
                "Nämnden avstyrker målområde 4."
            ),
            (
                "Gmail, a forwarded message is the answer passed on, not a quote",
                """
                <div dir="ltr">För kännedom.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message \
                ---------<br>Från: <strong>Lars Nyström</strong> &lt;lars@vn.kommun.example&gt;<br>Date: tors 2 maj 2019 kl 16:05<br>\
                Subject: SV: Begäran om synpunkter<br>To: Eva Holm &lt;eva@vn.kommun.example&gt;<br></div><br><br><div dir="ltr">\
                Vård- och omsorgsnämnden tillstyrker målområde 3.</div></div></div>
                """,
                """
                För kännedom.

                ---------- Forwarded message ---------
                Från: Lars Nyström <lars@vn.kommun.example>
                Date: tors 2 maj 2019 kl 16:05
                Subject: SV: Begäran om synpunkter
                To: Eva Holm <eva@vn.kommun.example>

                Vård- och omsorgsnämnden tillstyrker målområde 3.
                """
            ),
            (
                "Apple Mail, a forwarded message in a cite blockquote stays",
                """
                <body>Vidarebefordrar.<div><br><div>Början av vidarebefordrat brev:</div><br class="Apple-interchange-newline">\
                <blockquote type="cite"><div><b>Från: </b>Lars Nyström</div><div>Nämnden tillstyrker.</div></blockquote></div></body>
                """,
                "Vidarebefordrar.\n\nBörjan av vidarebefordrat brev:\n\nFrån: Lars Nyström\nNämnden tillstyrker."
            ),
        ]
    )
    func quoteForms(label: String, html: String, text: String) {
        #expect(HTMLText.plainText(fromHTML: html) == text, "\(label)")
    }

    @Test("An Outlook forward keeps the message passed on and its header block, from which the reader tells whose it is")
    func outlookForward() throws {
        let message = """
            From: Registrator KFN <registrator@kfn.kommun.example>
            To: <samrad@kommun.example>
            Subject: VB: Yttrande KFN över nya mål, Dnr KS 2019/017
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8

            <p class=MsoNormal>Vidarebefordrar nämndens svar.</p><p class=MsoNormal><a name="_MailAutoSig">Registrator KFN</a></p>\
            <div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class=MsoNormal><b>Från:</b> \
            Elin Söderberg &lt;elin.soderberg@kommun.example&gt;<br><b>Skickat:</b> den 17 april 2019 16:05<br><b>Till:</b> \
            Kultur- och fritidsnämnden<br><b>Ämne:</b> Yttrande KFN</p></div></div><p class=MsoNormal>Nämnden beslutade att \
            tillstyrka målområde 3.</p>

            """
        let mail = try MailReader.parse(Data(message.utf8))
        #expect(
            mail.text == """
                Vidarebefordrar nämndens svar.
                Registrator KFN
                Från: Elin Söderberg <elin.soderberg@kommun.example>
                Skickat: den 17 april 2019 16:05
                Till: Kultur- och fritidsnämnden
                Ämne: Yttrande KFN
                Nämnden beslutade att tillstyrka målområde 3.
                """
        )
        let reply = try MailReader.parse(Data(message.replacingOccurrences(of: "Subject: VB:", with: "Subject: SV: VB:").utf8))
        #expect(reply.text == "Vidarebefordrar nämndens svar.")
    }

    @Test(
        "A subject forwards when its first prefix is a forward's",
        arguments: [
            ("VB: Yttrande KFN", true), ("Fwd: Svar på remiss", true), ("FW:Remissvar", true), ("Vb: SV: Begäran", true),
            ("WG: Stellungnahme", true), ("SV: VB: Yttrande", false), ("Re: Begäran", false), ("Vidarebefordran av svar", false),
            ("Yttrande: målområde 2", false),
        ]
    )
    func forwardSubjects(subject: String, isForward: Bool) {
        #expect(ForwardSubject.isForward(subject) == isForward)
    }

    @Test("Headings, lists and tables keep the structure the reader needs")
    func structure() {
        let html = """
            <h2>Målområde 2</h2><p>Nämnden tillstyrker.</p><ol start="3"><li>Första</li><li>Andra<ul><li>under</li></ul></li></ol>\
            <ul><li>&bull; punkt</li></ul><table><tr><th>Mål</th><th>Ställning</th></tr><tr><td><p>1</p></td><td>Tillstyrker<br>helt\
            </td></tr><tr><td></td><td></td></tr></table><p>Slut.</p>
            """
        #expect(
            HTMLText.plainText(fromHTML: html)
                == "Målområde 2\n\nNämnden tillstyrker.\n\n3. Första\n4. Andra\n- under\n\n- • punkt\n\nMål | Ställning\n1 | Tillstyrker helt\n\nSlut."
        )
    }

    @Test(
        "HTML made to cost is converted in time: many quotes, rules, unclosed attributions and cells",
        arguments: [
            String(repeating: "x<blockquote type=cite>q</blockquote><hr>", count: 20000),
            String(repeating: "<div class=gmail_attr>", count: 50000),
            String(repeating: "<blockquote type=cite>", count: 50000),
            String(repeating: "<table><tr><td>a<td>b", count: 20000),
        ]
    )
    func costlyHTML(html: String) {
        let start = ContinuousClock.now
        let text = HTMLText.plainText(fromHTML: html)
        // About half a second each here in a debug build; a quadratic pass took 8 to 24 seconds.
        #expect(ContinuousClock.now - start < .seconds(5), "\(html.prefix(40))… gave \(text.utf8.count) bytes")
    }
}
