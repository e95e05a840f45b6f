import Foundation

@testable import SamradCore

/// The Hemsta report with hostile text in every place text from outside can stand: contributions,
/// body names and codes, sources, titles, the reference and the timeline.
enum HostileReport {
    /// Texts that would become markup, a link, a template, a formula or reordered text if a
    /// renderer let them through.
    /// C0 and C1 controls and noncharacters (the lexer refuses some of them in literals).
    static let controls = String(
        String.UnicodeScalarView([0, 1, 7, 0xB, 0x1B, 0x7F, 0x85, 0x9F, 0xFFFE, 0xFDD0, 0x1FFFF].compactMap(Unicode.Scalar.init)))

    static let corpus = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "' onmouseover='alert(1)' x='",
        "[klicka här](javascript:alert(1)) och <a href=\"javascript:alert(1)\">länk</a> och javascript:alert(1)",
        "</textarea><script>alert(2)</script></title></style><plaintext>",
        "{{constructor.constructor('alert(1)')()}} {% raw %} ${alert(1)}",
        "rad ett\r\nrad två\rrad tre\n\n# Rubrik\r\n## Underrubrik\n| a | b |\n|---|---|\n"
            + "> citat\n- lista\n1. numrerad\n---\n===\n    indraget",
        "\u{202E}kcatta\u{202C} tillstyrker \u{2067}RTL\u{2069}",
        "<!-- kommentar --> <![CDATA[x]]> &amp; &lt;b&gt; &#x3C;script&#x3E; <style>body{display:none}</style>",
        "<iframe src=\"https://evil.example\"></iframe> ![bild](https://evil.example/x.png) <https://evil.example>",
        "*fet* _kursiv_ `kod` ~~struken~~ \\ \\* <b>fet</b> <svg onload=alert(1)>",
        "styrtecken:" + controls + ": slut",
        "=HYPERLINK(\"https://evil.example\";\"klicka\")",
        "+SUM(1;2)", "-2+3", "@SUM(A1)", "\tindraget", "\r\nbörjar med radbrytning",
    ]

    static func make() throws -> ConsultationReport {
        var report = try HemstaReport.make()
        report.round.title = "Nya mål </title><script>alert('titel')</script>"
        report.round.reference = "KS 2019/017\"><script>alert(1)</script>"
        var index = 0
        func next() -> String {
            defer { index += 1 }
            return corpus[index % corpus.count]
        }
        func hostile(_ body: ConsultationReport.Body) -> ConsultationReport.Body {
            var body = body
            if body.id == "BUN" {
                body.name = "<b>BUN</b>"
            } else if body.id == "SN" {
                body.name = "\u{202E}nmändlaicoS"
                body.id = "SN<i>"
            }
            return body
        }
        for area in report.areas.indices {
            report.areas[area].goalArea.title += " <img src=x onerror=alert(\(area))>"
            for item in report.areas[area].contributions.indices {
                report.areas[area].contributions[item].text = next()
                report.areas[area].contributions[item].body = hostile(report.areas[area].contributions[item].body)
                report.areas[area].contributions[item].source = "../../x\"><svg onload=alert(1)>.pdf"
            }
        }
        for item in report.general.indices {
            report.general[item].text = next()
            report.general[item].source = "<mail.\(item)@evil.example>\"><script>alert(1)</script>"
        }
        // Whatever the loops did not reach goes in as extra general contributions, so every text is used.
        while index < corpus.count {
            var extra = report.general[0]
            extra.registration = "KS 2019/017-\(90 + index)"
            extra.text = next()
            report.general.append(extra)
        }
        report.recipients = report.recipients.map(hostile)
        report.matrix = report.matrix.map { row in
            var row = row
            row.body = hostile(row.body)
            return row
        }
        report.notAnswered = report.notAnswered.map(hostile) + [hostile(HemstaReport.bun)]
        report.answeredLate = report.answeredLate.map(hostile) + [hostile(HemstaReport.sn)]
        report.timeline[0].title = "<script>alert('tidslinje')</script> | # rubrik"
        report.timeline.append(.init(date: try HemstaReport.day(6, 25), kind: .decision, title: "Beslut <b>skickat</b>"))
        return report
    }

    /// Every text in the report that came from outside, as it was given.
    static func externalTexts(_ report: ConsultationReport) -> [String] {
        let contributions = report.areas.flatMap(\.contributions) + report.general
        return [report.round.title, report.round.reference]
            + report.areas.map(\.goalArea.title)
            + contributions.flatMap { [$0.text, $0.source, $0.body.name, $0.body.id, $0.registration ?? ""] }
            + report.timeline.map(\.title)
    }
}
