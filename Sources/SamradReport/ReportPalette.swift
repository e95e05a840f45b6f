import Foundation
import SamradCore

/// The colours of the HTML report and the contrast each pair of them must reach (WCAG 2.1 AA).
///
/// Text needs 4.5:1 against its background (1.4.3); the chart's bars and lines need 3:1 against
/// the white they stand on (1.4.11). The stylesheet and the charts take their colours from here,
/// and the stylesheet states every pair with its computed ratio.
enum ReportPalette {
    /// An sRGB colour written as `#rrggbb`.
    struct Colour: Hashable, Sendable, CustomStringConvertible {
        /// Red, green and blue, 0–255.
        let red: Int
        let green: Int
        let blue: Int

        /// The colour of a six-digit hex code without the `#`.
        init(_ hex: UInt32) {
            red = Int(hex >> 16 & 0xFF)
            green = Int(hex >> 8 & 0xFF)
            blue = Int(hex & 0xFF)
        }

        /// `#rrggbb`.
        var description: String {
            "#" + [red, green, blue].map { String(format: "%02x", $0) }.joined()
        }

        /// The relative luminance, as WCAG 2.1 defines it.
        var luminance: Double {
            func linear(_ channel: Int) -> Double {
                let value = Double(channel) / 255
                return value <= 0.040_45 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
        }

        /// The contrast ratio with another colour, from 1 to 21.
        func contrast(with other: Colour) -> Double {
            let lighter = max(luminance, other.luminance)
            let darker = min(luminance, other.luminance)
            return (lighter + 0.05) / (darker + 0.05)
        }
    }

    /// Two colours that stand against each other and the ratio they must reach.
    struct Pair: Sendable {
        /// Where the pair is used.
        let use: String
        let foreground: Colour
        let background: Colour
        /// 4.5 for text, 3 for graphics.
        let minimum: Double

        /// The pair's contrast ratio.
        var ratio: Double { foreground.contrast(with: background) }
    }

    static let paper = Colour(0xFFFFFF)
    static let ink = Colour(0x1A1A1A)
    static let muted = Colour(0x4F5358)
    static let link = Colour(0x0B4F8A)
    static let headerFill = Colour(0xEEF1F4)
    static let rule = Colour(0x767B82)
    static let lateInk = Colour(0x8A1C12)
    static let lateFill = Colour(0xFDEDEB)
    static let quoteFill = Colour(0xF6F7F8)
    static let line = Colour(0x0B4F8A)
    static let deadline = Colour(0xA3261B)

    /// The fill of a stance's part of a bar.
    static func fill(_ stance: Stance?) -> Colour {
        switch stance {
        case .supports: Colour(0x1E6B3A)
        case .opposes: Colour(0xA3261B)
        case .neutral: Colour(0x2B5F91)
        case .declines: Colour(0x5C5F66)
        case .unstated: Colour(0x7A5A00)
        case nil: paper
        }
    }

    /// Every pair the report uses.
    static let pairs: [Pair] =
        [
            Pair(use: "text on the page", foreground: ink, background: paper, minimum: 4.5),
            Pair(use: "secondary text on the page", foreground: muted, background: paper, minimum: 4.5),
            Pair(use: "links on the page", foreground: link, background: paper, minimum: 4.5),
            Pair(use: "table header text", foreground: ink, background: headerFill, minimum: 4.5),
            Pair(use: "secondary text in table headers", foreground: muted, background: headerFill, minimum: 4.5),
            Pair(use: "contribution text", foreground: ink, background: quoteFill, minimum: 4.5),
            Pair(use: "late marker", foreground: lateInk, background: lateFill, minimum: 4.5),
            Pair(use: "chart labels on bars (white badge)", foreground: ink, background: paper, minimum: 4.5),
            Pair(use: "deadline label in the chart", foreground: deadline, background: paper, minimum: 4.5),
            Pair(use: "table and chart rules", foreground: rule, background: paper, minimum: 3),
            Pair(use: "response line in the chart", foreground: line, background: paper, minimum: 3),
        ]
        + Stance.allCases.map {
            Pair(use: "bar for \"\($0.swedish)\"", foreground: fill($0), background: paper, minimum: 3)
        }
}
