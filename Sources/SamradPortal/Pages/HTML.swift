import Foundation
import SamradCore
import SamradReport

/// Text from outside made safe for HTML, and the pages' shared frame.
enum HTML {
    /// Text as HTML text or a quoted attribute value, as the report escapes it: `& < > " '` escaped, CR LF made
    /// LF, and the controls and noncharacters HTML forbids replaced by U+FFFD.
    static func escape(_ text: some StringProtocol) -> String {
        HTMLReport.escape(String(text))
    }

    /// Text from outside inside `<bdi>`, so that a direction override in it cannot reorder the page's own words.
    static func isolated(_ text: some StringProtocol) -> String {
        "<bdi>\(escape(text))</bdi>"
    }

    /// Paragraphs of a text from outside, each line kept.
    static func paragraphs(_ text: String) -> String {
        text.components(separatedBy: "\n\n").map { part in
            "<p class=\"user-text\">\(escape(part).replacingOccurrences(of: "\n", with: "<br>"))</p>"
        }.joined(separator: "\n")
    }

    /// A whole page: the frame with a skip link, a header, the main content and a footer. `title` and `content`
    /// must already be escaped.
    static func page(title: String, heading: String = "Samråd – svarsportalen", navigation: String = "", content: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(title)</title>
        <link rel="stylesheet" href="/static/portal.css">
        </head>
        <body>
        <a class="skip" href="#innehall">Hoppa till innehållet</a>
        <header class="site">
        <p class="site-name">\(heading)</p>
        \(navigation)
        </header>
        <main id="innehall">
        \(content)
        </main>
        <footer class="site">
        <p>Samråd. Sidan fungerar utan JavaScript och kan förstoras.</p>
        </footer>
        </body>
        </html>

        """
    }

    /// An error summary for the top of a form: what to correct, each linked to its field.
    static func errorSummary(_ errors: [(field: String, message: String)]) -> String {
        guard !errors.isEmpty else { return "" }
        let items = errors.map { error in
            error.field.isEmpty
                ? "<li>\(escape(error.message))</li>" : "<li><a href=\"#\(escape(error.field))\">\(escape(error.message))</a></li>"
        }
        return """
            <div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="fel-rubrik">
            <h2 id="fel-rubrik">\(errors.count == 1 ? "Det finns ett fel att rätta" : "Det finns \(errors.count) fel att rätta")</h2>
            <ul>
            \(items.joined(separator: "\n"))
            </ul>
            </div>
            """
    }

    /// A definition list of facts, each value already escaped.
    static func facts(_ entries: [(String, String)]) -> String {
        "<dl class=\"facts\">\n" + entries.map { "<div><dt>\($0.0)</dt><dd>\($0.1)</dd></div>" }.joined(separator: "\n") + "\n</dl>"
    }

    /// A date and time in Swedish, in a `<time>` element.
    static func time(_ instant: Date) -> String {
        "<time datetime=\"\(SwedishTime.iso8601(instant))\">\(SwedishTime.short(instant))</time>"
    }

    /// A day in Swedish, in a `<time>` element.
    static func day(_ date: LocalDate) -> String {
        "<time datetime=\"\(date)\">\(date.swedishWeekday) \(date.swedish)</time>"
    }
}
