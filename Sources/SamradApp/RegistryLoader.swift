import Foundation
import SamradCore
import SamradStore

/// Loads the registry folder (`contacts/*.yaml`) into the database.
public struct RegistryLoader: Sendable {
    let workspace: Workspace

    /// Creates a loader.
    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    /// Reads and validates every `.yaml` file of a folder, then replaces the stored registry in one
    /// transaction. Nothing changes when any file has an error.
    public func load(directory: String) throws -> RegistryChanges {
        let bodies = try Self.read(directory: directory)
        return try workspace.database.loadRegistry(
            bodies, now: workspace.now(),
            audit: { changes in
                Self.describe(changes).map { workspace.auditNote("contacts load", consultation: nil, "from \(directory): \($0)") }
            })
    }

    /// What changed, in one line for the audit trail; nil when nothing did.
    static func describe(_ changes: RegistryChanges) -> String? {
        guard !changes.isEmpty else { return nil }
        var parts: [String] = []
        if !changes.added.isEmpty { parts.append("added \(changes.added.joined(separator: " "))") }
        if !changes.changed.isEmpty { parts.append("changed \(changes.changed.keys.sorted().joined(separator: " "))") }
        if !changes.removed.isEmpty { parts.append("removed \(changes.removed.joined(separator: " "))") }
        if !changes.retired.isEmpty { parts.append("retired \(changes.retired.joined(separator: " "))") }
        if !changes.reinstated.isEmpty { parts.append("reinstated \(changes.reinstated.joined(separator: " "))") }
        return parts.joined(separator: "; ")
    }

    /// Throws unless the registry folder exists: checked before the database is opened, so that a mistyped
    /// folder creates no empty database.
    public static func requireFolder(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SamradError(
                .noInput, "the registry folder \(directory) does not exist; pass the folder that holds the contacts/*.yaml files")
        }
    }

    /// Reads and validates the folder without touching the database.
    public static func read(directory: String) throws -> [Body] {
        try requireFolder(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.hasPrefix(".") }
            .sorted()
        var files: [RegistryReader.File] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let data: Data
            do {
                data = try InputFile.read(path)
            } catch {
                throw SamradError(.noInput, "cannot read the registry: \(error)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw SamradError(.dataError, "\(path):1: error: the file is not UTF-8 text\n    fix: save it as UTF-8")
            }
            files.append(RegistryReader.File(name: path, text: text))
        }
        guard !files.isEmpty else {
            throw SamradError(.noInput, "the registry folder \(directory) holds no .yaml files")
        }
        return try RegistryReader.read(files)
    }
}
