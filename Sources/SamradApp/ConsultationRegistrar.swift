import Foundation
import SamradCore
import SamradStore

/// Adds a round's file to the database, checked against the stored registry.
public struct ConsultationRegistrar: Sendable {
    let workspace: Workspace

    /// Creates a registrar.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// Reads, validates and records a round's file: added, revised or unchanged.
    public func add(file path: String) throws -> (Consultation, ConsultationChange) {
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
        let consultation = try ConsultationReader.read(text, file: path, registry: registry) { relative in
            Self.problem(with: folder.appendingPathComponent(relative).path)
        }
        let before = try workspace.database.consultation(consultation.id)?.consultation
        let change = try workspace.database.addConsultation(
            consultation, source: text, sourcePath: absolute.path, now: workspace.now(),
            audit: { change in
                switch change {
                case .added:
                    return workspace.auditNote("consultation add", consultation: consultation.id, "added from \(path), revision 1")
                case .revised(let revision):
                    let fields = before.map { Self.changedFields(from: $0, to: consultation) } ?? []
                    let what = fields.isEmpty ? "the file's location" : fields.joined(separator: ", ")
                    return workspace.auditNote(
                        "consultation add", consultation: consultation.id, "revision \(revision) from \(path): changed \(what)")
                case .unchanged:
                    return nil
                }
            })
        return (consultation, change)
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

    /// The top-level settings of a round that differ between two versions, by their file key.
    static func changedFields(from old: Consultation, to new: Consultation) -> [String] {
        func fields(_ round: Consultation) -> [String: String] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            encoder.keyEncodingStrategy = .convertToSnakeCase
            guard let data = try? encoder.encode(round), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return [:]
            }
            return object.mapValues { value in
                (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]))
                    .map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
            }
        }
        let before = fields(old)
        let after = fields(new)
        return Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
    }

    /// The stored round with an id, or an error naming the rounds there are.
    public static func stored(_ id: String, in database: any RoundStore) throws -> StoredConsultation {
        if let stored = try database.consultation(id) { return stored }
        let known = try database.consultations().map(\.consultation.id)
        let hint = known.isEmpty ? "add one with 'samrad consultation add FILE'" : "the rounds are: \(known.joined(separator: ", "))"
        throw SamradError(.noInput, "there is no round '\(id)'; \(hint)")
    }
}
