/// Whether a subject says its message forwards another: its first prefix is a forward's ("VB:", "Fwd:", "FW:", "WG:", "TR:").
///
/// "VB: SV: Begäran om synpunkter …" forwards a reply; "SV: VB: …" answers a forward.
enum ForwardSubject {
    /// The forward prefixes of Swedish, English, German and French mail clients, lower-cased, without the colon.
    static let prefixes: Set<String> = ["vb", "fw", "fwd", "wg", "tr"]

    static func isForward(_ subject: String) -> Bool {
        let trimmed = subject.drop { $0.isWhitespace }
        guard let colon = trimmed.firstIndex(of: ":") else { return false }
        let prefix = trimmed[..<colon].lowercased().filter { !$0.isWhitespace }
        return prefixes.contains(prefix)
    }
}
