/// Apple Mail and Thunderbird: the quoted message is a `<blockquote type="cite">`, with the attribution
/// ("11 apr. 2019 kl. 08:00 skrev …:", "On … wrote:") just before it or as its first line.
///
/// Apple Mail forwards in the same blockquote, after "Början av vidarebefordrat brev:" ("Begin forwarded
/// message:"): that one stays, since the forwarded answer is the text that counts.
enum CitedQuote: HTMLQuoteRule {
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        tag.name == "blockquote" && tag.attributes["type"]?.lowercased() == "cite" ? .dropQuote : nil
    }
}
