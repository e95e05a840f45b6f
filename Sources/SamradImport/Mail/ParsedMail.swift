import Foundation
import SamradCore

/// One message as Samråd needs it: who sent it, what it answers, its text and its attachments.
///
/// ```swift
/// let mail = try MailReader.parse(data)
/// mail.inReplyTo    // ["mal-2019.BUN.mailout.3f9a2c81d0@kommun.example"]
/// mail.text         // "Barn- och utbildningsnämnden tillstyrker …"
/// ```
public struct ParsedMail: Sendable {
    /// The Message-ID without angle brackets.
    public var messageID: String?
    /// The msg-ids of In-Reply-To, without angle brackets, in order.
    public var inReplyTo: [String]
    /// The msg-ids of References, without angle brackets, oldest first as written.
    public var references: [String]
    /// The first valid mailbox of From.
    public var from: Mailbox?
    /// The mailboxes of Reply-To.
    public var replyTo: [Mailbox]
    /// The mailboxes of every To field.
    public var to: [Mailbox]
    /// The mailboxes of every Cc field.
    public var cc: [Mailbox]
    /// The addresses of Delivered-To, X-Original-To and Envelope-To, where a VERP token shows (`bounces+TOKEN@…`).
    public var deliveredTo: [EmailAddress]
    /// The envelope sender from Return-Path; nil when absent or null (`<>`).
    public var returnPath: EmailAddress?
    /// The subject with RFC 2047 encoded-words decoded; empty when there is none.
    public var subject: String
    /// The Date field, when it can be read.
    public var date: Date?
    /// Every header field in order, unfolded and RFC 2047-decoded (Auto-Submitted, X-Autoreply, Precedence, …).
    public var headers: [(name: String, value: String)]
    /// The reply's text in UTF-8: text/plain preferred, HTML turned into readable text, format=flowed unwrapped.
    public var text: String
    /// The parts that are files rather than the text: those with a file name or `attachment` disposition, and non-text parts.
    ///
    /// At most ``MailReader/maximumAttachments``; the others are counted in ``omittedAttachments``.
    public var attachments: [MailAttachment]
    /// Whether a text part was longer than ``MailReader/maximumTextBytes`` and only its start was
    /// read into ``text``: the reply must be read by a person (the whole message is kept).
    public var truncatedText = false
    /// The attachments beyond ``MailReader/maximumAttachments`` that are not in ``attachments``.
    public var omittedAttachments = 0
    /// The delivery report of a bounce (multipart/report; report-type=delivery-status).
    public var report: DeliveryReport?
    /// Messages carried inside this one (message/rfc822 parts, such as a forwarded reply), read the same way.
    public var forwarded: [ParsedMail]
    /// What was odd but did not stop the reading, for a person to look at.
    public var warnings: [MailReadWarning]

    /// Makes a message from its fields; every field has an empty default, for tests and other sources.
    public init(
        messageID: String? = nil, inReplyTo: [String] = [], references: [String] = [], from: Mailbox? = nil,
        replyTo: [Mailbox] = [], to: [Mailbox] = [], cc: [Mailbox] = [], deliveredTo: [EmailAddress] = [],
        returnPath: EmailAddress? = nil, subject: String = "", date: Date? = nil, headers: [(name: String, value: String)] = [],
        text: String = "", attachments: [MailAttachment] = [], report: DeliveryReport? = nil, forwarded: [ParsedMail] = [],
        warnings: [MailReadWarning] = []
    ) {
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.cc = cc
        self.deliveredTo = deliveredTo
        self.returnPath = returnPath
        self.subject = subject
        self.date = date
        self.headers = headers
        self.text = text
        self.attachments = attachments
        self.report = report
        self.forwarded = forwarded
        self.warnings = warnings
    }

    /// The first value of the header field `name` (compared case-insensitively), decoded.
    public func header(_ name: String) -> String? {
        headers.first { FieldName.same($0.name, name) }?.value
    }

    /// Every value of the header field `name` (compared case-insensitively), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { FieldName.same($0.name, name) }.map(\.value)
    }
}

/// A file that came with a message.
public struct MailAttachment: Sendable, Hashable {
    /// The file name as the sender wrote it, RFC 2047/2231 decoded; empty when the sender gave none.
    public var filename: String
    /// The media type, lower-cased, without parameters ("application/pdf").
    public var contentType: String
    /// The content with its transfer encoding undone.
    public var data: Data

    /// Makes an attachment from its name, media type and bytes.
    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// What a bounce (RFC 3464 delivery status notification) says about a message Samråd sent.
public struct DeliveryReport: Sendable, Hashable {
    /// One block per recipient the report is about.
    public var recipients: [Recipient]
    /// The Message-ID of the returned message, without angle brackets, from its returned header.
    public var originalMessageID: String?
    /// The To and Cc addresses of the returned message's header.
    public var originalRecipients: [EmailAddress]

    /// Makes a report from its parts.
    public init(recipients: [Recipient], originalMessageID: String?, originalRecipients: [EmailAddress]) {
        self.recipients = recipients
        self.originalMessageID = originalMessageID
        self.originalRecipients = originalRecipients
    }

    /// The fate of the message at one recipient.
    public struct Recipient: Sendable, Hashable {
        /// The address from Final-Recipient, without its type ("rfc822;").
        public var finalRecipient: String
        /// The Action, lower-cased: "failed", "delayed", "delivered", "relayed" or "expanded".
        public var action: String
        /// The RFC 3463 status code ("5.1.1").
        public var status: String
        /// The Diagnostic-Code as the remote server worded it, without its type ("smtp;").
        public var diagnostic: String?

        /// Makes a recipient block from its fields.
        public init(finalRecipient: String, action: String, status: String, diagnostic: String?) {
            self.finalRecipient = finalRecipient
            self.action = action
            self.status = status
            self.diagnostic = diagnostic
        }
    }
}

/// Something odd in a message that was read anyway: where it is and what was done about it.
public struct MailReadWarning: Sendable, Hashable, CustomStringConvertible {
    /// The MIME part, numbered as IMAP does ("1.2"); nil for the message itself.
    public var part: String?
    /// What was odd and what the reader did, as one sentence.
    public var message: String

    /// Makes a warning.
    public init(part: String?, message: String) {
        self.part = part
        self.message = message
    }

    /// "part 1.2: message", or the message alone for the message itself.
    public var description: String {
        part.map { "part \($0): \(message)" } ?? message
    }
}
