import Foundation
import Mustache
import SamradCore

/// The message templates: Swedish defaults bundled with Samråd, or a round's own file.
public struct MessageTemplates: Sendable {
    let template: MustacheTemplate

    /// Why a template could not be used.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What is wrong with which template.
        public let description: String
    }

    /// The bundled template with a name, e.g. `mailout`.
    public static func bundled(_ name: String) throws(Failure) -> MessageTemplates {
        guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates") else {
            throw Failure(description: "the bundled template '\(name)' is missing from this installation of samrad")
        }
        return try file(url.path, shownAs: "bundled template \(name)")
    }

    /// A template file of the round's own.
    public static func file(_ path: String, shownAs name: String? = nil) throws(Failure) -> MessageTemplates {
        let shown = name ?? path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot read the template \(shown): it must exist and be UTF-8 text")
        }
        do {
            return MessageTemplates(template: try MustacheTemplate(string: text))
        } catch {
            throw Failure(description: "the template \(shown) is not valid Mustache: \(error)")
        }
    }

    /// Renders the text for a context, with line endings normalised and trailing blank lines removed.
    public func render(_ content: MessageContent) -> String {
        let text = template.render(content.values)
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        while let first = lines.first, first.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        return lines.joined(separator: "\n") + "\n"
    }
}
