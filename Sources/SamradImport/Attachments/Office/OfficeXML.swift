import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Runs Foundation's `XMLParser` over one part of an office document, refusing what office programs never write.
///
/// Word and LibreOffice never declare a DTD; a part that does is refused before it is parsed, so that no
/// entity is expanded (a billion laughs) or fetched (an external entity), and the parser itself is told
/// not to resolve external entities.
enum OfficeXML {
    /// Why a part was not read.
    enum Failure: Error {
        case declaresDTD
        case malformed(String)
    }

    /// Parses `data` with `delegate`; an abort the delegate asked for is not a failure.
    static func parse(_ data: Data, with delegate: OfficeXMLDelegate) throws(Failure) {
        guard !declaresDTD(data) else { throw .declaresDTD }
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = delegate
        delegate.parser = parser
        defer { delegate.parser = nil }
        if !parser.parse(), !delegate.stopped {
            if delegate.sawDeclaration { throw .declaresDTD }
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed"
            throw .malformed("line \(parser.lineNumber): \(reason)")
        }
    }

    /// Whether a `<!DOCTYPE` stands in the prolog, before the first element (comments and processing instructions skipped).
    static func declaresDTD(_ data: Data) -> Bool {
        let head = data.prefix(64 * 1024)
        let text: String
        if head.starts(with: [0xFF, 0xFE]) || (head.count > 1 && head[head.startIndex + 1] == 0) {
            text = Charset.decode(head.prefix(head.count & ~1), as: "utf-16le") ?? ""
        } else if head.starts(with: [0xFE, 0xFF]) || head.first == 0 {
            text = Charset.decode(head.prefix(head.count & ~1), as: "utf-16be") ?? ""
        } else {
            text = String(decoding: head, as: UTF8.self)
        }
        var rest = Substring(text).drop { $0 == "\u{FEFF}" }
        while true {
            rest = rest.drop { $0.isWhitespace }
            if rest.hasPrefix("<?") {
                guard let end = rest.range(of: "?>") else { return false }
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("<!--") {
                guard let end = rest.range(of: "-->") else { return false }
                rest = rest[end.upperBound...]
            } else {
                return rest.hasPrefix("<!")
            }
        }
    }
}

/// A parser delegate for an office document part, told elements by their local names ("p" for "w:p").
///
/// Subclasses override ``start(_:attributes:)``, ``end(_:)`` and ``characters(_:)``: the `XMLParserDelegate`
/// methods themselves are implemented here once, since a protocol's default implementations would be
/// called in place of methods that only a subclass declares.
class OfficeXMLDelegate: NSObject, XMLParserDelegate {
    /// The parser running this delegate, while it runs.
    fileprivate(set) var parser: XMLParser?
    /// Set when the delegate aborted the parse because it had read enough.
    private(set) var stopped = false
    /// Set when the parser met a DTD declaration that the prolog check did not see.
    private(set) var sawDeclaration = false

    /// An element starts; `name` without its prefix.
    func start(_ name: String, attributes: [String: String]) {}

    /// An element ends; `name` without its prefix.
    func end(_ name: String) {}

    /// Text inside the current element.
    func characters(_ text: String) {}

    /// Stops the parse: what was read so far stands.
    func stop() {
        stopped = true
        parser?.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        start(Self.localName(elementName), attributes: attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(Self.localName(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        characters(string)
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        sawDeclaration = true
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        sawDeclaration = true
        parser.abortParsing()
    }

    /// An element's name without its prefix ("w:p" → "p"), whichever form the parser reports.
    static func localName(_ name: String) -> String {
        name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    /// The value of the attribute `name` (without its prefix: "val" finds "w:val").
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        return attributes.first { $0.key.hasSuffix(":" + name) }?.value
    }
}
