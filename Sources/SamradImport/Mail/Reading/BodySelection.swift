/// Sorts a message's entities into the text to read, the files, the embedded messages and a bounce's machine parts.
///
/// - multipart/alternative: the first alternative whose text is all text/plain and not blank, else
///   the first with any text that is not blank (HTML); files and messages are taken from every alternative, since Apple Mail puts
///   inline attachments in the HTML alternative only.
/// - multipart/report: the first part is text; for delivery-status, the status and the returned
///   header or message are kept apart; other parts are read as usual.
/// - any other multipart: every part in order.
/// - a leaf: inline text/plain or text/html without a file name is text; every other leaf is a file.
struct BodySelection {
    /// The leaves whose text makes up the message text, in order.
    var textParts: [MimeEntity] = []
    /// The leaves kept as files.
    var attachments: [MimeEntity] = []
    /// The message/rfc822 parts (forwarded replies, digests).
    var messages: [MimeMessageValue] = []
    /// The message/delivery-status part of a bounce.
    var deliveryStatus: MimeEntity?
    /// The returned header (text/rfc822-headers) or message (message/rfc822) of a bounce.
    var returnedOriginal: MimeEntity?

    /// Sorts the entities of a message's body.
    init(body: MimeEntity?) {
        if let body { visit(body, isTopLevel: true) }
    }

    private init() {}

    private mutating func visit(_ entity: MimeEntity, isTopLevel: Bool) {
        switch entity.body {
        case .leaf:
            if Self.isInlineText(entity) {
                textParts.append(entity)
            } else {
                attachments.append(entity)
            }
        case .message(let inner):
            messages.append(inner)
        case .partial:
            attachments.append(entity)
        case .multipart(let children, _):
            switch entity.subtype {
            case "alternative":
                visitAlternatives(children)
            case "report":
                visitReport(entity, children: children, isTopLevel: isTopLevel)
            default:
                for child in children { visit(child, isTopLevel: false) }
            }
        }
    }

    private mutating func visitAlternatives(_ children: [MimeEntity]) {
        let alternatives = children.map { child in
            var selection = BodySelection()
            selection.visit(child, isTopLevel: false)
            return selection
        }
        let chosen =
            alternatives.firstIndex { $0.hasVisibleText && $0.textParts.allSatisfy { $0.subtype == "plain" } }
            ?? alternatives.firstIndex(where: \.hasVisibleText)
            ?? alternatives.firstIndex { !$0.textParts.isEmpty }
        for (index, alternative) in alternatives.enumerated() {
            if index == chosen { textParts += alternative.textParts }
            attachments += alternative.attachments
            messages += alternative.messages
        }
    }

    private mutating func visitReport(_ report: MimeEntity, children: [MimeEntity], isTopLevel: Bool) {
        let isDeliveryStatus = report.parameters["report-type"]?.lowercased() == "delivery-status"
        for (index, child) in children.enumerated() {
            if isDeliveryStatus, isTopLevel, index > 0 {
                switch child.mediaType {
                case "message/delivery-status", "message/global-delivery-status":
                    if deliveryStatus == nil {
                        deliveryStatus = child
                        continue
                    }
                case "text/rfc822-headers", "message/rfc822", "message/global", "message/global-headers":
                    if returnedOriginal == nil {
                        returnedOriginal = child
                        continue
                    }
                default:
                    break
                }
            }
            visit(child, isTopLevel: false)
        }
    }

    /// Whether some text part has more than white space (a few mailers send an empty text/plain beside the HTML).
    private var hasVisibleText: Bool {
        textParts.contains { part in
            part.content?.contains { !(0x09...0x0D).contains($0) && $0 != 0x20 } ?? false
        }
    }

    /// Text meant to be read in the message: text/plain or text/html, not an attachment and without a file name.
    static func isInlineText(_ entity: MimeEntity) -> Bool {
        entity.type == "text" && (entity.subtype == "plain" || entity.subtype == "html")
            && entity.disposition != "attachment" && entity.filename == nil
    }
}
