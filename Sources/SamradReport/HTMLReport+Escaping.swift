import Foundation

extension HTMLReport {
    /// Text from outside as HTML text or a quoted attribute value.
    ///
    /// Escapes `& < > " '`; line ends (CR LF, CR) become LF; control characters and direction
    /// overrides are dropped (``ReportText/neutralised(_:)``); Unicode noncharacters, which HTML
    /// does not allow even as character references, become U+FFFD so that the document stays free
    /// of parse errors.
    package static func escape(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case _ where ReportText.isDropped(scalar): continue
            case "&": output.append(contentsOf: "&amp;".unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            case "'": output.append(contentsOf: "&#39;".unicodeScalars)
            case "\n" where afterCR: continue
            case "\r": output.append("\n")
            case _ where isForbidden(scalar): output.append("\u{FFFD}")
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// Text from outside on one line, escaped, for headings, cells and chart labels.
    static func escapeLine(_ text: String) -> String {
        escape(ReportText.singleLine(text))
    }

    /// Text from outside inside `<bdi>`, so that right-to-left text in it cannot reorder the
    /// report's own words around it (direction overrides are dropped by ``escape(_:)``).
    static func isolated(_ text: String) -> String {
        "<bdi>\(escapeLine(text))</bdi>"
    }

    /// Whether HTML forbids a scalar in a document: controls other than tab, LF, FF and CR,
    /// C1 controls, and noncharacters.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D: return false
        case 0x00...0x1F, 0x7F...0x9F, 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }
}
