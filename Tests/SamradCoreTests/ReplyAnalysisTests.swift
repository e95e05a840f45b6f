import SamradCore
import Testing

/// The goal areas of the round `mal-2019`.
let goalAreas = [
    GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"),
    GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
    GoalArea(id: 3, title: "Kunskap, hälsa och fritid"),
    GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
]

/// Our mailout as a reply quotes it, `>`-marked.
let quotedMailout = """
    > Till Fritidsnämnden
    >
    > Begäran om synpunkter: Nya mål för mandatperioden
    > Diarienummer: KS 2019/017
    >
    > Kommunstyrelsen ber Fritidsnämnden om synpunkter på förslaget till nya mål för mandatperioden. Synpunkterna lämnas per målområde:
    >
    >   Målområde 1. Hållbar tillväxt och samhällsplanering
    >   Målområde 2. Utbildning, arbete och näringsliv
    >   Målområde 3. Kunskap, hälsa och fritid
    >   Målområde 4. Delaktighet, tillgänglighet och trygghet
    >
    > Svara senast fredag den 17 maj 2019, helst genom att svara på det här meddelandet. Skriv målområdets nummer före varje synpunkt och om ni tillstyrker, avstyrker eller avstår, till exempel "Målområde 2: Vi tillstyrker förslaget ...".
    >
    > Med vänliga hälsningar
    > Kommunledningskontoret
    > samrad@kommun.example
    """

/// Our mailout as Outlook quotes it: unmarked, below a header block.
let outlookQuote = """
    ________________________________
    Från: Kommunledningskontoret <kansli@kommun.example>
    Skickat: den 11 april 2019 08:00
    Till: Barn- och utbildningsnämnden <bun@kommun.example>
    Ämne: [KS 2019/017] Begäran om synpunkter: Nya mål för mandatperioden

    Till Barn- och utbildningsnämnden

    Kommunstyrelsen ber Barn- och utbildningsnämnden om synpunkter på förslaget till nya mål för mandatperioden. Synpunkterna lämnas per målområde:

      Målområde 1. Hållbar tillväxt och samhällsplanering
      Målområde 2. Utbildning, arbete och näringsliv

    Skriv målområdets nummer före varje synpunkt och om ni tillstyrker, avstyrker eller avstår.

    Med vänliga hälsningar
    Kommunledningskontoret
    """

// MARK: - Stances

@Suite("Reading stances")
struct StanceReaderTests {
    @Test(
        "Swedish wordings",
        arguments: [
            ("Nämnden tillstyrker förslaget.", Stance.supports),
            ("TILLSTYRKER", .supports),
            ("Förslaget tillstyrks i sin helhet.", .supports),
            ("Namnden staller sig bakom forslaget.", .supports),
            ("Därför ställer sig nämnden bakom förslaget.", .supports),
            ("Nämnden ställer sig helt och fullt bakom förslaget.", .supports),
            ("Nämnden ställer sig positiv till förslaget.", .supports),
            ("Nämnden stödjer förslaget.", .supports),
            ("Nämnden avstyrker förslaget.", .opposes),
            ("Förslaget avstyrks.", .opposes),
            ("Nämnden motsätter sig förslaget om avgifter.", .opposes),
            ("Nämnden beslutar att varken tillstyrka eller avstyrka förslaget.", .neutral),
            ("Nämnden varken tillstyrker eller avstyrker.", .neutral),
            ("Nämnden ställer sig varken för eller emot förslaget.", .neutral),
            ("Varken eller.", .neutral),
            ("Nämnden AVSTÅR från att yttra sig.", .declines),
            ("Vi avstår.", .declines),
            ("Nämnden avstår från yttrande i ärendet.", .declines),
        ] as [(String, Stance)])
    func swedish(text: String, expected: Stance) {
        #expect(StanceReader.stance(in: text) == expected)
    }

    @Test(
        "Decisions on ambiguous wordings",
        arguments: [
            // No objection is support; no comments is declining.
            ("Nämnden har inget att invända mot förslaget.", Stance.supports),
            ("Nämnden har inget att erinra mot förslaget.", .supports),
            ("Nämnden har inga synpunkter på förslaget.", .declines),
            ("Vi har inte några synpunkter.", .declines),
            ("Nämnden är positiv till förslaget.", .supports),
            // Reservations keep the stance; a partial stance is neutral.
            ("Nämnden tillstyrker förslaget med vissa förbehåll.", .supports),
            ("Nämnden tillstyrker förslaget i stort.", .supports),
            ("Nämnden tillstyrker förslaget delvis.", .neutral),
            ("Nämnden kan delvis tillstyrka förslaget.", .neutral),
            ("Nämnden avstyrker till viss del förslaget.", .neutral),
            ("Nämnden anser inte att målen är realistiska.", .opposes),
        ] as [(String, Stance)])
    func ambiguous(text: String, expected: Stance) {
        #expect(StanceReader.stance(in: text) == expected)
    }

    @Test(
        "Negations turn the stance round",
        arguments: [
            ("Nämnden kan inte tillstyrka förslaget i dess nuvarande form.", Stance.opposes),
            ("Nämnden kan därför inte tillstyrka förslaget.", .opposes),
            ("Nämnden tillstyrker inte förslaget.", .opposes),
            ("Nämnden tillstyrker ej förslaget.", .opposes),
            ("Nämnden kan inte\ntillstyrka förslaget.", .opposes),
            ("Nämnden kan inte ställa sig bakom förslaget.", .opposes),
            ("Nämnden ställer sig inte bakom skrivningen om fritid.", .opposes),
            ("Nämnden stödjer inte förslaget.", .opposes),
            ("Nämnden avstyrker inte förslaget.", .supports),
            ("Nämnden motsätter sig inte förslaget.", .supports),
            ("Nämnden är inte positiv till förslaget.", .opposes),
            ("Nämnden beslutar att inte tillstyrka förslaget.", .opposes),
            ("Nämnden ser inga skäl att avstyrka förslaget.", .supports),
            ("Nämnden finner ingen anledning att tillstyrka förslaget.", .opposes),
            ("Nämnden ser skäl att avstyrka förslaget.", .opposes),
            // Idioms and other clauses are no negation of the verb.
            ("Nämnden beslutar att tillstyrka förslaget.", .supports),
            ("Nämnden tillstyrker förslaget inte minst för dess tydlighet.", .supports),
            ("Nämnden kan inte annat än tillstyrka förslaget.", .supports),
            ("Förslaget är inte genomarbetat, men nämnden tillstyrker det.", .supports),
            ("Det är inte bara skolan som berörs och nämnden tillstyrker.", .supports),
        ] as [(String, Stance)])
    func negations(text: String, expected: Stance) {
        #expect(StanceReader.stance(in: text) == expected)
    }

    @Test(
        "English wordings",
        arguments: [
            ("The board supports the proposal.", Stance.supports),
            ("We are in favour of the proposed goals.", .supports),
            ("We do not support the proposed goal.", .opposes),
            ("The committee cannot support goal area 2.", .opposes),
            ("The committee opposes the proposal.", .opposes),
            ("The board neither supports nor opposes the proposal.", .neutral),
            ("The board abstains.", .declines),
            ("The board refrains from commenting.", .declines),
            ("No comments.", .declines),
            ("The board has no objections to the proposal.", .supports),
        ] as [(String, Stance)])
    func english(text: String, expected: Stance) {
        #expect(StanceReader.stance(in: text) == expected)
    }

    @Test(
        "When several stances appear, the first decisive one wins",
        arguments: [
            ("Nämnden tillstyrker målområde 1 men avstyrker målområde 2.", Stance.supports),
            ("Nämnden avstyrker. Nämnden tillstyrker dock målområde 3.", .opposes),
            ("Inga synpunkter på formuleringarna. Nämnden tillstyrker.", .supports),
            ("Nämnden har inget att invända, men avstyrker målet om avgifter.", .opposes),
            ("Nämnden har inga synpunkter. Nämnden har inget att invända.", .declines),
        ] as [(String, Stance)])
    func mixed(text: String, expected: Stance) {
        #expect(StanceReader.stance(in: text) == expected)
    }

    @Test(
        "Texts without a stance",
        arguments: [
            "Vi har läst förslaget.",
            "Ange om ni tillstyrker, avstyrker eller avstår.",
            "Skriv om ni tillstyrker eller avstyrker förslaget.",
            "Nämnden föreslår att kommunen avstår från att bygga ut hamnen.",
            "Styrkorna i förslaget är många och styrker vår bild.",
            "Nämnden stödjer barnens lärande.",
            "We need more support for schools.",
            "Varken lärare eller elever berörs.",
            "",
        ])
    func none(text: String) {
        #expect(StanceReader.stance(in: text) == nil)
    }
}

// MARK: - Own text

@Suite("The reply's own text")
struct ReplyTextTests {
    @Test(
        "Quotes are dropped, per client",
        arguments: [
            (
                "Outlook, top-posted",
                "Hej!\n\nBarn- och utbildningsnämnden tillstyrker förslaget.\n\n" + outlookQuote,
                "Hej!\n\nBarn- och utbildningsnämnden tillstyrker förslaget."
            ),
            (
                "Outlook, Ursprungligt meddelande, CRLF",
                "Nämnden avstyrker förslaget.\r\n\r\n-----Ursprungligt meddelande-----\r\nFrån: Kommunledningskontoret\r\n"
                    + "Skickat: den 11 april 2019 08:00\r\nTill: SN\r\nÄmne: Begäran om synpunkter\r\n\r\nMålområde 1. Hållbar tillväxt\r\n",
                "Nämnden avstyrker förslaget."
            ),
            (
                "Outlook, English",
                "The board supports the proposal.\n\n-----Original Message-----\nFrom: Kommunledningskontoret\n"
                    + "Sent: Thursday, April 11, 2019 8:00 AM\nTo: SN\nSubject: Request\n\nPlease answer.",
                "The board supports the proposal."
            ),
            (
                "Outlook, header block on one line, bold",
                "Inga synpunkter.\n\n*Från:* Kommunledningskontoret *Skickat:* den 11 april 2019 08:00 *Till:* SN *Ämne:* Begäran\nTill Socialnämnden",
                "Inga synpunkter."
            ),
            (
                "Gmail, Swedish, attribution wrapped",
                "Kulturnämnden tillstyrker.\n\nDen tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret <\nkansli@kommun.example>:\n\n"
                    + quotedMailout,
                "Kulturnämnden tillstyrker."
            ),
            (
                "Gmail, English",
                "We support the proposal.\n\nOn Thu, Apr 11, 2019 at 8:00 AM Kommunledningskontoret <kansli@kommun.example> wrote:\n"
                    + quotedMailout,
                "We support the proposal."
            ),
            (
                "Apple Mail",
                "Vi tillstyrker.\n\n> 11 apr. 2019 kl. 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:\n>\n" + quotedMailout,
                "Vi tillstyrker."
            ),
            (
                "Apple Mail, unquoted attribution",
                "Vi tillstyrker.\n\n11 apr. 2019 kl. 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:\n\n" + quotedMailout,
                "Vi tillstyrker."
            ),
            (
                "Thunderbird, bottom-posted",
                "Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n" + quotedMailout
                    + "\n\nFritidsnämnden tillstyrker förslaget.\n\n-- \nPer Persson\nFritidsförvaltningen\n",
                "Fritidsnämnden tillstyrker förslaget."
            ),
            (
                "Interleaved answers",
                "Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n> Synpunkterna lämnas per målområde:\n>\n"
                    + ">   Målområde 1. Hållbar tillväxt och samhällsplanering\n\nInga synpunkter.\n\n"
                    + ">   Målområde 3. Kunskap, hälsa och fritid\nFritidsnämnden tillstyrker.\n> Svara senast fredag den 17 maj 2019.\n",
                "Inga synpunkter.\n\nFritidsnämnden tillstyrker."
            ),
            (
                "An attribution whose quote is not marked: all of it goes",
                "Vi avstyrker.\n\nDen 11 april 2019 kl. 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:\n\nTill Fritidsnämnden\nSvara senast 17 maj.",
                "Vi avstyrker."
            ),
            (
                "Text that merely starts with Från: stays",
                "Från: nämndens sida tillstyrker vi.\nVi ser fram emot dialogen.",
                "Från: nämndens sida tillstyrker vi.\nVi ser fram emot dialogen."
            ),
        ] as [(String, String, String)])
    func quotes(client: String, reply: String, expected: String) {
        #expect(ReplyText.ownText(reply) == expected, "\(client)")
    }

    @Test(
        "Signatures are dropped",
        arguments: [
            (
                "Closing with name, title and phone numbers",
                "Nämnden tillstyrker förslaget.\n\nMed vänlig hälsning\n\nAnna Andersson\nNämndsekreterare, Socialförvaltningen\n"
                    + "Tel. 016-710 00 00\nMobil 070-123 45 67\nanna.andersson@kommun.example\nStadshuset, 631 86 Eskilstuna",
                "Nämnden tillstyrker förslaget."
            ),
            (
                "Closing on the name's line",
                "Inga synpunkter.\n\nHälsningar Anna\n016-710 00 00",
                "Inga synpunkter."
            ),
            (
                "English closing",
                "The board supports the proposal.\n\nKind regards,\nAnna Andersson\nSecretary to the board",
                "The board supports the proposal."
            ),
            (
                "Sig dash",
                "Vi avstyrker.\n-- \nPer Persson\nTekniska förvaltningen\nDetta är en lång rad om något helt annat som fortsätter länge och väl förbi åttio tecken.",
                "Vi avstyrker."
            ),
            (
                "Privacy notice in the signature",
                "Vi tillstyrker.\n\nVänliga hälsningar\nAnna\n\nNär du skickar e-post till kommunen behandlar vi dina personuppgifter enligt dataskyddsförordningen (GDPR).",
                "Vi tillstyrker."
            ),
            (
                "Mobile app line",
                "Vi tillstyrker.\n\nSkickat från min iPhone",
                "Vi tillstyrker."
            ),
            (
                "A PS after the closing keeps the closing",
                "Vi tillstyrker.\n\nHälsningar\nAnna\n\nPS. Nämnden avstyrker dock målområde 3.",
                "Vi tillstyrker.\n\nHälsningar\nAnna\n\nPS. Nämnden avstyrker dock målområde 3."
            ),
            (
                "A closing followed by text is no signature",
                "Hälsningar från nämnden till alla som arbetat med förslaget, som vi tillstyrker.\n\n"
                    + "Vi vill också lyfta fram det goda samarbetet med förvaltningen under våren och tacka för dialogen i budgetarbetet.",
                "Hälsningar från nämnden till alla som arbetat med förslaget, som vi tillstyrker.\n\n"
                    + "Vi vill också lyfta fram det goda samarbetet med förvaltningen under våren och tacka för dialogen i budgetarbetet."
            ),
        ] as [(String, String, String)])
    func signatures(what: String, reply: String, expected: String) {
        #expect(ReplyText.ownText(reply) == expected, "\(what)")
    }

    @Test("Line endings are normalised, trailing spaces and extra blank lines go")
    func tidying() {
        let reply = "\r\n  \r\nFörsta stycket.   \r\n\r\n\r\n\r\nAndra stycket.\rTredje raden.\n\n"
        #expect(ReplyText.ownText(reply) == "Första stycket.\n\nAndra stycket.\nTredje raden.")
    }
}

// MARK: - Automatic replies

@Suite("Automatic replies")
struct AutoReplyTests {
    /// A genuine reply's text.
    static let genuine = """
        Hej!

        Nämnden tillstyrker förslaget. Vi vill också påminna om att många av våra medarbetare har semester i juli,
        så dialogen bör hållas före midsommar. Jag är på semester v. 28–31.
        """

    @Test(
        "By header",
        arguments: [
            ("Auto-Submitted", "auto-replied", true),
            ("auto-submitted", "auto-generated; owner-email=\"x@kommun.example\"", true),
            ("Auto-Submitted", "no", false),
            ("X-Autoreply", "yes", true),
            ("X-Autorespond", "Out of office", true),
            ("Precedence", "bulk", true),
            ("Precedence", "auto_reply", true),
            ("Precedence", "junk", true),
            ("Precedence", "list", false),
            ("Return-Path", "<>", true),
            ("Return-Path", "<anna@kommun.example>", false),
            ("X-MS-Exchange-Inbox-Rules-Loop", "sekreterare@kommun.example", false),
        ] as [(String, String, Bool)])
    func header(name: String, value: String, expected: Bool) {
        let automatic = AutoReply.isAutomatic(
            headers: [(name: "From", value: "anna@kommun.example"), (name: name, value: value)],
            subject: "SV: [KS 2019/017] Begäran om synpunkter: Nya mål för mandatperioden", text: Self.genuine)
        #expect(automatic == expected)
    }

    @Test(
        "By subject",
        arguments: [
            ("Automatiskt svar: [KS 2019/017] Begäran om synpunkter", true),
            ("Frånvaro: [KS 2019/017] Begäran om synpunkter", true),
            ("SV: Frånvarande: [KS 2019/017] Begäran om synpunkter", true),
            ("Autosvar: Begäran om synpunkter", true),
            ("Out of Office: [KS 2019/017] Request", true),
            ("Automatic reply: [KS 2019/017] Request", true),
            ("[KS 2019/017] Begäran om synpunkter (Out of office)", true),
            ("SV: [KS 2019/017] Begäran om synpunkter: Nya mål för mandatperioden", false),
            ("Re: Frågor om semesterperioden och dialogen", false),
        ] as [(String, Bool)])
    func subject(subject: String, expected: Bool) {
        #expect(AutoReply.isAutomatic(headers: [], subject: subject, text: Self.genuine) == expected)
    }

    @Test(
        "By the first lines of the text",
        arguments: [
            ("Hej!\n\nJag är på semester till och med den 5 augusti. Vid brådskande ärenden, ring växeln.", true),
            ("Tack för ditt mejl.\nJag är tjänstledig och läser inte e-post.", true),
            ("Detta är ett automatiskt svar. Ditt meddelande har tagits emot.", true),
            ("I am out of the office until 22 April with limited access to email.", true),
            ("I'm out of the office until Monday.", true),
            (genuine, false),
            ("Jag är på semester nästa vecka, men nämnden tillstyrker förslaget.", false),
            (
                "Nämnden har behandlat ärendet.\nProtokollet skickas separat.\nFrågor besvaras av sekreteraren.\nJag är på semester i juli.",
                false
            ),
            (
                "Nämnden har behandlat ärendet.\n\nMålområde 1: tillstyrks.\n\nMålområde 2: inga synpunkter.\n\nJag är på semester från 1 juli.",
                false
            ),
        ] as [(String, Bool)])
    func text(text: String, expected: Bool) {
        let subject = "SV: [KS 2019/017] Begäran om synpunkter"
        #expect(AutoReply.isAutomatic(headers: [], subject: subject, text: text) == expected)
    }
}
