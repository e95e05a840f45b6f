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
        return try file(url.path, shownAs: "bundled template \(name)", asText: false)
    }

    /// A template file of the round's own.
    public static func file(_ path: String, shownAs name: String? = nil) throws(Failure) -> MessageTemplates {
        try file(path, shownAs: name, asText: true)
    }

    static func file(_ path: String, shownAs name: String?, asText: Bool) throws(Failure) -> MessageTemplates {
        let shown = name ?? path
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot read the template \(shown): it must exist and be UTF-8 text")
        }
        return asText ? try Self.text(text, shownAs: shown) : try parse(text, shownAs: shown)
    }

    /// A template from its text, e.g. as a round recorded it. It makes plain text: a value is written as it is, not
    /// escaped for HTML (the HTML part is made from the text by `html(fromText:)`).
    public static func text(_ text: String, shownAs shown: String) throws(Failure) -> MessageTemplates {
        try parse(text.hasPrefix("{{%") ? text : "{{% CONTENT_TYPE: TEXT}}" + text, shownAs: shown)
    }

    static func parse(_ text: String, shownAs shown: String) throws(Failure) -> MessageTemplates {
        do {
            return MessageTemplates(template: try MustacheTemplate(string: text))
        } catch {
            throw Failure(description: "the template \(shown) is not valid Mustache: \(error)")
        }
    }

    /// An HTML part made from a message's text: every character escaped, paragraphs at blank lines, line breaks kept.
    /// A round's own template writes text only, so nothing it or a value in it holds becomes markup.
    public static func html(fromText text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
        let paragraphs = escaped.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
        let body = paragraphs.map { "<p>\($0.replacingOccurrences(of: "\n", with: "<br>\n"))</p>" }.joined(separator: "\n")
        return "<!DOCTYPE html>\n<html lang=\"sv\">\n<head><meta charset=\"utf-8\"></head>\n<body>\n\(body)\n</body>\n</html>\n"
    }

    /// Renders the text for a context, with line endings normalised and trailing blank lines removed.
    ///
    /// It runs once per message of a mailout, so it works on the UTF-8 bytes: a line break is always a boundary between
    /// characters, and only the lines at either end are looked at as text, to see whether they are blank.
    public func render(_ content: MessageContent) -> String {
        var text = template.render(content.values)
        if text.utf8.contains(UInt8(ascii: "\r")) { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // Blank as `.whitespaces` means it. In ASCII only a space or a tab is blank, so a line with any other ASCII byte
        // is not; one with nothing but those and bytes beyond ASCII asks Foundation.
        let isBlank = { (line: Substring.UTF8View) in
            !line.contains { $0 < 0x80 && $0 != 0x20 && $0 != 0x09 }
                && (line.allSatisfy { $0 < 0x80 } || Substring(line).trimmingCharacters(in: .whitespaces).isEmpty)
        }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else {
            return "\n"
        }
        return String(Substring(text.utf8[lines[first].startIndex..<lines[last].endIndex])) + "\n"
    }
}
