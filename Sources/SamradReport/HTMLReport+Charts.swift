import Foundation
import SamradCore

/// The two inline SVG charts. Each is `role="img"`, named by its `<title>` (`aria-labelledby`) and
/// described by its `<desc>` (`aria-describedby`), and a table with the same figures follows it
/// on the page.
extension HTMLReport {
    /// One part of a stacked bar: a stance, or nil for bodies that have not answered.
    private typealias Part = Stance?

    /// The parts of a bar, in the order they are stacked.
    private static let parts: [Part] = Stance.allCases.map(Optional.some) + [nil]

    // MARK: - Stances per goal area

    /// A horizontal stacked bar per goal area: how many recipient bodies took each stance.
    ///
    /// Each stance has its own pattern as well as its colour, the legend names them, and every
    /// part wide enough carries its count, so the chart reads without colour.
    static func stanceChart(_ report: ConsultationReport) -> String {
        let width = 760.0
        let barWidth = 640.0
        let legendHeight = 64.0
        let rowHeight = 70.0
        let height = legendHeight + rowHeight * Double(report.areas.count)
        let largest = max(1, report.areas.map { total($0.summary) }.max() ?? 0)
        let unit = barWidth / Double(largest)

        var svg = [
            "<svg class=\"stance-chart\" role=\"img\" aria-labelledby=\"stance-chart-title\" aria-describedby=\"stance-chart-desc\" "
                + "viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\">",
            "<title id=\"stance-chart-title\">Ställningstaganden per målområde</title>",
            "<desc id=\"stance-chart-desc\">\(stanceChartDescription(report))</desc>",
            "<defs>",
        ]
        svg += Stance.allCases.compactMap(patternDefinition)
        svg.append("</defs>")

        for (index, part) in parts.enumerated() {
            let x = Double(index % 3) * 250
            let y = Double(index / 3) * 26
            svg.append(
                "<g class=\"legend\">\(swatch(part, x: x, y: y + 3, width: 18, height: 18))"
                    + "<text x=\"\(number(x + 26))\" y=\"\(number(y + 17))\">\(label(part))</text></g>")
        }

        for (row, section) in report.areas.enumerated() {
            let top = legendHeight + Double(row) * rowHeight
            let barTop = top + 24
            svg.append(
                "<text class=\"bar-label\" x=\"0\" y=\"\(number(top + 16))\">\(section.goalArea.id). "
                    + "\(escapeLine(section.goalArea.title))</text>")
            var x = 0.0
            for part in parts {
                let count = part.map { section.summary[$0] } ?? section.summary.noAnswer
                guard count > 0 else { continue }
                let partWidth = Double(count) * unit
                let shape = swatch(part, x: x, y: barTop, width: partWidth, height: 32)
                let countBadge = badge(count, centre: x + partWidth / 2, middle: barTop + 16, room: partWidth)
                svg.append("<g>\(shape)<title>\(label(part)): \(count)</title>\(countBadge)</g>")
                x += partWidth
            }
            let answered = total(section.summary) - section.summary.noAnswer
            svg.append(
                "<text class=\"bar-total\" x=\"\(number(barWidth + 12))\" y=\"\(number(barTop + 21))\">"
                    + "\(answered) av \(total(section.summary))</text>")
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func stanceChartDescription(_ report: ConsultationReport) -> String {
        let areas = report.areas.map { section in
            let counts = ReportText.summaryRows(section.summary).filter { $0.count > 0 }.map { "\($0.count) \($0.label)" }
            return "Målområde \(section.goalArea.id), \(escapeLine(section.goalArea.title)): \(counts.joined(separator: ", "))."
        }
        return (["Staplat stapeldiagram med en stapel per målområde, uppdelad på ställningstaganden."] + areas)
            .joined(separator: " ")
    }

    private static func total(_ summary: ConsultationReport.StanceSummary) -> Int {
        Stance.allCases.reduce(summary.noAnswer) { $0 + summary[$1] }
    }

    private static func label(_ part: Part) -> String {
        part?.swedish ?? ReportText.noAnswer
    }

    /// The id of a stance's pattern; "tillstyrker" is a plain fill and has none.
    private static func patternID(_ stance: Stance) -> String? {
        stance == .supports ? nil : "monster-\(stance.rawValue)"
    }

    /// A pattern of white marks over the stance's colour: stripes, dots, lines or a grid.
    private static func patternDefinition(_ stance: Stance) -> String? {
        guard let id = patternID(stance) else { return nil }
        let marks: String
        var rotation = ""
        switch stance {
        case .supports:
            return nil
        case .opposes:
            marks = "<rect width=\"3\" height=\"8\" fill=\"\(ReportPalette.paper)\"/>"
            rotation = " patternTransform=\"rotate(45)\""
        case .neutral:
            marks = "<circle cx=\"4\" cy=\"4\" r=\"1.8\" fill=\"\(ReportPalette.paper)\"/>"
        case .declines:
            marks = "<rect y=\"5\" width=\"8\" height=\"2\" fill=\"\(ReportPalette.paper)\"/>"
        case .unstated:
            marks =
                "<rect width=\"1.5\" height=\"8\" fill=\"\(ReportPalette.paper)\"/>"
                + "<rect width=\"8\" height=\"1.5\" fill=\"\(ReportPalette.paper)\"/>"
            rotation = " patternTransform=\"rotate(45)\""
        }
        return "<pattern id=\"\(id)\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"\(rotation)>"
            + "<rect width=\"8\" height=\"8\" fill=\"\(ReportPalette.fill(stance))\"/>\(marks)</pattern>"
    }

    /// A rectangle in a part's fill: the stance's pattern, or white with a dashed rule for no answer.
    private static func swatch(_ part: Part, x: Double, y: Double, width: Double, height: Double) -> String {
        let box = "x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\""
        guard let stance = part else {
            return "<rect \(box) fill=\"\(ReportPalette.paper)\" stroke=\"\(ReportPalette.rule)\" stroke-width=\"1.5\" "
                + "stroke-dasharray=\"4 3\"/>"
        }
        let fill = patternID(stance).map { "url(#\($0))" } ?? ReportPalette.fill(stance).description
        return "<rect \(box) fill=\"\(fill)\" stroke=\"\(ReportPalette.paper)\" stroke-width=\"1\"/>"
    }

    /// A count on a white badge in the middle of a part, when the part has room for it.
    private static func badge(_ count: Int, centre: Double, middle: Double, room: Double) -> String {
        let digits = Double(String(count).count)
        let badgeWidth = 10 + 8 * digits
        guard room >= badgeWidth + 6 else { return "" }
        return "<rect x=\"\(number(centre - badgeWidth / 2))\" y=\"\(number(middle - 10))\" width=\"\(number(badgeWidth))\" "
            + "height=\"20\" rx=\"3\" fill=\"\(ReportPalette.paper)\"/>"
            + "<text class=\"badge\" x=\"\(number(centre))\" y=\"\(number(middle + 5))\" text-anchor=\"middle\">\(count)</text>"
    }

    // MARK: - Responses over time

    /// A step line of how many recipient bodies had answered at the end of each day, from the
    /// mailout on, with the deadline marked.
    static func responseChart(_ report: ConsultationReport) -> String {
        let width = 760.0
        let height = 300.0
        let plot = (left: 48.0, right: 744.0, top: 40.0, bottom: 256.0)
        let counts = report.responsesOverTime
        let round = report.round
        let first = min(round.mailoutDate, counts.first?.date ?? round.mailoutDate)
        let last = max(round.deadline, counts.last?.date ?? round.deadline).adding(days: 2)
        let dayCount = Double(max(1, days(from: first, to: last)))
        let total = max(1, report.recipients.count)
        func x(_ date: LocalDate, _ fraction: Double) -> Double {
            plot.left + (Double(days(from: first, to: date)) + fraction) / dayCount * (plot.right - plot.left)
        }
        func y(_ count: Int) -> Double {
            plot.bottom - Double(count) / Double(total) * (plot.bottom - plot.top)
        }

        var svg = [
            "<svg class=\"response-chart\" role=\"img\" aria-labelledby=\"response-chart-title\" aria-describedby=\"response-chart-desc\" "
                + "viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\">",
            "<title id=\"response-chart-title\">Nämnder och bolag som har svarat, över tid</title>",
            "<desc id=\"response-chart-desc\">\(responseChartDescription(report, from: first))</desc>",
            "<text class=\"axis-title\" x=\"0\" y=\"14\">Har svarat (av \(report.recipients.count))</text>",
        ]

        // Up to about ten grid lines, always one at the number of recipients.
        let step = max(1, Int((Double(total) / 10).rounded(.up)))
        var values = Array(stride(from: 0, to: total, by: step))
        if let last = values.last, Double(total - last) < Double(step) / 2 { values.removeLast() }
        for value in values + [total] {
            svg.append(
                "<line class=\"grid\" x1=\"\(number(plot.left))\" x2=\"\(number(plot.right))\" "
                    + "y1=\"\(number(y(value)))\" y2=\"\(number(y(value)))\"/>"
                    + "<text class=\"tick\" x=\"\(number(plot.left - 8))\" y=\"\(number(y(value) + 4))\" "
                    + "text-anchor=\"end\">\(value)</text>"
            )
        }

        var lastLabel = -Double.infinity
        var day = first
        while day <= last {
            let position = x(day, 0)
            if day == first || day.weekday == 2, position - lastLabel >= 44 {
                svg.append(
                    "<line class=\"axis\" x1=\"\(number(position))\" x2=\"\(number(position))\" "
                        + "y1=\"\(number(plot.bottom))\" y2=\"\(number(plot.bottom + 6))\"/>"
                        + "<text class=\"tick\" x=\"\(number(position))\" y=\"\(number(plot.bottom + 22))\" "
                        + "text-anchor=\"middle\">\(day.day)/\(day.month)</text>")
                lastLabel = position
            }
            day = day.adding(days: 1)
        }
        svg.append(
            "<line class=\"axis\" x1=\"\(number(plot.left))\" x2=\"\(number(plot.right))\" "
                + "y1=\"\(number(plot.bottom))\" y2=\"\(number(plot.bottom))\"/>")

        var path = "M\(number(x(first, 0))) \(number(y(0)))"
        for count in counts {
            path += " H\(number(x(count.date, 0.5))) V\(number(y(count.bodies)))"
        }
        path += " H\(number(plot.right))"
        svg.append("<path class=\"area-fill\" d=\"\(path) V\(number(plot.bottom)) Z\"/>")
        svg.append("<path class=\"step\" d=\"\(path)\"/>")
        for count in counts {
            svg.append(
                "<circle class=\"point\" cx=\"\(number(x(count.date, 0.5)))\" cy=\"\(number(y(count.bodies)))\" r=\"4\">"
                    + "<title>\(count.date.swedish): \(count.bodies) av \(report.recipients.count)</title></circle>")
        }

        let deadline = x(round.deadline, 1)
        svg.append(
            "<line class=\"deadline\" x1=\"\(number(deadline))\" x2=\"\(number(deadline))\" "
                + "y1=\"\(number(plot.top - 8))\" y2=\"\(number(plot.bottom))\"/>"
                + "<text class=\"deadline-label\" x=\"\(number(deadline - 6))\" y=\"\(number(plot.top - 14))\" "
                + "text-anchor=\"end\">Sista svarsdag \(round.deadline.swedish)</text>")
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    private static func responseChartDescription(_ report: ConsultationReport, from first: LocalDate) -> String {
        let round = report.round
        let total = report.recipients.count
        let byDeadline = report.responsesOverTime.last { $0.date <= round.deadline }?.bodies ?? 0
        let steps = report.responsesOverTime.map { "\($0.date.swedish): \($0.bodies)" }
        var sentences = [
            "Trappdiagram över hur många av \(total) nämnder och bolag som hade svarat vid varje dags slut, "
                + "från \(first.swedish). Sista svarsdag var \(round.deadline.swedish); då hade \(byDeadline) svarat."
        ]
        sentences.append(steps.isEmpty ? "Inga svar har kommit in." : "Antal som har svarat: \(steps.joined(separator: ", ")).")
        return sentences.joined(separator: " ")
    }

    /// Whole days from one date to another, counted on Swedish calendar days.
    private static func days(from start: LocalDate, to end: LocalDate) -> Int {
        let noon = { (date: LocalDate) in SwedishTime.instant(date, hour: 12, minute: 0) }
        return SwedishTime.calendar.dateComponents([.day], from: noon(start), to: noon(end)).day ?? 0
    }

    /// A coordinate with at most one decimal, without a trailing `.0`.
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
