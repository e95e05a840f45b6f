/// A start tag of an HTML document: its name and attributes, names lower-cased, values decoded.
struct HTMLTag: Equatable {
    var name: String
    var attributes: [String: String]

    init(name: String, attributes: [String: String] = [:]) {
        self.name = name
        self.attributes = attributes
    }

    /// The class names of the `class` attribute.
    var classes: [Substring] {
        (attributes["class"] ?? "").split { $0.isWhitespace }
    }

    /// Whether the element has the class `name` (compared as written).
    func hasClass(_ name: String) -> Bool {
        classes.contains { $0 == name }
    }

    /// The `id` attribute, as written.
    var id: String? { attributes["id"] }

    /// The `style` attribute lower-cased, without white space: "border-top:solid#e1e1e11.0pt".
    var compactStyle: String {
        (attributes["style"] ?? "").lowercased().filter { !$0.isWhitespace }
    }

    /// Reads the attributes between a tag's name and its ">": `name="value"`, `name='value'`, `name=value`, `name`.
    static func attributes(in scalars: ArraySlice<Unicode.Scalar>) -> [String: String] {
        var attributes: [String: String] = [:]
        var index = scalars.startIndex
        func skipSpace() {
            while index < scalars.endIndex, scalars[index].properties.isWhitespace || scalars[index] == "/" { index += 1 }
        }
        while true {
            skipSpace()
            guard index < scalars.endIndex else { break }
            var name = ""
            while index < scalars.endIndex, !scalars[index].properties.isWhitespace, scalars[index] != "=", scalars[index] != "/" {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            while index < scalars.endIndex, scalars[index].properties.isWhitespace { index += 1 }
            var value = ""
            if index < scalars.endIndex, scalars[index] == "=" {
                index += 1
                while index < scalars.endIndex, scalars[index].properties.isWhitespace { index += 1 }
                if index < scalars.endIndex, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    while index < scalars.endIndex, scalars[index] != quote {
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < scalars.endIndex, !scalars[index].properties.isWhitespace {
                        value.unicodeScalars.append(scalars[index])
                        index += 1
                    }
                }
            }
            if !name.isEmpty, attributes[name.lowercased()] == nil { attributes[name.lowercased()] = HTMLEntities.decode(value) }
        }
        return attributes
    }
}
