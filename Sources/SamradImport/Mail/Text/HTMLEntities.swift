/// Decodes HTML character references: named ones (Latin-1 and common typography) and numeric ones.
enum HTMLEntities {
    /// `text` with every known `&name;`, `&#NNN;` and `&#xHHH;` replaced by its character; unknown ones stay as written.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            let candidate = rest[afterAmpersand...].prefix(32)
            if let semicolon = candidate.firstIndex(of: ";"), let scalar = scalar(for: candidate[..<semicolon]) {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        result += rest
        return result
    }

    /// The character a reference's name ("auml", "#229", "#xE5") stands for.
    private static func scalar(for reference: Substring) -> Unicode.Scalar? {
        if reference.first == "#" {
            let digits = reference.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits, radix: 10)
            }
            guard let value, value != 0 else { return nil }
            // Windows-1252 numbers in the C1 range, as browsers read them (&#150; is an en dash).
            if (0x80...0x9F).contains(value), let mapped = windows1252[value] { return Unicode.Scalar(mapped) }
            return Unicode.Scalar(value)
        }
        return named[String(reference)].flatMap(Unicode.Scalar.init)
    }

    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
        0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
        0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A,
        0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    private static let named: [String: UInt32] = [
        "AElig": 0x00C6,
        "Aacute": 0x00C1,
        "Acirc": 0x00C2,
        "Agrave": 0x00C0,
        "Aring": 0x00C5,
        "Atilde": 0x00C3,
        "Auml": 0x00C4,
        "Ccedil": 0x00C7,
        "Dagger": 0x2021,
        "ETH": 0x00D0,
        "Eacute": 0x00C9,
        "Ecirc": 0x00CA,
        "Egrave": 0x00C8,
        "Euml": 0x00CB,
        "Iacute": 0x00CD,
        "Icirc": 0x00CE,
        "Igrave": 0x00CC,
        "Iuml": 0x00CF,
        "Ntilde": 0x00D1,
        "OElig": 0x0152,
        "Oacute": 0x00D3,
        "Ocirc": 0x00D4,
        "Ograve": 0x00D2,
        "Oslash": 0x00D8,
        "Otilde": 0x00D5,
        "Ouml": 0x00D6,
        "Prime": 0x2033,
        "Scaron": 0x0160,
        "THORN": 0x00DE,
        "Uacute": 0x00DA,
        "Ucirc": 0x00DB,
        "Ugrave": 0x00D9,
        "Uuml": 0x00DC,
        "Yacute": 0x00DD,
        "Yuml": 0x0178,
        "aacute": 0x00E1,
        "acirc": 0x00E2,
        "acute": 0x00B4,
        "aelig": 0x00E6,
        "agrave": 0x00E0,
        "amp": 0x0026,
        "apos": 0x0027,
        "aring": 0x00E5,
        "asymp": 0x2248,
        "atilde": 0x00E3,
        "auml": 0x00E4,
        "bdquo": 0x201E,
        "brvbar": 0x00A6,
        "bull": 0x2022,
        "ccedil": 0x00E7,
        "cedil": 0x00B8,
        "cent": 0x00A2,
        "circ": 0x02C6,
        "copy": 0x00A9,
        "curren": 0x00A4,
        "dagger": 0x2020,
        "darr": 0x2193,
        "deg": 0x00B0,
        "divide": 0x00F7,
        "eacute": 0x00E9,
        "ecirc": 0x00EA,
        "egrave": 0x00E8,
        "emsp": 0x2003,
        "ensp": 0x2002,
        "eth": 0x00F0,
        "euml": 0x00EB,
        "euro": 0x20AC,
        "frac12": 0x00BD,
        "frac14": 0x00BC,
        "frac34": 0x00BE,
        "ge": 0x2265,
        "gt": 0x003E,
        "harr": 0x2194,
        "hellip": 0x2026,
        "iacute": 0x00ED,
        "icirc": 0x00EE,
        "iexcl": 0x00A1,
        "igrave": 0x00EC,
        "infin": 0x221E,
        "iquest": 0x00BF,
        "iuml": 0x00EF,
        "laquo": 0x00AB,
        "larr": 0x2190,
        "ldquo": 0x201C,
        "le": 0x2264,
        "lrm": 0x200E,
        "lsaquo": 0x2039,
        "lsquo": 0x2018,
        "lt": 0x003C,
        "macr": 0x00AF,
        "mdash": 0x2014,
        "micro": 0x00B5,
        "middot": 0x00B7,
        "minus": 0x2212,
        "nbsp": 0x00A0,
        "ndash": 0x2013,
        "ne": 0x2260,
        "not": 0x00AC,
        "ntilde": 0x00F1,
        "oacute": 0x00F3,
        "ocirc": 0x00F4,
        "oelig": 0x0153,
        "ograve": 0x00F2,
        "ordf": 0x00AA,
        "ordm": 0x00BA,
        "oslash": 0x00F8,
        "otilde": 0x00F5,
        "ouml": 0x00F6,
        "para": 0x00B6,
        "permil": 0x2030,
        "plusmn": 0x00B1,
        "pound": 0x00A3,
        "prime": 0x2032,
        "quot": 0x0022,
        "radic": 0x221A,
        "raquo": 0x00BB,
        "rarr": 0x2192,
        "rdquo": 0x201D,
        "reg": 0x00AE,
        "rlm": 0x200F,
        "rsaquo": 0x203A,
        "rsquo": 0x2019,
        "sbquo": 0x201A,
        "scaron": 0x0161,
        "sect": 0x00A7,
        "shy": 0x00AD,
        "sum": 0x2211,
        "sup1": 0x00B9,
        "sup2": 0x00B2,
        "sup3": 0x00B3,
        "szlig": 0x00DF,
        "thinsp": 0x2009,
        "thorn": 0x00FE,
        "tilde": 0x02DC,
        "times": 0x00D7,
        "trade": 0x2122,
        "uacute": 0x00FA,
        "uarr": 0x2191,
        "ucirc": 0x00FB,
        "ugrave": 0x00F9,
        "uml": 0x00A8,
        "uuml": 0x00FC,
        "yacute": 0x00FD,
        "yen": 0x00A5,
        "yuml": 0x00FF,
        "zwj": 0x200D,
        "zwnj": 0x200C,
    ]
}
