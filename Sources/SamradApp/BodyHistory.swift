import Foundation
import SamradCore
import SamradStore

/// Everything sent to, received from, read and corrected for one body in a round, in time order: `history`.
public struct BodyHistory: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// One thing that happened.
    public struct Event: Sendable, Encodable, Equatable {
        /// When.
        public var at: Date
        /// What: `out` (a message sent), `in` (a message received), `reading` (what an answer was read as, or
        /// recorded or corrected by hand), or `audit` (assigned, unassigned, answered by hand).
        public var kind: String
        /// The register number, when there is one.
        public var registration: String?
        /// The line itself.
        public var text: String
    }

    /// The body's history in a round, oldest first.
    public func history(_ id: String, body code: String) throws -> [Event] {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        try Rounds(workspace).requireBody(code, in: stored)
        let rounds = Rounds(workspace)
        let entries = try rounds.register(id).filter { $0.body == code }
        let outbox = try rounds.outbox(id, entries: entries)
        var events = entries.map { entry in
            Event(
                at: entry.date, kind: entry.direction == .incoming ? "in" : "out", registration: entry.registration,
                text: "\(SwedishWords.kind(entry.kind)): \(TerminalText.safe(entry.subject, singleLine: true)) "
                    + "[\(RegisterText.state(entry, outbox: outbox))]")
        }
        for answer in try workspace.database.responses(consultation: id, body: code) {
            let stances = answer.contributions.compactMap { item -> String? in
                guard let area = item.goalArea else { return nil }
                return "\(area): \(item.stance?.swedish ?? "rensat")"
            }
            let withdrawn = answer.withdrawnAt.map { " (återtaget \(SwedishTime.short($0)))" } ?? ""
            events.append(
                Event(
                    at: answer.recordedAt, kind: "reading", registration: answer.registration,
                    text:
                        "\(SwedishWords.answer(answer.kind)): \(stances.isEmpty ? "inget ställningstagande" : stances.joined(separator: ", "))\(withdrawn)"
                ))
        }
        let mentions = try Regex("(^|[^A-Za-z0-9])\(NSRegularExpression.escapedPattern(for: code))([^A-Za-z0-9]|$)")
        for entry in try workspace.database.auditTrail(consultation: id)
        where ["assign", "unassign", "answer"].contains(entry.command) && entry.detail.contains(mentions) {
            events.append(
                Event(
                    at: entry.at, kind: "audit", registration: nil,
                    text: "\(entry.command) (\(entry.user)): \(TerminalText.safe(entry.detail, singleLine: true))"))
        }
        return events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// One line per event.
    public static func lines(_ events: [Event], body: String, round id: String) -> [String] {
        if events.isEmpty { return ["Nothing was sent to or received from \(body) in \(id) yet."] }
        let words = ["out": "ut   ", "in": "in   ", "reading": "läst ", "audit": "logg "]
        return events.map { event in
            "\(SwedishTime.short(event.at))  \(words[event.kind] ?? event.kind)  \(event.registration.map { "\($0)  " } ?? "")\(event.text)"
        }
    }
}
