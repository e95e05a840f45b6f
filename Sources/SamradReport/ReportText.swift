import Foundation
import SamradCore

/// Text handling shared by the renderers: line splitting and the Swedish words the report uses.
enum ReportText {
    /// Text from outside without what a report must not carry: C0 controls other than tab, LF and
    /// CR (escape sequences, the bell, NUL), DEL and C1 controls are dropped, and so are the
    /// bidirectional embeddings, overrides and isolates, which would show the text's words in
    /// another order than they stand (and than the stance reader read them).
    ///
    /// The Markdown, HTML and CSV renderers pass every text from outside through it; JSON keeps
    /// the text as it came, escaped by the encoder.
    static func neutralised(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isDropped) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { !isDropped($0) }))
    }

    /// Whether ``neutralised(_:)`` drops a scalar.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: TerminalText.isDirectionControl(scalar)
        }
    }

    /// The lines of a text split at CR LF, CR or LF, without the line ends.
    ///
    /// Works on Unicode scalars: Swift treats CR LF as one `Character`, so splitting on `"\n"` alone
    /// would miss it.
    static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n", afterCR { continue }
            if scalar == "\n" || scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The lines of a text without trailing white space on each line and without blank lines at
    /// the start and the end; an empty array for a text with nothing to read.
    static func trimmedLines(of text: String) -> [String] {
        let lines = lines(of: text).map { trimmingTrailingWhitespace($0) }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return []
        }
        return Array(lines[first...last])
    }

    /// A text on one line: line ends become spaces and white space at both ends goes.
    static func singleLine(_ text: String) -> String {
        lines(of: text).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// The text without white space at its end.
    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// The day of an instant in Swedish, e.g. "14 maj 2019".
    static func swedishDay(_ instant: Date) -> String {
        LocalDate(containing: instant).swedish
    }

    /// A contribution's register number, or what it is when it has none (a coordinator's correction).
    static func registration(_ item: ConsultationReport.Contribution) -> String {
        item.registration ?? (item.kind == .correction ? "Rättelse" : "Utan diarienummer")
    }

    /// The report's first paragraph: when the round went out, to how many, and how many have answered.
    static func introduction(_ report: ConsultationReport) -> String {
        let round = report.round
        let made = "Sammanställd \(SwedishTime.short(report.generatedAt)), svensk tid."
        guard round.mailedOut else {
            return """
                Remissen har inte skickats än: planerat utskick \(round.mailoutDate.swedish) till \(report.recipients.count) \
                nämnder och bolag med sista svarsdag \(round.deadline.swedish). \(made)
                """
        }
        return """
            Remissen skickades \(round.mailoutDate.swedish) till \(report.recipients.count) nämnder och bolag \
            med sista svarsdag \(round.deadline.swedish). \(report.answeredCount) av \(report.recipients.count) \
            har svarat, \(report.answeredLate.count) av dem efter sista svarsdag. \(made)
            """
    }

    /// "ja" or "nej".
    static func yesNo(_ value: Bool) -> String {
        value ? "ja" : "nej"
    }

    /// The heading of a goal area, e.g. "Målområde 1. Hållbar tillväxt och samhällsplanering",
    /// with the title passed through `escape`.
    static func areaHeading(_ area: GoalArea, escape: (String) -> String) -> String {
        "Målområde \(area.id). \(escape(area.title))"
    }

    /// The word for bodies that have not answered a goal area.
    static let noAnswer = "inget svar"

    /// The stance summary's rows in report order: every stance, then "inget svar".
    static func summaryRows(_ summary: ConsultationReport.StanceSummary) -> [(label: String, count: Int)] {
        Stance.allCases.map { ($0.swedish, summary[$0]) } + [(noAnswer, summary.noAnswer)]
    }
}

extension ConsultationReport.TimelineEvent.Kind {
    /// The Swedish word for the timeline's "Händelse" column.
    var swedish: String {
        switch self {
        case .mailout: "Utskick"
        case .dialogue: "Dialog"
        case .reminder: "Påminnelse"
        case .deadline: "Sista svarsdag"
        case .milestone: "Milstolpe"
        case .decision: "Beslut"
        }
    }
}

extension ConsultationReport {
    /// How many recipient bodies have answered at all.
    var answeredCount: Int {
        recipients.count - notAnswered.count
    }

    /// The goal area columns of the status matrix, in the round's order, with their keys in `MatrixRow.stances`.
    var matrixColumns: [(key: String, area: GoalArea)] {
        areas.map { (String($0.goalArea.id), $0.goalArea) }
    }
}
