import Foundation
import SamradCore

extension MessageContent {
    /// The same context with the body's link to the answer portal (`portal_link`), when the round has one: a template
    /// shows it in `{{#portal_link}}Svara här: {{.}}{{/portal_link}}`.
    public func withPortalLink(_ link: String?) -> MessageContent {
        var content = self
        if let link { content.values["portal_link"] = link }
        return content
    }

    /// The context for the receipt of an answer given in the portal: the mailout's keys plus `receipt.registration`,
    /// `receipt.date`, `receipt.late`, `receipt.respondent`, `receipt.role`, `receipt.document`, `receipt.general` and
    /// `receipt.areas` (`id`, `title`, `stance`, `text`).
    public init(
        receipt form: PortalForm, registration: String, date: Date, late: Bool, consultation: Consultation, body: Body,
        replyAddress: EmailAddress
    ) {
        self.init(consultation: consultation, body: body, attachmentNames: [], replyAddress: replyAddress)
        let areas = consultation.goalAreas.map { area -> [String: any Sendable] in
            let answer = form.area(area.id)
            return [
                "id": String(area.id), "title": area.title, "stance": answer?.stance?.portalLabel ?? "Inget valt",
                "text": answer?.text ?? "", "has_text": !(answer?.text ?? "").isEmpty,
            ]
        }
        values["receipt"] =
            [
                "registration": registration, "date": SwedishTime.short(date), "late": late, "respondent": form.respondent,
                "role": form.role, "has_role": !form.role.isEmpty, "has_document": form.document != nil,
                "document": form.document?.filename ?? "",
                "general": form.general, "has_general": !form.general.isEmpty, "areas": areas,
            ] as [String: any Sendable]
    }
}
