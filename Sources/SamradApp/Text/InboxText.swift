import Foundation
import SamradCore
import SamradStore

/// What came in, as text for the terminal: `import`, `fetch` and `unmatched`.
public enum InboxText {
    /// One imported file's line, its warnings, and the hint for unmatched messages.
    public static func imported(_ result: FeedbackImporter.FileResult) -> [String] {
        let path = TerminalText.safe(result.path, singleLine: true)
        if result.format == "folder" { return result.warnings.map { "\(path): \($0)" } }
        let kinds: [(IncomingKind, String)] = [
            (.reply, "replies"), (.form, "form answers"), (.autoReply, "automatic replies"), (.bounce, "bounces"),
            (.unmatched, "unmatched"),
        ]
        let counts = kinds.compactMap { kind, label in result.imported[kind].map { "\($0) \(label)" } }
        let numbers = result.registrations.isEmpty ? "" : " (\(range(result.registrations)))"
        var lines = [
            "\(path) [\(result.format)]: \(counts.isEmpty ? "nothing new" : counts.joined(separator: ", "))\(numbers)"
                + (result.duplicates > 0 ? "; \(result.duplicates) already imported" : "")
        ]
        lines += result.warnings.map { "  warning: \($0)" }
        if (result.imported[.unmatched] ?? 0) > 0 {
            lines.append("  see 'samrad unmatched' and assign them with 'samrad assign MESSAGE-ID BODY'")
        }
        return lines
    }

    /// "1 of 3 files refused; the other 2 were imported." — nothing for a single file, whose refusal says it all.
    public static func summary(refused: Int, of total: Int) -> String? {
        guard refused > 0, total > 1 else { return nil }
        let imported = total - refused
        switch imported {
        case 0: return "All \(total) files were refused; nothing was imported."
        case 1: return "\(refused) of \(total) files refused; the other was imported."
        default: return "\(refused) of \(total) files refused; the other \(imported) were imported."
        }
    }

    /// The most serious refusal's status: a fault in Samråd, then try again later, then bad data, then missing input.
    public static func exitStatus(_ refusals: [SamradError.Code]) -> Int32 {
        let order: [SamradError.Code] = [.software, .temporaryFailure, .unavailable, .configuration, .usage, .dataError, .noInput]
        return order.first(where: refusals.contains)?.rawValue ?? 0
    }

    /// "KS 2019/017-3 … KS 2019/017-9" or the single number.
    static func range(_ numbers: [String]) -> String {
        numbers.count == 1 ? numbers[0] : "\(numbers[0]) … \(numbers[numbers.count - 1])"
    }

    /// One mailbox's line after a fetch.
    public static func fetched(_ summary: MailboxFetcher.Summary) -> String {
        let kinds = summary.imported.map { "\($0.value) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
        var line = "\(summary.mailbox): \(kinds.isEmpty ? "nothing new" : kinds)"
        if summary.duplicates > 0 { line += "; \(summary.duplicates) already imported" }
        if summary.restarted { line += " (the mailbox's UIDVALIDITY changed, so it was read from the start)" }
        return line
    }

    /// Each unmatched message with its date, sender, subject, source, reason and candidates.
    public static func unmatched(_ messages: [UnmatchedMessage]) -> [String] {
        if messages.isEmpty { return ["No unmatched messages."] }
        return messages.map { message in
            let date = message.sentAt.map { SwedishTime.short($0) } ?? "—"
            var lines = [
                TerminalText.safe(message.messageID, singleLine: true) + (message.registration.map { "  (\($0))" } ?? ""),
                "    \(date)  \(TerminalText.safe(message.sender ?? "?", singleLine: true))  \(TerminalText.safe(message.subject, singleLine: true))",
                "    from \(TerminalText.safe(message.source, singleLine: true))",
            ]
            if let reason = message.reason { lines.append("    why: \(TerminalText.safe(reason, singleLine: true))") }
            if !message.candidates.isEmpty { lines.append("    candidates: \(message.candidates.joined(separator: ", "))") }
            return lines.joined(separator: "\n")
        }
    }
}
