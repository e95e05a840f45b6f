import Foundation
import SamradApp
import SamradCore
import SamradStore

/// The coordinator's pages under `/samordnare`: they show what the commands have done and change nothing.
enum CoordinatorPages {
    /// A page with the coordinator's navigation and a logout button.
    static func page(title: String, user: String, csrf: String, round: String? = nil, content: String) -> String {
        var links = ["<li><a href=\"/samordnare\">Remisser</a></li>", "<li><a href=\"/samordnare/omatchade\">Omatchad post</a></li>"]
        if let round {
            let base = "/samordnare/remiss/\(HTML.escape(round))"
            links += [
                "<li><a href=\"\(base)\">Status</a></li>", "<li><a href=\"\(base)/granska\">Att granska</a></li>",
                "<li><a href=\"\(base)/rapport\">Rapport</a></li>", "<li><a href=\"\(base)/diarium\">Diarium</a></li>",
            ]
        }
        let navigation = """
            <nav aria-label="Samordnarens sidor"><ul class="menu">
            \(links.joined(separator: "\n"))
            </ul></nav>
            <form method="post" action="/samordnare/logga-ut" class="logout">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <p>Inloggad som \(HTML.isolated(user)) <button type="submit">Logga ut</button></p>
            </form>
            """
        return HTML.page(title: title, heading: "Samråd – samordnare", navigation: navigation, content: content)
    }

    /// The login form.
    static func login(csrf: String, error: String? = nil, name: String = "") -> String {
        let errors = error.map { [("namn", $0)] } ?? []
        let content = """
            <h1>Logga in</h1>
            \(HTML.errorSummary(errors))
            <form method="post" action="/samordnare/logga-in" novalidate>
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <div class="field"><label for="namn">Användarnamn</label>
            <input type="text" id="namn" name="namn" value="\(HTML.escape(name))" autocomplete="username"\(error == nil ? "" : " aria-invalid=\"true\"")></div>
            <div class="field"><label for="losenord">Lösenord</label>
            <input type="password" id="losenord" name="losenord" autocomplete="current-password"></div>
            <div class="actions"><button type="submit" class="primary">Logga in</button></div>
            </form>
            """
        return HTML.page(title: "Logga in – Samråd", heading: "Samråd – samordnare", content: content)
    }

    /// The rounds, each with a link to its status.
    static func rounds(_ rounds: [StoredConsultation], user: String, csrf: String) -> String {
        let items = rounds.map { stored in
            let round = stored.consultation
            return "<li><a href=\"/samordnare/remiss/\(HTML.escape(round.id))\">\(HTML.isolated(round.title))</a> "
                + "(Dnr \(HTML.isolated(round.reference)), sista svarsdag \(HTML.day(round.deadline))\(stored.closedAt == nil ? "" : ", avslutad"))</li>"
        }
        let content = "<h1>Remisser</h1>\n" + (items.isEmpty ? "<p>Inga remisser.</p>" : "<ul>\n\(items.joined(separator: "\n"))\n</ul>")
        return page(title: "Remisser – Samråd", user: user, csrf: csrf, content: content)
    }

    /// A table with a caption; cells already escaped.
    static func table(caption: String, headers: [String], rows: [[String]], label: String) -> String {
        let head = "<tr>" + headers.enumerated().map { "<th scope=\"col\">\($0.element)</th>" }.joined() + "</tr>"
        let body = rows.map { row in
            "<tr>" + row.enumerated().map { $0.offset == 0 ? "<th scope=\"row\">\($0.element)</th>" : "<td>\($0.element)</td>" }.joined()
                + "</tr>"
        }
        return """
            <div class="table" tabindex="0" role="region" aria-label="\(HTML.escape(label))">
            <table>
            <caption>\(caption)</caption>
            <thead>\(head)</thead>
            <tbody>
            \(body.joined(separator: "\n"))
            </tbody>
            </table>
            </div>
            """
    }

    /// The status matrix: each body's latest stance per goal area.
    static func status(_ status: ConsultationStatus, round: Consultation, user: String, csrf: String) -> String {
        let base = "/samordnare/remiss/\(HTML.escape(round.id))"
        let rows = status.rows.map { row -> [String] in
            let answered = row.complete ? "komplett" : row.answers.isEmpty ? "inget" : "ofullständigt"
            return ["<a href=\"\(base)/organ/\(HTML.escape(row.id))\">\(HTML.isolated(row.name))</a> (\(HTML.escape(row.id)))"]
                + status.goalAreas.map { HTML.escape(row.answers[String($0.id)]?.swedish ?? "–") }
                + [answered, row.late ? "ja" : "nej"]
        }
        let totals = status.totals
        let content = """
            <h1>\(HTML.isolated(round.title))</h1>
            \(HTML.facts([("Diarienummer", HTML.isolated(round.reference)), ("Sista svarsdag", HTML.day(round.deadline)), ("Svarsportalen", round.portal ? "används" : "används inte"), ("Har svarat", "\(totals.answered) kompletta, \(totals.partlyAnswered) ofullständiga av \(totals.recipients); \(totals.late) sena")]))
            \(table(caption: "Senaste ställningstagande per nämnd eller bolag och målområde", headers: ["Nämnd eller bolag"] + status.goalAreas.map { "Målområde \($0.id)" } + ["Svar", "Sent"], rows: rows, label: "Status per målområde"))
            """
        return page(title: "Status: \(HTML.escape(round.title))", user: user, csrf: csrf, round: round.id, content: content)
    }

    /// One body: its standing stance per area with the evidence, then every answer it gave.
    static func body(
        _ row: ConsultationStatus.Row, answers: [Response], round: Consultation, user: String, csrf: String
    ) -> String {
        var lines = ["<h1>\(HTML.isolated(row.name)) (\(HTML.escape(row.id)))</h1>", "<h2>Ställningstaganden</h2>"]
        var rows: [(String, String)] = []
        for area in round.goalAreas {
            let key = String(area.id)
            var value = HTML.escape(row.answers[key]?.swedish ?? "inget svar")
            if let evidence = row.evidence[key] {
                value +=
                    "<br>Underlag: <q>\(HTML.isolated(evidence.clause))</q> (\(HTML.escape(evidence.placeInSwedish)); "
                    + "\(HTML.escape(evidence.rule.swedish)))"
            }
            rows.append(("Målområde \(area.id). \(HTML.isolated(area.title))", value))
        }
        lines.append(HTML.facts(rows))
        lines.append("<h2>Svar i ordning</h2>")
        if answers.isEmpty { lines.append("<p>Inga svar.</p>") }
        for answer in answers {
            let withdrawn = answer.withdrawnAt.map { ", återtaget \(HTML.time($0))" } ?? ""
            lines.append("<article class=\"submission\">")
            lines.append(
                "<h3>\(HTML.escape(answer.registration ?? "–")) · \(HTML.escape(answer.kind.rawValue)) · \(HTML.time(answer.receivedAt))\(withdrawn)</h3>"
            )
            let items = answer.contributions.map { item -> (String, String) in
                let label = item.goalArea.map { "Målområde \($0)" } ?? "Allmänt"
                var value = HTML.escape(item.stance?.swedish ?? "rensat")
                if !item.text.isEmpty { value += HTML.paragraphs(item.text) }
                if let evidence = item.evidence { value += "<p class=\"hint\">Regel: \(HTML.escape(evidence.rule.swedish))</p>" }
                return (label, value)
            }
            lines.append(items.isEmpty ? "<p>Inget om målområdena.</p>" : HTML.facts(items))
            lines.append("<p class=\"hint\">Källa: \(HTML.isolated(answer.source))</p>")
            lines.append("</article>")
        }
        return page(
            title: "\(HTML.escape(row.name)) – Samråd", user: user, csrf: csrf, round: round.id, content: lines.joined(separator: "\n"))
    }

    /// The review items of a round.
    static func review(_ items: [ReviewItem], round: Consultation, user: String, csrf: String) -> String {
        var lines = ["<h1>Att granska: \(HTML.isolated(round.title))</h1>"]
        if items.isEmpty { lines.append("<p>Inget att granska.</p>") }
        for item in items {
            let about = [item.body, item.area.map { "målområde \($0)" }, item.registration].compactMap { $0 }.joined(separator: ", ")
            lines.append("<article class=\"submission\">")
            lines.append("<h2>\(HTML.escape(item.kind.rawValue))\(about.isEmpty ? "" : " (\(HTML.isolated(about)))")</h2>")
            lines.append("<p>\(HTML.isolated(item.detail))</p>")
            for evidence in item.evidence {
                lines.append("<p class=\"hint\"><q>\(HTML.isolated(evidence.clause))</q> – \(HTML.escape(evidence.placeInSwedish))</p>")
            }
            lines.append("<p class=\"hint\">Id: <code>\(HTML.escape(item.id))</code></p>")
            lines.append("</article>")
        }
        return page(title: "Att granska – Samråd", user: user, csrf: csrf, round: round.id, content: lines.joined(separator: "\n"))
    }

    /// Messages that matched no body.
    static func unmatched(_ messages: [UnmatchedMessage], user: String, csrf: String) -> String {
        let rows = messages.map { message -> [String] in
            [
                HTML.escape(message.registration ?? "–"), HTML.time(message.importedAt), HTML.isolated(message.sender ?? "okänd"),
                HTML.isolated(message.subject), HTML.isolated(message.reason ?? ""),
                HTML.escape(message.candidates.joined(separator: ", ")),
            ]
        }
        let content =
            "<h1>Omatchad post</h1>\n"
            + (rows.isEmpty
                ? "<p>Ingen omatchad post.</p>"
                : table(
                    caption: "Meddelanden som inte kunde kopplas till en nämnd eller ett bolag",
                    headers: ["Diarienummer", "Inkom", "Avsändare", "Ämne", "Varför", "Kandidater"], rows: rows, label: "Omatchad post"))
        return page(title: "Omatchad post – Samråd", user: user, csrf: csrf, content: content)
    }

    /// The round's register.
    static func register(_ entries: [RegisterEntry], round: Consultation, user: String, csrf: String) -> String {
        let rows = entries.map { entry -> [String] in
            [
                HTML.escape(entry.registration), HTML.time(entry.date), entry.direction == .incoming ? "in" : "ut",
                HTML.isolated(entry.counterpart), HTML.isolated(entry.subject), HTML.escape(entry.kind), HTML.escape(entry.state),
            ]
        }
        let content =
            "<h1>Diarium: \(HTML.isolated(round.title))</h1>\n"
            + table(
                caption: "Handlingar ut och in i remissen \(HTML.isolated(round.reference))",
                headers: ["Nummer", "Datum", "Riktning", "Motpart", "Ämne", "Slag", "Läge"], rows: rows, label: "Diarium")
        return page(title: "Diarium – Samråd", user: user, csrf: csrf, round: round.id, content: content)
    }
}
