import SamradCore

/// The structural checks GMime, being lenient, does not make: boundaries that never come.
///
/// - A multipart without a boundary parameter is refused (GMime puts its whole body in the prologue).
/// - A multipart whose boundary never occurs has no parts; its text sits in the prologue, where
///   readers ignore it. Refused as a broken boundary.
/// - A multipart whose closing boundary never comes, inside nothing that closed, was cut off by
///   the end of the input. Refused as truncated.
/// - A multipart that an enclosing part's boundary ended before its own closing boundary lost
///   nothing; it is read, with a warning. So is a multipart with only a closing boundary.
/// - A message/partial fragment is refused: the rest of the message is elsewhere.
enum StructureCheck {
    /// Throws on the first structure that cannot be read completely; returns warnings for what can.
    static func check(_ message: MimeMessageValue) throws(MailReadError) -> [MailReadWarning] {
        var warnings: [MailReadWarning] = []
        if let body = message.body {
            try check(body, enclosingClosed: false, warnings: &warnings)
        }
        return warnings
    }

    private static func check(_ entity: MimeEntity, enclosingClosed: Bool, warnings: inout [MailReadWarning]) throws(MailReadError) {
        switch entity.body {
        case .leaf:
            return
        case .message(let inner):
            if let body = inner.body {
                try check(body, enclosingClosed: enclosingClosed, warnings: &warnings)
            }
        case .partial(let id, let number, let total):
            throw MailReadError(
                .partialMessage, part: entity.partNumber,
                reason: "\(entity.label) is fragment \(number) of \(total > 0 ? String(total) : "an unknown number")"
                    + (id.map { " of the split message '\($0)'" } ?? "") + "; the rest of the message is in other mails",
                fix: "collect every fragment in the mail client (it joins them) and save the joined message"
            )
        case .multipart(let children, let hasClosingBoundary):
            guard let boundary = entity.parameters["boundary"], !boundary.isEmpty else {
                throw MailReadError(
                    .missingBoundary, part: entity.partNumber,
                    reason: "\(entity.label) has no boundary parameter, so its parts cannot be told apart",
                    fix: "ask the sender to send the reply again; the mail client or gateway that wrote it is broken"
                )
            }
            if children.isEmpty {
                guard hasClosingBoundary else {
                    throw MailReadError(
                        .brokenBoundary, part: entity.partNumber,
                        reason:
                            "the boundary '\(TerminalText.safe(boundary, singleLine: true))' of \(entity.label) never occurs in its body, so it has no parts "
                            + "(the delimiter lines do not match the boundary parameter, or the message ends before its first part)",
                        fix: "ask the sender to send the reply again, or save it again from the mail client; "
                            + "a gateway or a hand edit may have changed the boundary"
                    )
                }
                warnings.append(MailReadWarning(part: entity.partNumber, message: "\(entity.label) has no parts; read as empty"))
                return
            }
            if !hasClosingBoundary {
                guard enclosingClosed else {
                    throw MailReadError(
                        .truncatedMultipart, part: entity.partNumber,
                        reason:
                            "\(entity.label) ends before its closing boundary '--\(TerminalText.safe(boundary, singleLine: true))--': the input was cut off, "
                            + "so its last part may be incomplete",
                        fix: "save the whole message again from the mail client, or ask the sender to send it again"
                    )
                }
                warnings.append(
                    MailReadWarning(
                        part: entity.partNumber,
                        message:
                            "\(entity.label) has no closing boundary '--\(TerminalText.safe(boundary, singleLine: true))--'; the enclosing part's boundary ended it"
                    )
                )
            }
            for child in children {
                try check(child, enclosingClosed: enclosingClosed || hasClosingBoundary, warnings: &warnings)
            }
        }
    }
}
