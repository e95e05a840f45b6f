import Foundation
import SamradCore

/// Reads the machine part of an RFC 3464 bounce and the header of the message it returns.
enum DeliveryReportReader {
    /// The report from a message/delivery-status part and, when the bounce has one, the returned header or message.
    static func report(status: MimeEntity, returned: MimeEntity?) -> DeliveryReport {
        let text = Charset.decodeText(status.content ?? Data(), declared: status.parameters["charset"] ?? "utf-8").text
        let blocks = HeaderBlock.blocks(text)
        var recipients: [DeliveryReport.Recipient] = []
        // The first block is about the message (Reporting-MTA, …); each further one is about a recipient.
        for block in blocks.dropFirst() {
            guard
                let recipient = (HeaderBlock.value("Final-Recipient", in: block) ?? HeaderBlock.value("Original-Recipient", in: block))
                    .map(withoutType)
            else { continue }
            recipients.append(
                DeliveryReport.Recipient(
                    finalRecipient: recipient,
                    action: (HeaderBlock.value("Action", in: block) ?? "").lowercased(),
                    status: HeaderBlock.value("Status", in: block) ?? "",
                    diagnostic: HeaderBlock.value("Diagnostic-Code", in: block).map(withoutType)
                )
            )
        }
        let original = returned.map(returnedHeader) ?? []
        let recipientsOfOriginal =
            (original.filter { FieldName.same($0.name, "To") }
            + original.filter { FieldName.same($0.name, "Cc") })
            .flatMap { HeaderCodec.addresses($0.value) }
            .compactMap { try? EmailAddress($0.address) }
        let messageID = original.first { FieldName.same($0.name, "Message-ID") }
            .flatMap { HeaderCodec.messageID($0.value) }
        return DeliveryReport(recipients: recipients, originalMessageID: messageID, originalRecipients: unique(recipientsOfOriginal))
    }

    /// The header fields of the returned original: a text/rfc822-headers block or an embedded message.
    private static func returnedHeader(_ entity: MimeEntity) -> [(name: String, value: String)] {
        switch entity.body {
        case .message(let inner):
            return inner.headers.map { ($0.name, $0.value) }
        case .leaf(let data):
            let text = Charset.decodeText(data, declared: entity.parameters["charset"] ?? "utf-8").text
            return HeaderBlock.blocks(text).first ?? []
        case .multipart, .partial:
            return []
        }
    }

    /// "rfc822; anna@bun.kommun.example" → "anna@bun.kommun.example"; a value without a type stays as it is.
    private static func withoutType(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        let type = value[..<semicolon]
        guard !type.isEmpty, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return value }
        var rest = value[value.index(after: semicolon)...].trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("<"), rest.hasSuffix(">"), rest.count > 2 { rest = String(rest.dropFirst().dropLast()) }
        return rest
    }

    private static func unique(_ addresses: [EmailAddress]) -> [EmailAddress] {
        var seen: Set<EmailAddress> = []
        return addresses.filter { seen.insert($0).inserted }
    }
}
