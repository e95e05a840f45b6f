import Foundation
import SamradApp
import SamradCore
import SamradStore

/// The pages a body sees through its link, in Swedish: the form, the receipt, and what a closed or wrong link says.
enum BodyPages {
    /// The form as the body fills it in, with what it has sent before and any errors to correct.
    static func form(
        _ page: PortalAnswers.BodyPage, token: String, csrf: String, form: PortalForm, errors: [PortalAnswers.FieldError] = [],
        notice: String? = nil
    ) -> String {
        let round = page.round
        let base = "/svar/\(token)"
        var content = [
            "<h1>\(HTML.isolated(round.title))</h1>",
            "<p class=\"lead\">Svar från \(HTML.isolated(page.body.name))</p>",
            HTML.errorSummary(errors.map { ($0.field, $0.message) }),
        ]
        if let notice { content.append("<p class=\"notice\" role=\"status\">\(HTML.escape(notice))</p>") }
        content.append(about(page, base: base))
        if page.late {
            content.append(
                "<p class=\"warning\">Sista svarsdag, \(HTML.day(round.deadline)), har passerat. Ni kan fortfarande svara, "
                    + "men svaret markeras som sent.</p>")
        }
        let errorFor = Dictionary(errors.map { ($0.field, $0.message) }) { first, _ in first }
        var fields: [String] = []
        for area in round.goalAreas {
            fields.append(areaFieldset(area, answer: form.area(area.id), errors: errorFor))
        }
        fields.append(
            textArea(
                id: "allmant", label: "Övriga synpunkter på förslaget", hint: "Synpunkter som inte gäller ett visst målområde.",
                value: form.general, error: errorFor["allmant"]))
        let current =
            form.document.map {
                "<p class=\"hint\" id=\"dokument-nu\">Bifogad fil: \(HTML.isolated($0.filename)). En ny fil ersätter den.</p>"
            }
            ?? ""
        fields.append(
            """
            <div class="field\(errorFor["dokument"] == nil ? "" : " has-error")">
            <label for="dokument">Beslutat yttrande eller protokollsutdrag</label>
            <p class="hint" id="dokument-hint">PDF, DOCX eller ODT, högst \(PortalAnswers.documentLimit / 1024 / 1024) MB.</p>
            \(current)\(errorText("dokument", errorFor["dokument"]))
            <input type="file" id="dokument" name="dokument" accept=".pdf,.docx,.odt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text" aria-describedby="\(describedBy("dokument", hint: "dokument-hint", error: errorFor["dokument"]))\(form.document == nil ? "" : " dokument-nu")"\(errorFor["dokument"] == nil ? "" : " aria-invalid=\"true\"")>
            </div>
            """)
        fields.append(
            "<fieldset class=\"respondent\">\n<legend>Vem svarar</legend>\n"
                + textInput(id: "namn", label: "Namn", value: form.respondent, autocomplete: "name", error: errorFor["namn"])
                + textInput(
                    id: "roll", label: "Roll, till exempel nämndsekreterare", value: form.role, autocomplete: "organization-title",
                    error: errorFor["roll"])
                + "</fieldset>")
        let draft = page.draftSavedAt.map { "<p class=\"hint\">Utkastet sparades \(HTML.time($0)).</p>" } ?? ""
        content.append(
            """
            <form method="post" action="\(base)" enctype="multipart/form-data" novalidate>
            <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <h2>Ert svar</h2>
            <p>Ta ställning till varje målområde och skriv gärna varför. Det som sparas som utkast registreras inte. Ni kan ändra svaret till sista svarsdag; det senaste svaret gäller.</p>
            \(fields.joined(separator: "\n"))
            \(draft)
            <div class="actions">
            <button type="submit" name="atgard" value="skicka" class="primary">Skicka in</button>
            <button type="submit" name="atgard" value="utkast">Spara utkast</button>
            </div>
            </form>
            """)
        content.append(sent(page.submissions, round: round))
        return HTML.page(
            title: "\(errors.isEmpty ? "" : "Fel: ")Svar: \(HTML.escape(round.title))", content: content.joined(separator: "\n"))
    }

    /// The round: its reference, deadline, dialogues with a calendar link, and its documents.
    static func about(_ page: PortalAnswers.BodyPage, base: String) -> String {
        let round = page.round
        var lines = [
            "<section aria-labelledby=\"om-rubrik\">",
            "<h2 id=\"om-rubrik\">Om remissen</h2>",
            HTML.facts([
                ("Diarienummer", HTML.isolated(round.reference)),
                ("Sista svarsdag", HTML.day(round.deadline)),
                ("Från", HTML.isolated(round.from.name)),
            ]),
        ]
        if let summary = round.summary, !summary.isEmpty {
            // The round's file wraps its summary as it likes: its paragraphs flow here, to the width of the screen.
            let flowing = summary.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")
                .map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n\n")
            lines.append(HTML.paragraphs(flowing))
        }
        if !page.dialogues.isEmpty {
            lines.append("<h3>Dialoger</h3>\n<ul>")
            for dialogue in page.dialogues {
                lines.append(
                    "<li>\(HTML.isolated(dialogue.title)) \(HTML.day(dialogue.start.date)) kl. \(dialogue.start.swedishTime)–"
                        + "\(dialogue.end.swedishTime), \(HTML.isolated(dialogue.location))</li>")
            }
            lines.append("</ul>")
        }
        lines.append("<p><a href=\"\(base)/kalender.ics\">Dialoger och sista svarsdag för kalendern (.ics)</a></p>")
        if !page.documents.isEmpty {
            lines.append("<h3>Remissens handlingar</h3>\n<ul>")
            for (index, name) in page.documents.enumerated() {
                lines.append("<li><a href=\"\(base)/dokument/\(index)\" download>\(HTML.isolated(name))</a></li>")
            }
            lines.append("</ul>")
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    /// One goal area: its stance as radio buttons and a text, in a fieldset with the area as legend.
    static func areaFieldset(_ area: GoalArea, answer: PortalForm.Area?, errors: [String: String]) -> String {
        let textID = "omrade-\(area.id)-text"
        let radios = Stance.portalChoices.map { stance in
            let id = "omrade-\(area.id)-\(stance.rawValue)"
            let checked = answer?.stance == stance ? " checked" : ""
            return
                "<div class=\"choice\"><input type=\"radio\" id=\"\(id)\" name=\"omrade-\(area.id)-stallning\" value=\"\(stance.rawValue)\"\(checked)>"
                + "<label for=\"\(id)\">\(stance.portalLabel)</label></div>"
        }
        return """
            <fieldset class="area">
            <legend>Målområde \(area.id). \(HTML.isolated(area.title))</legend>
            <div class="choices">
            \(radios.joined(separator: "\n"))
            </div>
            \(textArea(id: textID, label: "Synpunkter på målområde \(area.id)", hint: nil, value: answer?.text ?? "", error: errors[textID]))
            </fieldset>
            """
    }

    static func errorText(_ id: String, _ error: String?) -> String {
        error.map { "<p class=\"error\" id=\"\(id)-fel\"><span class=\"visually-hidden\">Fel: </span>\(HTML.escape($0))</p>\n" } ?? ""
    }

    static func describedBy(_ id: String, hint: String?, error: String?) -> String {
        [hint, error.map { _ in "\(id)-fel" }].compactMap { $0 }.joined(separator: " ")
    }

    static func textArea(id: String, label: String, hint: String?, value: String, error: String?) -> String {
        let hintID = hint.map { _ in "\(id)-hint" }
        let described = describedBy(id, hint: hintID, error: error)
        return """
            <div class="field\(error == nil ? "" : " has-error")">
            <label for="\(id)">\(label)</label>
            \(hint.map { "<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>" } ?? "")\(errorText(id, error))<textarea id="\(id)" name="\(id)" rows="5"\(described.isEmpty ? "" : " aria-describedby=\"\(described)\"")\(error == nil ? "" : " aria-invalid=\"true\"")>\(HTML.escape(value))</textarea>
            </div>
            """
    }

    static func textInput(id: String, label: String, value: String, autocomplete: String, error: String?) -> String {
        let described = describedBy(id, hint: nil, error: error)
        return """
            <div class="field\(error == nil ? "" : " has-error")">
            <label for="\(id)">\(label)</label>
            \(errorText(id, error))<input type="text" id="\(id)" name="\(id)" value="\(HTML.escape(value))" autocomplete="\(autocomplete)"\(described.isEmpty ? "" : " aria-describedby=\"\(described)\"")\(error == nil ? "" : " aria-invalid=\"true\"")>
            </div>

            """
    }

    /// What the body has sent, newest first: each submission's number, time and answers.
    static func sent(_ submissions: [PortalSubmission], round: Consultation) -> String {
        guard !submissions.isEmpty else { return "" }
        var lines = ["<section aria-labelledby=\"skickat-rubrik\">", "<h2 id=\"skickat-rubrik\">Skickade svar</h2>"]
        if submissions.count > 1 { lines.append("<p>Det senaste svaret gäller.</p>") }
        for submission in submissions.reversed() {
            lines.append(submissionArticle(submission, round: round))
        }
        lines.append("</section>")
        return lines.joined(separator: "\n")
    }

    static func submissionArticle(_ submission: PortalSubmission, round: Consultation, level: Int = 3) -> String {
        var lines = [
            "<article class=\"submission\">",
            "<h\(level)>\(HTML.escape(submission.registration)), skickat \(HTML.time(submission.date))\(submission.late ? " (sent)" : "")</h\(level)>",
        ]
        var rows: [(String, String)] = []
        for area in round.goalAreas {
            let answer = submission.form.area(area.id)
            var value = HTML.escape(answer?.stance?.portalLabel ?? "Inget valt")
            if let text = answer?.text, !text.isEmpty { value += HTML.paragraphs(text) }
            rows.append(("Målområde \(area.id). \(HTML.isolated(area.title))", value))
        }
        if !submission.form.general.isEmpty { rows.append(("Övriga synpunkter", HTML.paragraphs(submission.form.general))) }
        if let document = submission.form.document { rows.append(("Bifogad fil", HTML.isolated(document.filename))) }
        let who = [submission.form.respondent, submission.form.role].filter { !$0.isEmpty }.joined(separator: ", ")
        rows.append(("Svarat av", who.isEmpty ? "–" : HTML.isolated(who)))
        lines.append(HTML.facts(rows))
        lines.append("</article>")
        return lines.joined(separator: "\n")
    }

    /// The receipt after a submission.
    static func receipt(_ page: PortalAnswers.BodyPage, submission: PortalSubmission, token: String) -> String {
        let content = """
            <h1>Tack, ert svar har kommit in</h1>
            <p class="notice" role="status">Svaret på \(HTML.isolated(page.round.title)) har registrerats som <strong>\(HTML.escape(submission.registration))</strong>.</p>
            <p>Ett kvitto med en kopia av svaret skickas med e-post till \(HTML.isolated(page.body.name)) och nämndsekreteraren.\(page.open ? " Ni kan ändra svaret till sista svarsdag; det senaste svaret gäller." : "")</p>
            \(submissionArticle(submission, round: page.round, level: 2))
            <p><a href="/svar/\(token)">Tillbaka till svaret</a></p>
            """
        return HTML.page(title: "Kvitto: \(HTML.escape(page.round.title))", content: content)
    }

    /// The page after the deadline: what was sent, and that the round takes no more answers.
    static func closed(_ page: PortalAnswers.BodyPage) -> String {
        let round = page.round
        let content = [
            "<h1>\(HTML.isolated(round.title))</h1>",
            "<p class=\"lead\">Svar från \(HTML.isolated(page.body.name))</p>",
            "<p class=\"notice\" role=\"status\">Remissen är stängd: sista svarsdag var \(HTML.day(round.deadline)), och den tar inte längre emot svar.</p>",
            page.submissions.isEmpty ? "<p>Inget svar skickades via svarsportalen.</p>" : sent(page.submissions, round: round),
        ]
        return HTML.page(title: "Stängd: \(HTML.escape(round.title))", content: content.joined(separator: "\n"))
    }

    /// A short page for a link that opens nothing (or no longer does): it never names a body.
    static func message(title: String, text: String) -> String {
        HTML.page(title: HTML.escape(title), content: "<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(text))</p>")
    }

    static let unknownLink = message(
        title: "Länken gäller inte",
        text: "Länken finns inte. Kontrollera att hela adressen från e-postmeddelandet kom med, eller kontakta den som skickade remissen.")
    static let revokedLink = message(
        title: "Länken gäller inte längre",
        text: "Länken har ersatts av en ny. Använd länken i det senaste meddelandet om remissen, eller kontakta den som skickade den.")
    static let roundClosed = message(
        title: "Remissen är avslutad", text: "Remissen är avslutad och tar inte längre emot svar via svarsportalen.")
    static let tooMany = message(
        title: "För många försök", text: "Det har kommit för många felaktiga försök från er adress. Vänta en stund och försök igen.")
    static let expiredForm = message(
        title: "Formuläret har gått ut",
        text: "Formuläret kunde inte tas emot eftersom det har gått ut. Gå tillbaka, ladda om sidan och skicka igen.")
}
