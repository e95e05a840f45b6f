import Foundation

// The report types have no public initialisers yet, so the fixture uses their memberwise ones.
@testable import SamradCore

/// A realistic compilation of Hemsta kommun's round on new goals (fictional bodies and texts),
/// made in code as the report builder would make it a week after the deadline.
enum HemstaReport {
    typealias Body = ConsultationReport.Body
    typealias Contribution = ConsultationReport.Contribution

    static let bun = Body(id: "BUN", name: "Barn- och utbildningsnämnden", kind: .board)
    static let hbab = Body(id: "HBAB", name: "Hemsta Bostäder AB", kind: .company)
    static let heab = Body(id: "HEAB", name: "Hemsta Energi AB", kind: .company)
    static let hvab = Body(id: "HVAB", name: "Hemsta Vatten & Avfall AB", kind: .company)
    static let kfn = Body(id: "KFN", name: "Kultur- och fritidsnämnden", kind: .board)
    static let mbn = Body(id: "MBN", name: "Miljö- och byggnadsnämnden", kind: .board)
    static let sn = Body(id: "SN", name: "Socialnämnden", kind: .board)
    static let tn = Body(id: "TN", name: "Tekniska nämnden", kind: .board)
    static let von = Body(id: "VON", name: "Vård- och omsorgsnämnden", kind: .board)

    static let areas = [
        GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"),
        GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
        GoalArea(id: 3, title: "Kunskap, hälsa och fritid"),
        GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
    ]

    /// A day in 2019.
    static func day(_ month: Int, _ day: Int) throws -> LocalDate {
        try LocalDate(year: 2019, month: month, day: day)
    }

    /// An instant in 2019, Swedish time.
    static func at(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int) throws -> Date {
        SwedishTime.instant(try Self.day(month, day), hour: hour, minute: minute)
    }

    static func contribution(
        _ number: Int, _ body: Body, _ stance: Stance, _ date: Date, late: Bool = false, source: String, _ text: String,
        evidence: Evidence? = nil
    ) -> Contribution {
        Contribution(
            registration: "KS 2019/017-\(number)", body: body, stance: stance, date: date, late: late, text: text, source: source,
            kind: source.hasSuffix(".csv") || source.contains(".csv:") ? .form : .mail, evidence: evidence)
    }

    static func summary(
        supports: Int = 0, opposes: Int = 0, neutral: Int = 0, declines: Int = 0, unstated: Int = 0, noAnswer: Int
    ) -> ConsultationReport.StanceSummary {
        var summary = ConsultationReport.StanceSummary()
        summary.supports = supports
        summary.opposes = opposes
        summary.neutral = neutral
        summary.declines = declines
        summary.unstated = unstated
        summary.noAnswer = noAnswer
        return summary
    }

    /// The report, built from eight responses (KS 2019/017-3 … -10) of nine recipient bodies.
    static func make() throws -> ConsultationReport {
        let bunSent = try at(5, 14, 10, 12)
        let snFirst = try at(5, 15, 15, 40)
        let hbabSent = try at(5, 16, 9, 30)
        let mbnSent = try at(5, 16, 13, 5)
        let snSecond = try at(5, 17, 8, 45)
        let tnSent = try at(5, 17, 16, 55)
        let heabSent = try at(5, 20, 11, 0)
        let vonSent = try at(5, 22, 14, 30)
        let bunSource = "bun-yttrande-mal-2019.eml"
        let snSource = "<20190515154000.4711@sn.hemsta.example>"
        let hbabSource = "formular-export-2019-05-16.csv:4"
        let mbnSource = "<mbn.2019-05-16.1305@mbn.hemsta.example>"
        let snSecondSource = "<20190517084500.0815@sn.hemsta.example>"
        let tnSource = "tn-yttrande.eml"
        let heabSource = "formular-export-2019-05-20.csv:2"
        let vonSource = "<von-2019-05-22@von.hemsta.example>"

        let area1 = [
            contribution(
                3, bun, .supports, bunSent, source: bunSource,
                """
                Barn- och utbildningsnämnden tillstyrker målområdet.
                Nämnden vill att planeringen av nya bostadsområden tar med förskolor och skolor från början:
                - mark för förskola reserveras i varje detaljplan
                - skolvägarna ska vara trygga att gå och cykla
                """,
                evidence: Evidence(clause: "Barn- och utbildningsnämnden tillstyrker målområdet.", rule: .areaHeading)),
            contribution(
                5, hbab, .supports, hbabSent, source: hbabSource,
                "Vi tillstyrker. 300 nya hyresrätter till 2022 är möjligt om detaljplanerna blir klara i tid.",
                evidence: Evidence(clause: "Vi tillstyrker.", attachment: "Yttrande HBAB.pdf", page: 2, rule: .namedArea)),
            contribution(
                6, mbn, .neutral, mbnSent, source: mbnSource,
                """
                Nämnden ställer sig varken bakom eller emot målområdet.

                Formuleringen "hållbar tillväxt" behöver förklaras: menar kommunen ekologisk, social eller ekonomisk hållbarhet?
                """),
            contribution(
                8, tn, .opposes, tnSent, source: tnSource,
                """
                Tekniska nämnden avstyrker målet om 50 % fler resor med kollektivtrafik till 2022.
                Målet är inte realistiskt med nuvarande budget; föreslå 25 % i stället.
                """),
        ]
        let area2 = [
            contribution(
                3, bun, .supports, bunSent, source: bunSource,
                "Nämnden tillstyrker och vill att samarbetet med näringslivet om praktikplatser (PRAO) nämns i målet."),
            contribution(
                7, sn, .supports, snSecond, source: snSecondSource,
                "Komplettering: Socialnämnden tillstyrker även målområde 2, särskilt vägarna till arbete för unga vuxna."),
            contribution(
                10, von, .supports, vonSent, late: true, source: vonSource,
                "Tillstyrks. Vård- och omsorgsnämnden behöver kunna rekrytera undersköterskor; utbildningen är en del av det."),
        ]
        let area3 = [
            contribution(
                3, bun, .neutral, bunSent, source: bunSource,
                "Varken tillstyrker eller avstyrker. Målet om *alla* elevers behörighet till gymnasiet bör ha en nivå per år."),
            contribution(
                4, sn, .supports, snFirst, source: snSource,
                "Socialnämnden tillstyrker målområde 3 och ser gärna att det förebyggande arbetet med barn och unga lyfts fram."),
            contribution(
                10, von, .unstated, vonSent, late: true, source: vonSource,
                "Se bilagan om äldres hälsa | fritid; nämnden återkommer efter sammanträdet i juni."),
        ]
        let area4 = [
            contribution(
                6, mbn, .supports, mbnSent, source: mbnSource,
                "Tillstyrker. Tillgänglighet i den fysiska miljön är en fråga för bygglovsprövningen."),
            contribution(
                4, sn, .opposes, snFirst, source: snSource,
                """
                Avstyrker i nuvarande form.
                1. Trygghet måste gälla alla, inte bara "i centrum".
                2. Ett mål om delaktighet kräver en budget för medborgardialog.
                """),
            contribution(
                8, tn, .neutral, tnSent, source: tnSource, "Varken eller. Belysningen längs gång- och cykelvägar bör ingå."),
        ]
        let general = [
            contribution(
                5, hbab, .supports, hbabSent, source: hbabSource, "Hemsta Bostäder AB ställer sig bakom förslaget i sin helhet."),
            contribution(
                9, heab, .declines, heabSent, late: true, source: heabSource,
                "Hemsta Energi AB avstår från att yttra sig över målen.\r\nVi hänvisar till ägardirektivet."),
        ]

        let matrix: [ConsultationReport.MatrixRow] = [
            .init(body: bun, stances: ["1": .supports, "2": .supports, "3": .neutral], late: true, complete: false),
            .init(body: hbab, stances: ["1": .supports, "2": .supports, "3": .supports, "4": .supports], late: false, complete: true),
            .init(body: heab, stances: ["1": .declines, "2": .declines, "3": .declines, "4": .declines], late: true, complete: true),
            .init(body: hvab, stances: [:], late: true, complete: false),
            .init(body: kfn, stances: [:], late: true, complete: false),
            .init(body: mbn, stances: ["1": .neutral, "4": .supports], late: true, complete: false),
            .init(body: sn, stances: ["2": .supports, "3": .supports, "4": .opposes], late: true, complete: false),
            .init(body: tn, stances: ["1": .opposes, "4": .neutral], late: true, complete: false),
            .init(body: von, stances: ["2": .supports, "3": .unstated], late: true, complete: false),
        ]

        let timeline: [ConsultationReport.TimelineEvent] = [
            .init(date: try day(4, 10), kind: .milestone, title: "Arbetsutskottet tar fram förslag till mål"),
            .init(date: try day(4, 11), kind: .mailout, title: "Utskick till nämnder och bolag"),
            .init(date: try day(4, 12), kind: .reminder, title: "Inbjudan till Budgetdialog (4 mottagare)"),
            .init(date: try day(4, 24), kind: .dialogue, title: "Budgetdialog, 09.00–12.00, Stadshuset"),
            .init(date: try day(5, 8), kind: .milestone, title: "Kommunstyrelsen reviderar målen"),
            .init(date: try day(5, 9), kind: .dialogue, title: "Budgetdialog, 13.00–16.00, Stadshuset"),
            .init(date: try day(5, 10), kind: .reminder, title: "Påminnelse före sista svarsdag (9 mottagare)"),
            .init(date: try day(5, 16), kind: .reminder, title: "Påminnelse före sista svarsdag (6 mottagare)"),
            .init(date: try day(5, 17), kind: .deadline, title: "Sista dag för svar"),
            .init(date: try day(5, 21), kind: .reminder, title: "Påminnelse efter sista svarsdag, ordförande i kopia (3 mottagare)"),
            .init(date: try day(5, 22), kind: .milestone, title: "Arbetsutskottet, slutlig beredning"),
            .init(date: try day(6, 4), kind: .milestone, title: "Kommunstyrelsen beslutar om målen"),
            .init(date: try day(6, 24), kind: .milestone, title: "Kommunfullmäktige godkänner målen med budgeten"),
        ]

        return ConsultationReport(
            round: .init(
                id: "mal-2019", reference: "KS 2019/017", title: "Nya mål för mandatperioden", mailoutDate: try day(4, 11), mailedOut: true,
                deadline: try day(5, 17)),
            generatedAt: try at(5, 27, 10, 0),
            recipients: [bun, hbab, heab, hvab, kfn, mbn, sn, tn, von],
            areas: [
                .init(
                    goalArea: areas[0], contributions: area1,
                    summary: summary(supports: 2, opposes: 1, neutral: 1, declines: 1, noAnswer: 4)),
                .init(goalArea: areas[1], contributions: area2, summary: summary(supports: 4, declines: 1, noAnswer: 4)),
                .init(
                    goalArea: areas[2], contributions: area3,
                    summary: summary(supports: 2, neutral: 1, declines: 1, unstated: 1, noAnswer: 4)),
                .init(
                    goalArea: areas[3], contributions: area4,
                    summary: summary(supports: 2, opposes: 1, neutral: 1, declines: 1, noAnswer: 4)),
            ],
            general: general,
            notAnswered: [hvab, kfn],
            answeredLate: [heab, von],
            matrix: matrix,
            timeline: timeline,
            responsesOverTime: [
                .init(date: try day(5, 14), bodies: 1),
                .init(date: try day(5, 15), bodies: 2),
                .init(date: try day(5, 16), bodies: 4),
                .init(date: try day(5, 17), bodies: 5),
                .init(date: try day(5, 20), bodies: 6),
                .init(date: try day(5, 22), bodies: 7),
            ])
    }
}
