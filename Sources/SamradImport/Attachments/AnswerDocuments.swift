import Foundation
import SamradCore

/// The attached documents of a reply as texts to read, and what a person should look at in them.
public enum AnswerDocuments {
    /// The texts of the attachments that are documents; those whose SHA-256 is in `skipping` (the round's own
    /// documents sent back) are left out.
    public static func sources(of attachments: [MailAttachment], skipping: Set<String>) -> (
        sources: [AnswerSource], notes: [ReviewNote]
    ) {
        var sources: [AnswerSource] = []
        let notes: [ReviewNote] = []
        for attachment in attachments where !skipping.contains(SHA256.hex(attachment.data)) {
            guard attachment.contentType == "text/plain" else { continue }
            let text = String(decoding: attachment.data, as: UTF8.self)
            let name = attachment.filename.isEmpty ? "bilaga.txt" : attachment.filename
            sources.append(AnswerSource(attachment: name, text: text))
        }
        return (sources, notes)
    }
}
