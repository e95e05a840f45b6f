/// How one mail client marks the quoted message or the signature in the HTML of a reply.
///
/// One rule per client, each in a file of its own: adding a client's quote style is adding a rule to
/// ``HTMLQuoteRules/all``. The converter asks every rule about every start tag; the first action wins.
protocol HTMLQuoteRule: Sendable {
    /// What to do with the element `tag` starts; nil when the rule has nothing to say about it.
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction?
}

/// What a rule knows of the message besides its HTML.
struct HTMLQuoteContext: Equatable {
    /// Whether the sender forwarded the message (its subject starts "VB:", "Fwd:", …): what a client marks as
    /// the quoted message is then the message passed on, which the reader reads from its header block.
    var isForward = false
}

/// What the converter does with an element a rule recognised.
enum HTMLQuoteAction: Equatable {
    /// Leave out the element and what it holds (a signature, an attribution).
    case dropElement
    /// Leave out the element when its text reads as an attribution ("Den … skrev …:"); else keep it.
    case dropAttribution
    /// Leave out the quoted element and the attribution line just before it, unless the line before says
    /// the message was forwarded: a forwarded answer is the text that counts, and stays.
    case dropQuote
    /// Leave out the element and everything after it in the document.
    case dropRest
    /// Leave out the element and everything after it when the text there starts with a header block
    /// ("Från: … Skickat: … Till: … Ämne: …"), as Outlook writes above the message it quotes.
    case dropRestBeforeHeaderBlock
}

/// The quote and signature rules of the clients replies come from.
enum HTMLQuoteRules {
    static let all: [any HTMLQuoteRule.Type] = [
        OutlookQuote.self, GmailQuote.self, ThunderbirdQuote.self, CitedQuote.self, HTMLSignature.self,
    ]

    /// The first action a rule gives for the tag.
    static func action(for tag: HTMLTag, in message: HTMLQuoteContext) -> HTMLQuoteAction? {
        for rule in all {
            if let action = rule.action(for: tag, in: message) { return action }
        }
        return nil
    }
}
