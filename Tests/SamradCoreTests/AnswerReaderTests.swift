import SamradCore
import Testing

/// The stances a reading gives, by area; an area the answer does not speak to is absent.
private func stances(_ reading: AnswerReading) -> [Int: Stance] {
    Dictionary(uniqueKeysWithValues: reading.areas.map { ($0.area, $0.stance) })
}

/// Reads a text as a reply's own text.
private func read(_ text: String) -> AnswerReading {
    AnswerReader.read([AnswerSource(text: text)], goalAreas: goalAreas)
}

@Suite("Reading answers per goal area")
struct AnswerReaderTests {
    @Test(
        "Clauses that name areas give them their stance; areas not spoken to get none",
        arguments: [
            (
                "Two areas in one sentence, split at men",
                "Nämnden tillstyrker målområde 1 men avstyrker målområde 4.",
                [1: Stance.supports, 4: .opposes]
            ),
            (
                "Two sentences in two paragraphs",
                "Nämnden tillstyrker målområde 1.\n\nNämnden avstyrker målområde 4.",
                [1: .supports, 4: .opposes]
            ),
            (
                "A negation, then i övrigt",
                "Vi tillstyrker inte målområde 3, men avstår i övrigt.",
                [1: .declines, 2: .declines, 3: .opposes, 4: .declines]
            ),
            (
                "An inline heading after a clause about another area",
                "Nämnden har inget att invända mot målområde 1 och tillstyrker.\n\nOm målområde 4: nämnden avstyrker, eftersom trygghetsarbetet redan finansieras.",
                [1: .supports, 4: .opposes]
            ),
            (
                "Declining one area, the rest unspoken",
                "Se bifogat yttrande. Bolaget avstår från att yttra sig om målområde 3.",
                [3: .declines]
            ),
            (
                "Several areas and medan",
                "Målområde 1 och 2 tillstyrks, medan målområde 3 avstyrks.",
                [1: .supports, 2: .supports, 3: .opposes]
            ),
            (
                "Different stances in one clause go to the nearest area",
                "Nämnden tillstyrker målområde 1 och avstyrker målområde 2.",
                [1: .supports, 2: .opposes]
            ),
            (
                "A stance on the whole proposal, with an exception",
                "Nämnden tillstyrker förslaget men avstyrker målområde 4.",
                [1: .supports, 2: .supports, 3: .supports, 4: .opposes]
            ),
            (
                "Titles and clear parts of them",
                "Nämnden tillstyrker målet om hållbar tillväxt. Kunskap, hälsa och fritid avstyrks.",
                [1: .supports, 3: .opposes]
            ),
            (
                "A bare number after a list of areas",
                "Vi tillstyrker målområde 1, 2 och 4 men inte 3.",
                [1: .supports, 2: .supports, 3: .opposes, 4: .supports]
            ),
            (
                "Övriga målområden",
                "Nämnden avstyrker målområde 2. Nämnden har inga synpunkter på övriga målområden.",
                [1: .declines, 2: .opposes, 3: .declines, 4: .declines]
            ),
            (
                "An area named with no stance",
                "Nämnden tillstyrker målområde 1. Målområde 3 är särskilt viktigt för nämnden.",
                [1: .supports, 3: .unstated]
            ),
            (
                "No area anywhere: the stance covers all",
                "Hej!\n\nKulturnämnden har behandlat ärendet den 14 maj och tillstyrker förslaget till nya mål i sin helhet.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "Something said without a stance or an area",
                "Vi återkommer efter nämndens sammanträde.\n\nÖvrigt: protokollet bifogas.",
                [1: .unstated, 2: .unstated, 3: .unstated, 4: .unstated]
            ),
            (
                "Decision language on the whole proposal, with reservations",
                "Nämnden beslutar att tillstyrka förslaget till nya mål för mandatperioden med de synpunkter som framgår av tjänsteskrivelsen.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "An exception stated after the stance it is excepted from",
                "Nämnden har inga invändningar mot förslaget, förutom när det gäller målområde 4 som nämnden inte kan ställa sig bakom.",
                [1: .supports, 2: .supports, 3: .supports, 4: .opposes]
            ),
            ("Area numbers as the verb's object", "Vi tillstyrker 1 och 3.", [1: .supports, 3: .supports]),
            (
                "Yes and no under each area",
                "Målområde 1: Ja.\nMålområde 2: Ja.\nMålområde 3: Nej.\nMålområde 4: Ja.",
                [1: .supports, 2: .supports, 3: .opposes, 4: .supports]
            ),
            ("Bifall and avslag", "Målområde 1 – Bifall.\nMålområde 2 – Avslag.", [1: .supports, 2: .opposes]),
            (
                "Positivt inställd", "Styrelsen är positivt inställd till förslaget.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            ("Not to comment", "Nämnden har beslutat att inte yttra sig.", [1: .declines, 2: .declines, 3: .declines, 4: .declines]),
            (
                "A yes that answers nothing",
                "Ja, vi har tagit del av förslaget.",
                [1: .unstated, 2: .unstated, 3: .unstated, 4: .unstated]
            ),
            (
                "A vote count is no area",
                "Nämnden tillstyrker förslaget. Beslutet fattades den 14 maj 2019 med 9 röster mot 2.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "Several areas by number after a keyword in the plural",
                "Nämnden ställer sig bakom målområdena 1, 2 och 4. Målområde 3 avstyrks i sin nuvarande lydelse.",
                [1: .supports, 2: .supports, 3: .opposes, 4: .supports]
            ),
            ("Only a greeting", "Hej!", [:]),
            ("Only a lead-in to an attachment", "Hej,\n\nSe bifogat yttrande.", [:]),
            ("Nothing", "", [:]),
        ] as [(String, String, [Int: Stance])])
    func clauses(what: String, text: String, expected: [Int: Stance]) {
        #expect(stances(read(text)) == expected, "\(what)")
    }

    @Test(
        "Headings, numbered lists and tables give the text under them to their areas",
        arguments: [
            (
                "Numbered areas with titles; a lead-in is no general contribution",
                """
                Hej,

                Här kommer Socialnämndens synpunkter.

                1. Hållbar tillväxt och samhällsplanering
                Nämnden tillstyrker förslaget.

                2. Utbildning, arbete och näringsliv
                Nämnden har inga synpunkter.

                3. Kunskap, hälsa och fritid
                Nämnden kan inte tillstyrka formuleringen om fritid, som bör omfatta alla åldrar.

                4. Delaktighet, tillgänglighet och trygghet
                Nämnden ställer sig bakom målet men vill betona tryggheten i centrum.
                """,
                [1: Stance.supports, 2: .declines, 3: .opposes, 4: .supports]
            ),
            (
                "Målområde X: inline",
                """
                Målområde 1: Vi tillstyrker förslaget.
                Målområde 2: Vi avstyrker förslaget eftersom det saknar mätbara mål.
                Målområde 3: Vi varken tillstyrker eller avstyrker.
                Målområde 4: Inga synpunkter.
                """,
                [1: .supports, 2: .opposes, 3: .neutral, 4: .declines]
            ),
            (
                "Titles alone, markdown-ish, any case",
                """
                **Utbildning, arbete och näringsliv**
                Nämnden tillstyrker.

                **KUNSKAP, HÄLSA OCH FRITID:**
                Nämnden avstyrker skrivningen om avgifter.

                # Delaktighet, tillgänglighet och trygghet
                Nämnden vill se fler trygghetsvandringar.
                """,
                [2: .supports, 3: .opposes, 4: .unstated]
            ),
            (
                "A stance on the proposal covers the areas without one of their own",
                """
                Tekniska nämnden tillstyrker förslaget i stort, med följande synpunkter.

                Mål 1 – Nämnden vill att cykelplanen nämns.

                Mål 3 – Inga synpunkter.
                2019-05-14 beslutade nämnden detta.

                5. Övrigt
                Nämnden behandlade ärendet den 14 maj.
                """,
                [1: .supports, 2: .supports, 3: .declines, 4: .supports]
            ),
            (
                "A numbered list of the areas without their titles",
                "Nämndens ställningstagande:\n1. Tillstyrks.\n2. Tillstyrks med synpunkter.\n3. Avstyrks.\n4. Inga synpunkter.",
                [1: .supports, 2: .supports, 3: .opposes, 4: .declines]
            ),
            (
                "A decision's numbered points are no areas",
                "Nämnden beslutar\n1. att tillstyrka förslaget till nya mål,\n2. att överlämna yttrandet till kommunstyrelsen.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "A table of areas",
                "Målområde | Ställningstagande | Kommentar\nMålområde 1 | Tillstyrker | Bra.\nMålområde 2 | Avstyrker | Otydligt.\n3 | Avstår |",
                [1: .supports, 2: .opposes, 3: .declines]
            ),
            (
                "Marks under stance columns",
                "Målområde | Tillstyrker | Avstyrker | Avstår\nMålområde 1 | X\nMålområde 2 |  | X\n3 |  |  | X",
                [1: .supports, 2: .opposes, 3: .declines]
            ),
            (
                "A member's reservation is not the body's stance",
                "Beslut\n\nNämnden tillstyrker förslaget.\n\nReservation\n\nLedamoten A (M) reserverar sig mot beslutet och yrkar att "
                    + "nämnden avstyrker målområde 2.",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "Several areas in one heading",
                "Målområde 1 och 2: Vi tillstyrker.\nMålområde 3–4: Nämnden avstår från att yttra sig.",
                [1: .supports, 2: .supports, 3: .declines, 4: .declines]
            ),
            (
                "Område N, and an area the round does not have",
                "Område 3\nNämnden avstyrker förslaget om avgiftsfri fritid.\n\nMålområde 5:\nNämnden önskar ett femte målområde om digitalisering.",
                [3: .opposes]
            ),
            (
                "English reply",
                "Dear colleagues,\n\nGoal area 1: The board supports the proposal.\nGoal area 2: The board does not support the wording on vocational training.\nGoal area 4: No comments.",
                [1: .supports, 2: .opposes, 4: .declines]
            ),
            (
                "A final summary on the whole proposal after per-area sections",
                "Målområde 1\nNämnden tillstyrker.\n\nMålområde 2\nNämnden avstyrker.\n\nSammanfattningsvis tillstyrker nämnden förslaget i övrigt.",
                [1: .supports, 2: .opposes, 3: .supports, 4: .supports]
            ),
        ] as [(String, String, [Int: Stance])])
    func structure(what: String, text: String, expected: [Int: Stance]) {
        #expect(stances(read(text)) == expected, "\(what)")
    }

    @Test("Lines that are no headings stay in the area they stand under")
    func notHeadings() {
        for line in [
            "2019-05-14", "17 maj", "1 maj firas inte här.", "2.3 Fler bostäder behövs.", "Mål 2.3 bör ändras.", "8:00 startar mötet.",
            "11/4 kom förslaget.", "3. Fler praktikplatser för unga.", "5. Kultur och fritid",
        ] {
            let reading = read("Målområde 1\nNämnden tillstyrker.\n" + line)
            #expect(stances(reading) == [1: .supports], "\(line)")
        }
    }

    @Test("Evidence names the clause, the part, the page and the rule")
    func evidence() throws {
        let reading = AnswerReader.read(
            [
                AnswerSource(text: "Se bifogat protokollsutdrag. Bolaget avstår från att yttra sig om målområde 3."),
                AnswerSource(
                    attachment: "Protokollsutdrag.pdf",
                    text: "Protokollsutdrag\n\nÄrendet\n\nBakgrund om förslaget.\u{0C}Beslut\n\nNämnden tillstyrker målområde 1 och 2."),
            ], goalAreas: goalAreas)
        #expect(stances(reading) == [1: .supports, 2: .supports, 3: .declines])
        let first = try #require(reading[1])
        #expect(
            first.evidence
                == Evidence(
                    clause: "Nämnden tillstyrker målområde 1 och 2.", attachment: "Protokollsutdrag.pdf", page: 2, rule: .namedArea))
        #expect(
            try #require(reading[3]).evidence == Evidence(clause: "Bolaget avstår från att yttra sig om målområde 3.", rule: .namedArea))
        #expect(reading.flags.isEmpty)
    }

    @Test("The decided document wins over the message's text, and the disagreement is flagged")
    func documentWins() {
        let reading = AnswerReader.read(
            [
                AnswerSource(text: "Nämnden tillstyrker målområde 2."),
                AnswerSource(attachment: "Yttrande.docx", text: "Nämnden avstyrker målområde 2. Nämnden tillstyrker målområde 4."),
            ], goalAreas: goalAreas)
        #expect(stances(reading) == [2: .opposes, 4: .supports])
        #expect(reading.flags.count == 1)
        guard case .disagreement(let area, let document, let text, let documentStance, let textStance)? = reading.flags.first else {
            Issue.record("expected a disagreement, got \(reading.flags)")
            return
        }
        #expect(area == 2 && documentStance == .opposes && textStance == .supports)
        #expect(document.attachment == "Yttrande.docx" && text.attachment == nil)
    }

    @Test("What a person should look at is flagged")
    func flags() {
        let named = read("Målområde 2 är viktigt för bolaget.\n\nMålområde 3: Vi tillstyrker.")
        #expect(named.flags.contains { if case .areaWithoutStance(2, _) = $0 { return true } else { return false } })

        let loose = read("Målområde 1 och 2 behöver förtydligas. Målområde 3 är bra. Nämnden tillstyrker.")
        #expect(loose.flags.contains { if case .stanceWithoutArea(.supports, _) = $0 { return true } else { return false } })

        let clear = read("Nämnden tillstyrker målområde 1 men avstyrker målområde 4.")
        #expect(clear.flags.isEmpty)
    }

    @Test(
        "Whole replies: own text, then the reading",
        arguments: [
            (
                "Outlook, top-posted, with a signature",
                "Hej!\n\nMålområde 1: Vi tillstyrker.\nMålområde 2: Vi kan inte tillstyrka förslaget.\n\n"
                    + "Med vänlig hälsning\nAnna Andersson\nTel. 016-710 00 00\n\n" + outlookQuote,
                [1: Stance.supports, 2: .opposes]
            ),
            (
                "Thunderbird, interleaved under our quoted headings",
                "Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n> Synpunkterna lämnas per målområde:\n>\n"
                    + ">   Målområde 1. Hållbar tillväxt och samhällsplanering\n\nInga synpunkter.\n\n"
                    + ">   Målområde 2. Utbildning, arbete och näringsliv\n>   Målområde 3. Kunskap, hälsa och fritid\n\n"
                    + "Fritidsnämnden tillstyrker, och vill särskilt lyfta spontanidrotten.\n\n"
                    + ">   Målområde 4. Delaktighet, tillgänglighet och trygghet\n>\n> Svara senast fredag den 17 maj 2019.\n\n"
                    + "-- \nPer Persson\nFritidsförvaltningen\n",
                [1: .declines, 3: .supports]
            ),
            (
                "Thunderbird, bottom-posted below the whole quote",
                "Den 2019-04-11 kl. 08:00, skrev Kommunledningskontoret:\n" + quotedMailout + "\n\nFritidsnämnden tillstyrker förslaget.\n",
                [1: .supports, 2: .supports, 3: .supports, 4: .supports]
            ),
            (
                "Gmail, top-posted above the whole quote, saying nothing of its own",
                "Se bifogat protokoll.\n\nDen tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret <kansli@kommun.example>:\n"
                    + quotedMailout,
                [:]
            ),
        ] as [(String, String, [Int: Stance])])
    func replies(what: String, reply: String, expected: [Int: Stance]) {
        #expect(stances(AnswerReader.read(reply: reply, goalAreas: goalAreas)) == expected, "\(what)")
    }

    @Test("Texts per area and in general")
    func texts() {
        let reading = read(
            "Hej!\n\nNämnden vill betona vikten av samverkan.\n\nNämnden tillstyrker målområde 1 men avstyrker målområde 4. Målområde 4 saknar mått."
        )
        #expect(reading.general == "Nämnden vill betona vikten av samverkan.")
        #expect(reading[1]?.text == "Nämnden tillstyrker målområde 1 men avstyrker målområde 4.")
        #expect(reading[4]?.text == "Nämnden tillstyrker målområde 1 men avstyrker målområde 4. Målområde 4 saknar mått.")
        #expect(reading.generalStance == nil)
    }
}
