import Foundation
import SamradCore
import SamradMail

/// The Swedish words the coordinator's tables use, the same the report uses: what a message is and where it
/// stands. JSON keeps the English values.
public enum SwedishWords {
    /// A message's kind, out or in, e.g. `utskick`, `påminnelse`, `inbjudan`, `svar`, `autosvar`.
    public static func kind(_ raw: String) -> String {
        switch raw {
        case "mailout": "utskick"
        case "reminder": "påminnelse"
        case "invitation": "inbjudan"
        case "notice": "meddelande"
        case "reply": "svar"
        case "form": "formulärsvar"
        case "auto-reply": "autosvar"
        case "bounce": "studs"
        case "unmatched": "omatchat"
        case "portal": "portalsvar"
        case "manual": "manuellt svar"
        default: raw
        }
    }

    /// A delivery's state; one written to the outbox (no mail server) is `skriven till utkorgen`, never `skickat`.
    public static func delivery(_ state: DeliveryState, outbox: Bool = false) -> String {
        switch state {
        case .queued: "i kö"
        case .sending: "skickas"
        case .sent: outbox ? "skriven till utkorgen" : "skickat"
        case .deferred: "uppskjutet"
        case .failed: "misslyckat"
        }
    }

    /// Whether a sent delivery was written to the outbox rather than handed to a mail server: the outbox
    /// transport's reply says so.
    public static func wentToOutbox(reply: String?) -> Bool {
        reply.map { OutboxTransport.wroteDelivery(withReply: $0) } ?? false
    }

    /// A register entry's state: a message out's deliveries (`skickat`, `2 skickat, 1 misslyckat`), or a message
    /// in's `diarieförd`, `sent inkommet` or `omatchat`.
    public static func registerState(_ state: String, outbox: Bool = false) -> String {
        switch state {
        case "registered": return "diarieförd"
        case "late": return "sent inkommet"
        case "unmatched": return "omatchat"
        default: break
        }
        return state.components(separatedBy: ", ").map { part in
            let words = part.split(separator: " ", maxSplits: 1).map(String.init)
            let (count, raw) = words.count == 2 ? (words[0] + " ", words[1]) : ("", part)
            return count + (DeliveryState(rawValue: raw).map { delivery($0, outbox: outbox) } ?? raw)
        }.joined(separator: ", ")
    }

    /// A planned send's state: `i liggaren`, `att skicka`, `kommande`, `hoppas över`, `väntar`.
    public static func planned(_ state: PlannedSend.State) -> String {
        switch state {
        case .recorded: "i liggaren"
        case .due: "att skicka"
        case .upcoming: "kommande"
        case .skipped: "hoppas över"
        case .waiting: "väntar"
        }
    }

    /// What a planned send is, e.g. `utskick`, `påminnelse före svarsdag 5`, `inbjudan budget-1`.
    public static func purpose(_ purpose: PlannedSend.Purpose) -> String {
        switch purpose {
        case .mailout: "utskick"
        case .reminder(let reminder): reminderLabel(reminder)
        case .invitation(let dialogue, let sequence): sequence == 0 ? "inbjudan \(dialogue)" : "ändrad inbjudan \(dialogue)"
        case .cancellation(let dialogue, _): "inställt \(dialogue)"
        case .notice: "meddelande " + purpose.label.dropFirst("notice ".count)
        case .changes(let from, let to): "ändringar \(from)→\(to)"
        }
    }

    static func reminderLabel(_ reminder: Reminder) -> String {
        let when =
            switch reminder.kind {
            case .beforeDeadline: "före svarsdag"
            case .afterDeadline: "efter svarsdag"
            case .beforeDialogue: "före dialog"
            case .beforeOwnMeeting: "före eget möte"
            }
        return "påminnelse \(when) \(reminder.days)" + (reminder.dialogue.map { " (\($0))" } ?? "")
    }
}

extension SwedishWords {
    /// How an answer came: `e-post`, `formulär`, `portalen`, `för hand`, `rättelse`.
    public static func answer(_ kind: ResponseKind) -> String {
        switch kind {
        case .mail: "e-post"
        case .form: "formulär"
        case .portal: "portalen"
        case .manual: "för hand"
        case .correction: "rättelse"
        }
    }
}
