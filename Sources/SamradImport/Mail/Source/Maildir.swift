import Foundation

/// Reads a Maildir: every message file in cur/ and new/ (tmp/ holds deliveries in progress and is left alone).
enum Maildir {
    /// Whether the folder has both a cur/ and a new/ folder (tmp/ is optional: some tools leave it out).
    static func isMaildir(_ url: URL) -> Bool {
        ["cur", "new"].allSatisfy { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue
        }
    }

    /// The message files, sorted by file name across cur/ and new/, then cur/ before new/, with their provenance.
    static func files(in folder: URL) throws(MailReadError) -> [(url: URL, provenance: String)] {
        var files: [(name: String, subfolder: String, url: URL)] = []
        for subfolder in ["cur", "new"] {
            let directory = folder.appendingPathComponent(subfolder)
            guard FileManager.default.fileExists(atPath: directory.path) else { continue }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            } catch {
                throw MailSource.unreadable(directory.path, error)
            }
            for name in names where !name.hasPrefix(".") {
                let url = directory.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    continue
                }
                files.append((name, subfolder, url))
            }
        }
        files.sort { $0.name == $1.name ? $0.subfolder < $1.subfolder : $0.name < $1.name }
        let folderName = folder.standardizedFileURL.lastPathComponent
        return files.map { ($0.url, "\(folderName)/\($0.subfolder)/\($0.name)") }
    }
}
