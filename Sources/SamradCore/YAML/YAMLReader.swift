import Foundation
import Yams

/// Reads a YAML document node by node, keeping every value's line so that each problem
/// can be reported as `file:line:column` with a fix.
///
/// The reader collects diagnostics instead of throwing, so one pass reports every problem
/// in a file. Callers check ``diagnostics`` at the end.
package final class YAMLReader {
    /// The file name used in every location.
    package let file: String
    /// The problems found so far.
    package private(set) var diagnostics: [Diagnostic] = []

    /// Creates a reader for a file.
    package init(file: String) {
        self.file = file
    }

    /// Parses the text into its root node, reporting a syntax error with its line.
    package func parse(_ text: String) -> Node? {
        do {
            guard let root = try Yams.compose(yaml: text) else {
                error(at: SourceLocation(file: file, line: 1, column: 1), "the file is empty", fix: "see the example in the README")
                return nil
            }
            return root
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            reportDuplicateKeys(in: text, first: duplicates.first ?? "?", at: context.mark)
            return nil
        } catch let failure as YamlError {
            error(
                at: location(of: failure), "this is not valid YAML: \(Self.problem(of: failure))",
                fix: "check the indentation and quote values that contain ': ', ',' or '#'")
            return nil
        } catch {
            self.error(at: SourceLocation(file: file, line: 1), "this is not valid YAML: \(error)")
            return nil
        }
    }

    /// Reports every repeated key of the text at the line where it is repeated, naming the line
    /// of its first occurrence.
    ///
    /// Yams refuses a mapping with a repeated key while composing, with the mark of one
    /// occurrence only. So the occurrence it names is renamed — its first character (inside the
    /// quotes of a quoted key) replaced by a private-use character, which keeps every line and
    /// column where it was — and the text composed again, until it composes. Then the keys of each
    /// mapping, renamed ones counted under their old name, give every occurrence with its line. If
    /// the renamed text does not compose for another reason, the occurrence Yams named is reported.
    private func reportDuplicateKeys(in text: String, first key: String, at mark: Mark) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var renamed: [String] = []
        var nextKey = key
        var nextMark = mark
        var root: Node?
        while renamed.count < Self.maximumRenamed {
            let line = nextMark.line - 1
            var column = nextMark.column - 1
            guard lines.indices.contains(line), lines[line].indices.contains(column) else { break }
            if lines[line][column] == "\"" || lines[line][column] == "'" { column += 1 }
            guard lines[line].indices.contains(column), let marker = Unicode.Scalar(Self.renamedBase + UInt32(renamed.count)) else { break }
            lines[line][column] = marker
            renamed.append(nextKey)
            let changed = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
            do {
                root = try Yams.compose(yaml: changed)
                break
            } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
                nextKey = duplicates.first ?? "?"
                nextMark = context.mark
            } catch {
                break
            }
        }
        guard let root else {
            self.error(
                at: SourceLocation(file: file, line: mark.line, column: mark.column),
                "the key \(InputEcho.quote(key)) appears more than once in the same mapping", fix: "keep one of them")
            return
        }
        var pending = [root]
        var found: [(place: SourceLocation, key: String, first: Int)] = []
        while let node = pending.popLast() {
            if let mapping = node.mapping {
                var occurrences: [String: [SourceLocation]] = [:]
                for (name, value) in mapping {
                    pending.append(value)
                    guard let text = name.scalar?.string else { continue }
                    let index = text.unicodeScalars.first.map { Int($0.value) - Int(Self.renamedBase) } ?? -1
                    let original = renamed.indices.contains(index) ? renamed[index] : text
                    occurrences[original, default: []].append(location(of: name))
                }
                for (name, places) in occurrences where places.count > 1 {
                    let sorted = places.sorted()
                    found += sorted.dropFirst().map { ($0, name, sorted[0].line) }
                }
            } else if let sequence = node.sequence {
                pending += sequence
            }
        }
        for (place, name, first) in found.sorted(by: { $0.place < $1.place }) {
            self.error(
                at: place, "the key \(InputEcho.quote(name)) appears twice in the same mapping (first at line \(first))",
                fix: "keep one of them")
        }
    }

    /// How many repeated keys are looked for in one file.
    private static let maximumRenamed = 64
    /// The private-use character that renames the first repeated key; the next ones follow it.
    private static let renamedBase: UInt32 = 0xF0000

    /// Records an error.
    package func error(at location: SourceLocation, _ message: String, fix: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, fix: fix))
    }

    /// Records an error at a node.
    package func error(at node: Node, _ message: String, fix: String? = nil) {
        error(at: location(of: node), message, fix: fix)
    }

    /// Where a node stands.
    package func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 0) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// The node as a mapping whose keys are all among `allowed`; unknown or repeated keys are reported.
    package func mapping(_ node: Node, _ what: String, allowed: [String]) -> YAMLMapping? {
        guard let mapping = node.mapping else {
            error(at: node, "\(what) must be a mapping of keys and values", fix: "write it as 'key: value' lines or '{ key: value, … }'")
            return nil
        }
        var seen: [String: SourceLocation] = [:]
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(at: key, "a key in \(what) is not a plain word")
                continue
            }
            let here = location(of: key)
            if let first = seen[name] {
                error(at: here, "the key '\(name)' appears twice in \(what) (first at line \(first.line))", fix: "keep one of them")
                continue
            }
            seen[name] = here
            guard allowed.contains(name) else {
                let hint = Self.closest(to: name, among: allowed).map { "did you mean '\($0)'? " } ?? ""
                error(
                    at: here, "unknown key '\(name)' in \(what)",
                    fix: "\(hint)the keys allowed here are: \(allowed.joined(separator: ", "))")
                continue
            }
            entries[name] = (key, value)
        }
        return YAMLMapping(node: node, entries: entries, what: what)
    }

    /// The node as a sequence, or nil with an error.
    package func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard let sequence = node.sequence else {
            error(at: node, "\(what) must be a list", fix: "write it as '[a, b]' or as '- a' lines")
            return nil
        }
        return Array(sequence)
    }

    /// The node as a non-empty string scalar, or nil with an error.
    package func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar else {
            error(at: node, "\(what) must be a single value, not a list or mapping")
            return nil
        }
        let text = scalar.string
        if text.isEmpty || scalar.tag == Tag(.null) && scalar.style == .plain && ["~", "null", "Null", "NULL", ""].contains(text) {
            error(at: node, "\(what) is empty", fix: "give it a value")
            return nil
        }
        if let bad = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
            error(
                at: node, "\(what) contains the control character U+\(String(bad.value, radix: 16, uppercase: true))",
                fix: "remove it; line breaks and control characters are not allowed here")
            return nil
        }
        return text
    }

    /// A string that must be one line (names, titles, ids that reach mail headers).
    package func line(_ node: Node, _ what: String) -> String? {
        guard let text = string(node, what) else { return nil }
        if text.contains("\n") || text.contains("\t") {
            error(at: node, "\(what) must be a single line", fix: "remove the line break")
            return nil
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// A calendar date written `YYYY-MM-DD` that exists.
    package func date(_ node: Node, _ what: String) -> LocalDate? {
        guard let text = line(node, what) else { return nil }
        do {
            return try LocalDate(parsing: text)
        } catch {
            self.error(
                at: node, "\(what) '\(text)' is not a date: \(error.reason)", fix: "write a date that exists as YYYY-MM-DD, e.g. 2019-04-24"
            )
            return nil
        }
    }

    /// A local date and time written `YYYY-MM-DDTHH:MM` (Europe/Stockholm).
    package func dateTime(_ node: Node, _ what: String) -> LocalDateTime? {
        guard let text = line(node, what) else { return nil }
        do {
            return try LocalDateTime(parsing: text)
        } catch {
            self.error(
                at: node, "\(what) '\(text)' is not a date and time: \(error.reason)",
                fix: "write it as YYYY-MM-DDTHH:MM in Swedish time, e.g. 2019-04-24T09:00")
            return nil
        }
    }

    /// A whole number within a range.
    package func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = line(node, what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(at: node, "\(what) '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// The email address in a node, validated as an RFC 5322 addr-spec.
    package func address(_ node: Node, _ what: String) -> EmailAddress? {
        guard let text = string(node, what) else { return nil }
        do {
            return try EmailAddress(text)
        } catch {
            self.error(
                at: node, "\(what) '\(text.prefix(80))' is not a valid email address: \(error.reason)",
                fix: "write a single address like 'namn@kommun.example', without a display name or angle brackets")
            return nil
        }
    }

    private func location(of failure: YamlError) -> SourceLocation {
        switch failure {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column)
        default:
            return SourceLocation(file: file, line: 1)
        }
    }

    private static func problem(of failure: YamlError) -> String {
        switch failure {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "\(failure)"
        }
    }

    /// The allowed word nearest to a misspelt one, when it is near enough to be a likely typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A YAML mapping whose keys have been checked, with lookups that report missing keys.
package struct YAMLMapping {
    /// The mapping node itself.
    package let node: Node
    let entries: [String: (key: Node, value: Node)]
    /// What the mapping describes, for messages ("body 'BUN'").
    package let what: String

    /// The value of a key, if present.
    package subscript(key: String) -> Node? { entries[key]?.value }

    /// The value of a key that must be present; reports it missing otherwise.
    package func required(_ key: String, in reader: YAMLReader, fix: String? = nil) -> Node? {
        if let value = entries[key]?.value { return value }
        reader.error(at: node, "\(what) has no '\(key)'", fix: fix ?? "add '\(key): …'")
        return nil
    }
}
