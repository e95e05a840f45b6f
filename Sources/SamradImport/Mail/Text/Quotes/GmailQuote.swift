/// Gmail: `<div class="gmail_quote">` holds the attribution (`<div class="gmail_attr">Den tors 11 apr. 2019 kl
/// 08:00 skrev …:</div>`) and the quote (`<blockquote class="gmail_quote">`).
///
/// The two are left out one by one rather than the whole `gmail_quote`: an answer interleaved between
/// quoted parts stands inside it, and so does a forwarded message ("---------- Forwarded message ---------"
/// in `gmail_attr`, no blockquote), whose text is the answer a registrar passes on.
enum GmailQuote: HTMLQuoteRule {
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        if tag.name == "blockquote", tag.hasClass("gmail_quote") { return .dropQuote }
        if tag.hasClass("gmail_attr") { return .dropAttribution }
        return nil
    }
}
