import Foundation
import SamradCore
import SamradMail
import SamradStore

/// Adds a round's file to the database, checked against the stored registry.
public struct ConsultationRegistrar: Sendable {
    let workspace: Workspace

    /// Creates a registrar.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// What adding a round's file did.
    public struct Addition: Sendable {
        /// The round as the file has it now.
        public var consultation: Consultation
        /// Added, revised or unchanged.
        public var change: ConsultationChange
        /// What changed from the revision before, for a revised round.
        public var changes: [RoundChange]
    }

    /// Reads, validates and records a round's file and the templates it names: added, revised or unchanged.
    public func add(file path: String) throws -> Addition {
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            throw SamradError(.noInput, "cannot read the round's file: \(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SamradError(.dataError, "\(path):1: error: the file is not UTF-8 text\n    fix: save it as UTF-8")
        }
        let registry = try workspace.database.registry()
        if registry.bodies.isEmpty {
            throw SamradError(.dataError, "the registry is empty: load it first with 'samrad contacts load contacts'")
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        let folder = absolute.deletingLastPathComponent()
        var consultation = try ConsultationReader.read(text, file: path, registry: registry) { relative in
            Self.problem(with: folder.appendingPathComponent(relative).path)
        }
        consultation.templates = try Self.readTemplates(of: consultation, beside: path)
        let before = try workspace.database.consultation(consultation.id)?.consultation
        let changes = before.map { RoundChange.between($0, consultation) } ?? []
        let change = try workspace.database.addConsultation(
            consultation, source: text, sourcePath: absolute.path, now: workspace.now(),
            audit: { change in
                switch change {
                case .added:
                    return workspace.auditNote("consultation add", consultation: consultation.id, "added from \(path), revision 1")
                case .revised(let revision):
                    let what = changes.isEmpty ? "the file's location" : changes.map(\.summary).joined(separator: "; ")
                    return workspace.auditNote(
                        "consultation add", consultation: consultation.id, "revision \(revision) from \(path): changed \(what)")
                case .unchanged:
                    return nil
                }
            })
        return Addition(consultation: consultation, change: change, changes: changes)
    }

    /// The round's own templates with their text, each checked for the messages it serves: exit 65 naming the
    /// template's file and line for a syntax error, a section left open or a variable those messages do not have.
    static func readTemplates(of round: Consultation, beside roundFile: String) throws -> RoundTemplates {
        let folder = URL(fileURLWithPath: roundFile).deletingLastPathComponent()
        var templates = round.templates
        var problems: [String] = []
        for key in templates.files.keys.sorted() {
            guard let own = templates.files[key] else { continue }
            let shown = folder.appendingPathComponent(own.path).relativePath
            let text = try Self.templateText(shown)
            problems += TemplateCheck.problems(in: text, file: shown, serving: templates.slots(served: key), round: round).map(
                \.description)
            templates.files[key]?.text = text
        }
        guard problems.isEmpty else { throw SamradError(.dataError, problems.joined(separator: "\n")) }
        return templates
    }

    /// A template file's text: UTF-8, a regular file.
    static func templateText(_ path: String) throws -> String {
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            throw SamradError(.noInput, "cannot read the template: \(error)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SamradError(.dataError, "\(path):1: error: the template is not UTF-8 text\n    fix: save it as UTF-8")
        }
        return text
    }

    /// What keeps a file the round names from being read: missing, a folder, a FIFO, unreadable; nil when it can be.
    static func problem(with path: String) -> String? {
        do {
            try InputFile.check(path)
        } catch {
            return error.reason
        }
        return FileManager.default.isReadableFile(atPath: path) ? nil : "cannot be read by this user; check its permissions"
    }

    /// The stored round with an id, or an error naming the rounds there are.
    public static func stored(_ id: String, in database: any RoundStore) throws -> StoredConsultation {
        if let stored = try database.consultation(id) { return stored }
        let known = try database.consultations().map(\.consultation.id)
        let hint = known.isEmpty ? "add one with 'samrad consultation add FILE'" : "the rounds are: \(known.joined(separator: ", "))"
        throw SamradError(.noInput, "there is no round '\(id)'; \(hint)")
    }
}
