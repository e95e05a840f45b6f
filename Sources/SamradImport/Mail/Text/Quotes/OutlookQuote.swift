/// Outlook marks none of the quoted text as a quote: it writes a header block above it and everything after
/// is the message it answers.
///
/// - Outlook on the web and new Outlook: `<div id="appendonsend">`, then `<hr …>` and
///   `<div id="divRplyFwdMsg">` holding the header block;
/// - Outlook for Windows: `<div style="border:none;border-top:solid #E1E1E1 1.0pt;…">` (#B5C4DF before 2013)
///   holding "Från: … Skickat: …", or `<div class="OutlookMessageHeader">`;
/// - any of them: an `<hr>` followed by the header block.
///
/// A forward looks the same, with the message passed on below the header block: in a forwarded message the
/// rule leaves all of it as text, and the reader tells from the header block whose message it is.
enum OutlookQuote: HTMLQuoteRule {
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        guard !message.isForward else { return nil }
        if tag.id == "divRplyFwdMsg" || tag.id == "appendonsend" || tag.hasClass("OutlookMessageHeader") { return .dropRest }
        if tag.name == "hr" { return .dropRestBeforeHeaderBlock }
        let style = tag.compactStyle
        if tag.name == "div", style.contains("border-top:solid"), style.contains("border:none") { return .dropRestBeforeHeaderBlock }
        return nil
    }
}
