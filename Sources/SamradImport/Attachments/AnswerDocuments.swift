import Foundation
import SamradCore

/// The attached documents of a reply as texts to read, and what a person should look at in them.
public enum AnswerDocuments {
    /// The texts of the attachments that are documents — PDF, DOCX, ODT, text — read by ``AttachmentText``; those
    /// whose SHA-256 is in `skipping` (the round's own documents sent back) are left out. A scan, a document that
    /// could not be read, and one whose text was cut become review notes.
    ///
    /// `digests`, each attachment's SHA-256 in order when the caller has them (storing the attachments computes
    /// them), spares computing them again; none is computed when nothing is to be skipped.
    public static func sources(of attachments: [MailAttachment], skipping: Set<String>, digests: [String]? = nil) -> (
        sources: [AnswerSource], notes: [ReviewNote]
    ) {
        var sources: [AnswerSource] = []
        var notes: [ReviewNote] = []
        let known = digests?.count == attachments.count ? digests : nil
        for (index, attachment) in attachments.enumerated()
        where skipping.isEmpty || !skipping.contains(known?[index] ?? SHA256.hex(attachment.data)) {
            let name = attachment.filename.isEmpty ? "bilaga" : attachment.filename
            let reading = AttachmentText.read(attachment)
            switch reading {
            case .text(let text, _):
                sources.append(AnswerSource(attachment: name, text: text))
                if reading.isCut {
                    notes.append(ReviewNote(kind: .longText, detail: "\(name): the text was too long and only its start was read"))
                }
            case .scan(let pages):
                notes.append(
                    ReviewNote(
                        kind: .scan,
                        detail: "\(name) is a scan (\(pages) \(pages == 1 ? "page" : "pages"), no text): a person must read it"))
            case .refused(let reason):
                notes.append(ReviewNote(kind: .unreadAttachment, detail: "\(name) was not read: \(reason)"))
            case .notADocument:
                continue
            }
        }
        return (sources, notes)
    }
}
