/// One problem found in an input file, with where it is and what to do about it.
///
/// Printed as `contacts/namnder.yaml:12:7: error: duplicate id 'BUN' …` followed by
/// an indented `fix:` line, the way compilers print theirs.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How serious the problem is.
    public enum Severity: String, Sendable, Codable {
        case error
        case warning
    }

    /// Where the problem is.
    public var location: SourceLocation
    /// Whether it stops the input from being used.
    public var severity: Severity
    /// What is wrong, naming the offending value.
    public var message: String
    /// What the user can do about it.
    public var fix: String?

    /// Creates a diagnostic.
    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String, fix: String? = nil) {
        self.location = location
        self.severity = severity
        self.message = message
        self.fix = fix
    }

    /// The compiler-style text: location, severity, message and the fix on its own line.
    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let fix { text += "\n    fix: \(fix)" }
        return text
    }
}

/// The error thrown when an input file has problems: every diagnostic found, not only the first.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    /// The problems, in file and line order.
    public let diagnostics: [Diagnostic]

    /// Creates the failure from diagnostics; they are sorted by location.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { $0.location < $1.location }
    }

    /// Every diagnostic, one after another, and a count.
    public var description: String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let lines = diagnostics.map(\.description)
        return (lines + ["\(errors) error\(errors == 1 ? "" : "s"); nothing was changed."]).joined(separator: "\n")
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
