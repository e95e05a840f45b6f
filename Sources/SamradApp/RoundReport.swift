import Foundation
import SamradCore
import SamradStore

/// Builds the compilation of a round from the database.
public struct RoundReport: Sendable {
    let workspace: Workspace

    /// Creates the use case.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// The report of a round now.
    public func build(_ id: String) throws -> ConsultationReport {
        let stored = try ConsultationRegistrar.stored(id, in: workspace.database)
        let round = stored.consultation
        let registry = try workspace.database.registry()
        let responses = try workspace.database.responses(consultation: id)
        // Bodies that answered stay in the report even if they were retired since.
        let answered = Set(responses.map(\.body))
        let recipients =
            (round.recipients(in: registry) + registry.bodies.filter { registry.isRetired($0.id) && answered.contains($0.id) })
            .sorted { $0.id < $1.id }
        let days = try workspace.database.sendDays(consultation: id)
        let mailedOut = days.filter { $0.kind == .mailout }.map(\.date).min()
        let sent = days.compactMap {
            day -> (LocalDate, ConsultationReport.TimelineEvent.Kind, String)? in
            Self.timelineEntry(key: day.key, kind: day.kind, count: day.count, round: round).map { (day.date, $0.0, $0.1) }
        }
        return ReportBuilder.build(
            round: round, recipients: recipients, responses: responses, sent: sent, mailedOut: mailedOut, now: workspace.now())
    }

    /// How a day's messages of one key read in the timeline; nil for the mailout, which the round's date shows.
    static func timelineEntry(key: String, kind: MessageKind, count: Int, round: Consultation) -> (
        ConsultationReport.TimelineEvent.Kind, String
    )? {
        let parts = key.split(separator: ".").map(String.init)
        let many = count == 1 ? "1 mottagare" : "\(count) mottagare"
        switch (kind, parts.first) {
        case (.mailout, _):
            return nil
        case (.reminder, _) where key.hasPrefix("reminder.before-deadline"):
            return (.reminder, "Påminnelse före sista svarsdag (\(many))")
        case (.reminder, _) where key.hasPrefix("reminder.after-deadline"):
            return (.reminder, "Påminnelse efter sista svarsdag, ordförande i kopia (\(many))")
        case (.reminder, _) where key.hasPrefix("reminder.before-dialogue"):
            let title = parts.count > 2 ? round.dialogues.first { $0.id == parts[2] }?.title ?? parts[2] : "dialogen"
            return (.reminder, "Påminnelse inför \(title) (\(many))")
        case (.reminder, _):
            return (.reminder, "Påminnelse till nämndsekreterare inför sammanträde (\(many))")
        case (.invitation, "cancellation"):
            return (.reminder, "Dialog inställd (\(many))")
        case (.invitation, _):
            let title = parts.count > 1 ? round.dialogues.first { $0.id == parts[1] }?.title ?? parts[1] : "dialogen"
            return (.reminder, "Inbjudan till \(title) (\(many))")
        case (.notice, _):
            return (.decision, "Beslutet skickat till nämnder, bolag och ledningsgrupp (\(many))")
        }
    }
}
