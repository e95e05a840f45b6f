/// Thunderbird: `<div class="moz-cite-prefix">Den 2019-04-11 kl. 08:00, skrev …:</div>` before the quote, a
/// `<blockquote type="cite">` (see ``CitedQuote``). A forward (`moz-forward-container`) is no quote.
enum ThunderbirdQuote: HTMLQuoteRule {
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        tag.hasClass("moz-cite-prefix") ? .dropElement : nil
    }
}
