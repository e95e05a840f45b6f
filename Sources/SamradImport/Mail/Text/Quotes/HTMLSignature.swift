/// Signatures the clients mark, and the quote that follows them.
///
/// - Thunderbird's `moz-signature`, Gmail's `gmail_signature` (and the "-- " before it,
///   `gmail_signature_prefix`), Outlook on the web's `<div id="Signature">`, Apple Mail's
///   `<div apple-content-edited="true">`: the element;
/// - Outlook for Windows starts its signature with the bookmark `<a name="_MailAutoSig">`, and iOS Mail with
///   `<br id="lineBreakAtBeginningOfSignature">`: from there on, since only the quoted message follows —
///   except in a forward, where the message passed on follows.
enum HTMLSignature: HTMLQuoteRule {
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        if tag.hasClass("moz-signature") || tag.hasClass("gmail_signature") || tag.hasClass("gmail_signature_prefix") {
            return .dropElement
        }
        if tag.name == "div", tag.id == "Signature" || tag.attributes["apple-content-edited"] == "true" { return .dropElement }
        guard !message.isForward else { return nil }
        if tag.name == "a", tag.attributes["name"] == "_MailAutoSig" { return .dropRest }
        if tag.name == "br", tag.id == "lineBreakAtBeginningOfSignature" { return .dropRest }
        return nil
    }
}
