import Foundation
import SamradCore

/// Builds the messages of a round: one per recipient body, with stable headers.
public struct MessageComposer: Sendable {
    /// The round.
    public let consultation: Consultation
    let template: MessageTemplates
    let attachments: [Attachment]

    /// Creates a composer for a round with its template and loaded attachments.
    public init(consultation: Consultation, template: MessageTemplates, attachments: [Attachment]) {
        self.consultation = consultation
        self.template = template
        self.attachments = attachments
    }

    /// The subject of the mailout, carrying the round's reference, e.g.
    /// `Begäran om synpunkter: Nya mål för mandatperioden [KS 2019/017]`.
    public var mailoutSubject: String {
        "Begäran om synpunkter: \(consultation.title) \(consultation.subjectTag)"
    }

    /// Where replies go: the round's reply-to, or its sender.
    public var replyAddress: EmailAddress {
        consultation.replyTo ?? consultation.from.email
    }

    /// Where replies to one message go: with the message's token as a plus-address when the round
    /// uses reply tokens (`samrad+TOKEN@kommun.example`), else ``replyAddress``.
    public func replyAddress(token: String?) -> EmailAddress {
        let base = replyAddress
        guard consultation.replyTokens, let token, !base.localPart.hasPrefix("\""),
            let tokened = try? EmailAddress("\(base.localPart)+\(token)@\(base.domain)")
        else { return base }
        return tokened
    }

    /// The envelope sender (MAIL FROM) of one delivery: the round's bounce address with the
    /// delivery's token added VERP-style (`bounces+TOKEN@kommun.example`), or the sender.
    public func envelopeSender(token: String) -> EmailAddress {
        guard let bounce = consultation.bounceTo else { return consultation.from.email }
        let local = bounce.localPart
        // A quoted local part cannot take a suffix; tokens are hex, so the result is always valid.
        guard !local.hasPrefix("\""), let tokened = try? EmailAddress("\(local)+\(token)@\(bounce.domain)") else { return bounce }
        return tokened
    }

    /// A new Message-ID for a body's message with a key; random, so that no two rounds share one.
    public func newMessageID(body: String, key: String) -> String {
        let token = (0..<5).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let safe = { (text: String) in
            String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) ? $0 : "-" })
        }
        return "\(safe(consultation.id)).\(safe(body)).\(safe(key)).\(token)@\(consultation.from.email.asciiDomain)"
    }

    /// The file name stem for a body's message with a key, e.g. `mal-2019-BUN-mailout`.
    public func fileStem(body: String, key: String) -> String {
        let text = "\(consultation.id)-\(body)-\(key)"
        return String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
    }

    /// The mailout to one body: To its mailbox, Cc its secretaries; with the body's link to the answer portal when
    /// the round has one.
    public func mailout(
        to body: Body, messageID: String, date: Date, replyToken: String? = nil, portalLink: String? = nil
    ) throws(MIMEError) -> OutgoingMail {
        let content = MessageContent(
            consultation: consultation, body: body, attachmentNames: attachments.map(\.filename), replyAddress: replyAddress
        ).withPortalLink(portalLink)
        let text = template.render(content)
        let textPart = MIMEPart.text(text, subtype: "plain")
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: body.recipients.filter { $0.role == .to }.map { mailbox($0, body: body) },
            cc: body.recipients.filter { $0.role == .cc }.map { mailbox($0, body: body) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress(token: replyToken))],
            subject: mailoutSubject,
            date: date,
            messageID: messageID,
            extraHeaders: headers(body: body),
            body: attachments.isEmpty ? textPart : .multipart(subtype: "mixed", parts: [textPart] + attachments.map { .attachment($0) }))
        return OutgoingMail(
            messageID: messageID, fileStem: fileStem(body: body.id, key: "mailout"), parts: try MIMEWriter.renderParts(message))
    }

    /// The subject of any planned send.
    public func subject(for purpose: PlannedSend.Purpose) -> String {
        switch purpose {
        case .mailout: mailoutSubject
        case .invitation, .cancellation: invitationSubject(purpose)
        default: reminderSubject(purpose)
        }
    }

    /// The subject of a reminder, carrying the round's reference.
    public func reminderSubject(_ purpose: PlannedSend.Purpose) -> String {
        let tag = consultation.subjectTag
        switch purpose {
        case .reminder(let reminder):
            switch reminder.kind {
            case .beforeDeadline:
                return "Påminnelse: \(consultation.title) – svara senast \(consultation.deadline.swedish) \(tag)"
            case .afterDeadline:
                return "Svar saknas: \(consultation.title) \(tag)"
            case .beforeDialogue:
                let dialogue = consultation.dialogues.first { $0.id == reminder.dialogue }
                return "Påminnelse: \(dialogue?.title ?? "dialog") den \(dialogue?.start.date.swedish ?? "") \(tag)"
            case .beforeOwnMeeting:
                return "Till dagordningen \(reminder.meeting?.date.swedish ?? ""): \(consultation.title) \(tag)"
            }
        case .mailout:
            return mailoutSubject
        case .invitation, .cancellation:
            return "\(consultation.title) \(tag)"
        case .notice(let template, _):
            return PlannedSend.Purpose.noticeName(template) == "beslut"
                ? "Beslut: \(consultation.title) \(tag)" : "\(consultation.title) \(tag)"
        case .changes:
            return "Ändringar: \(consultation.title) \(tag)"
        }
    }

    /// A one-off notice (e.g. the decision) to one body, from a template, with its attachments.
    public func notice(
        _ purpose: PlannedSend.Purpose, to body: Body, recipients: [Recipient], attachments files: [Attachment],
        messageID: String, date: Date, template: MessageTemplates
    ) throws(MIMEError) -> OutgoingMail {
        let content = MessageContent(
            notice: consultation, body: body, attachmentNames: files.map(\.filename), replyAddress: replyAddress, date: date)
        return try notice(
            content, purpose: purpose, to: body, recipients: recipients, attachments: files, messageID: messageID, date: date,
            template: template)
    }

    /// A one-off notice from a context made by the caller, e.g. the notice of what changed.
    public func notice(
        _ content: MessageContent, purpose: PlannedSend.Purpose, to body: Body, recipients: [Recipient], attachments files: [Attachment],
        messageID: String, date: Date, template: MessageTemplates
    ) throws(MIMEError) -> OutgoingMail {
        let text = MIMEPart.text(template.render(content), subtype: "plain")
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: recipients.filter { $0.role == .to }.map { mailbox($0, body: body) },
            cc: recipients.filter { $0.role == .cc }.map { mailbox($0, body: body) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress)],
            subject: reminderSubject(purpose), date: date, messageID: messageID, extraHeaders: headers(body: body),
            body: files.isEmpty ? text : .multipart(subtype: "mixed", parts: [text] + files.map { .attachment($0) }))
        return OutgoingMail(
            messageID: messageID, fileStem: fileStem(body: body.id, key: purpose.key), parts: try MIMEWriter.renderParts(message))
    }

    /// A reminder to one body, threaded under its mailout when that is known; with the body's link to the answer
    /// portal when the round has one.
    public func reminder(
        _ purpose: PlannedSend.Purpose, to body: Body, recipients: [Recipient], openAreas: [GoalArea],
        messageID: String, date: Date, inReplyTo: String?, template: MessageTemplates, portalLink: String? = nil
    ) throws(MIMEError) -> OutgoingMail {
        let content = MessageContent(
            reminder: purpose, consultation: consultation, body: body, openAreas: openAreas, replyAddress: replyAddress
        ).withPortalLink(portalLink)
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: recipients.filter { $0.role == .to }.map { mailbox($0, body: body) },
            cc: recipients.filter { $0.role == .cc }.map { mailbox($0, body: body) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress)],
            subject: reminderSubject(purpose), date: date, messageID: messageID, inReplyTo: inReplyTo.map { [$0] } ?? [],
            extraHeaders: headers(body: body), body: .text(template.render(content), subtype: "plain"))
        return OutgoingMail(
            messageID: messageID, fileStem: fileStem(body: body.id, key: purpose.key), parts: try MIMEWriter.renderParts(message))
    }

    /// The subject of an invitation, an update or a cancellation.
    public func invitationSubject(_ purpose: PlannedSend.Purpose) -> String {
        let tag = consultation.subjectTag
        switch purpose {
        case .invitation(let id, let sequence):
            let dialogue = consultation.dialogues.first { $0.id == id }
            let when = dialogue.map { "\($0.start.date.swedish) kl. \($0.start.swedishTime)" } ?? ""
            return "\(sequence == 0 ? "Inbjudan" : "Ändrad inbjudan"): \(dialogue?.title ?? id) \(when) \(tag)"
        case .cancellation(let id, _):
            return "Inställt: \(id) \(tag)"
        default:
            return subject(for: purpose)
        }
    }

    /// The calendar UID of a dialogue: the same for every version, update and cancellation.
    public func calendarUID(dialogue: String) -> String {
        "\(consultation.id).\(dialogue)@\(consultation.from.email.asciiDomain)"
    }

    /// The calendar event of a dialogue version, with the recipients as attendees.
    public func event(_ version: InvitationVersion, attendees: [Mailbox]) -> CalendarEvent {
        let dialogue = version.dialogue
        return CalendarEvent(
            uid: calendarUID(dialogue: dialogue.id), sequence: version.sequence, timing: .timed(start: dialogue.start, end: dialogue.end),
            summary: "\(dialogue.title) – \(consultation.title)", location: dialogue.location,
            description: "\(consultation.title), diarienummer \(consultation.reference).",
            status: version.cancelled ? .cancelled : .confirmed,
            organizer: Mailbox(name: consultation.from.name, address: consultation.from.email), attendees: attendees)
    }

    /// An invitation (iMIP REQUEST), update or cancellation (CANCEL) for one body: text, HTML and
    /// the calendar as alternatives, and the same calendar as an `.ics` attachment.
    public func invitation(
        _ version: InvitationVersion, to body: Body, recipients: [Recipient], messageID: String, date: Date,
        text: MessageTemplates, html: MessageTemplates?
    ) throws -> OutgoingMail {
        let purpose: PlannedSend.Purpose =
            version.cancelled
            ? .cancellation(dialogue: version.dialogue.id, sequence: version.sequence)
            : .invitation(dialogue: version.dialogue.id, sequence: version.sequence)
        let attendees = recipients.map { mailbox($0, body: body) }
        let method: CalendarMethod = version.cancelled ? .cancel : .request
        let calendar = try ICalendarWriter.render(method: method, events: [event(version, attendees: attendees)], stamp: date)
        let content = MessageContent(invitation: version, consultation: consultation, body: body, replyAddress: replyAddress)
        let plain = text.render(content)
        let alternative = MIMEPart.multipart(
            subtype: "alternative",
            parts: [
                .text(plain, subtype: "plain"), .text(html?.render(content) ?? MessageTemplates.html(fromText: plain), subtype: "html"),
                .calendar(calendar, method: method.rawValue),
            ])
        let ics = Attachment(
            filename: version.cancelled ? "installt.ics" : "inbjudan.ics", contentType: "application/ics", data: Data(calendar.utf8))
        let subject =
            version.cancelled
            ? "Inställt: \(version.dialogue.title) \(version.dialogue.start.date.swedish) \(consultation.subjectTag)"
            : invitationSubject(purpose)
        let message = MailMessage(
            from: Mailbox(name: consultation.from.name, address: consultation.from.email),
            to: recipients.filter { $0.role == .to }.map { mailbox($0, body: body) },
            cc: recipients.filter { $0.role == .cc }.map { mailbox($0, body: body) },
            replyTo: [Mailbox(name: consultation.from.name, address: replyAddress)],
            subject: subject, date: date, messageID: messageID, extraHeaders: headers(body: body),
            body: .multipart(subtype: "mixed", parts: [alternative, .attachment(ics)]))
        return OutgoingMail(
            messageID: messageID, fileStem: fileStem(body: body.id, key: purpose.key), parts: try MIMEWriter.renderParts(message))
    }

    /// A recipient as a header's mailbox, with the person's name (the body's, for its mailbox).
    func mailbox(_ recipient: Recipient, body: Body) -> Mailbox {
        Mailbox(
            name: recipient.person ?? body.recipient(recipient.address, role: recipient.role).person ?? body.name,
            address: recipient.address)
    }

    func headers(body: Body) -> [MailHeader] {
        [
            MailHeader(name: "Auto-Submitted", value: "auto-generated"),
            MailHeader(name: "X-Auto-Response-Suppress", value: "OOF, AutoReply"),
            MailHeader(name: "X-Samrad-Round", value: consultation.id),
            MailHeader(name: "X-Samrad-Body", value: body.id),
        ]
    }
}
