import SamradTestSupport
import Testing

@testable import SamradCore

/// A line that starts with a word is dismissed on that word when no heading can start with it. The headings found
/// are the same as when every line is read as a keyword, each title and a general heading in turn, as it was before.
@Suite("Area markers")
struct AreaMarkersTests {
    /// The rule before the first-word check: every reading is tried in turn.
    static func reference(_ markers: AreaMarkers, _ line: Substring) -> AreaMarker? {
        var cursor = LineCursor(line)
        markers.skipDecoration(&cursor)
        if let bullet = cursor.current, AreaMarkers.bullets.contains(bullet), cursor.next?.isWhitespaceFast == true {
            cursor.advance()
            markers.skipDecoration(&cursor)
        }
        guard let first = cursor.current else { return nil }
        if first.isASCII && first.isNumberFast { return markers.numbered(cursor) }
        if let marker = markers.keyworded(cursor) { return marker }
        if let marker = markers.titled(cursor) { return marker }
        return markers.generalHeading(cursor)
    }

    /// Pieces that headings and ordinary lines are made of, in the case and spelling replies use.
    static let pieces = [
        "Målområde", "MÅLOMRÅDE", "malomrade", "Målområdet", "Mål", "Målet", "Område", "Delområde", "Goal", "area",
        "Objective", "nr", "Nr.", "nummer", "1", "2", "3", "4", "5", "12", "2019-05-14", "2.3", "8:00", "1:a", "och",
        "samt", "and", "resp", "Hållbar", "hållbar", "tillväxt", "samhällsplanering", "Utbildning,", "arbete",
        "näringsliv", "Kunskap,", "hälsa", "fritid", "Delaktighet,", "tillgänglighet", "trygghet", "Övrigt",
        "Övriga", "synpunkter", "kommentarer", "Allmänt", "Allmänna", "Generellt", "Sammanfattning", "General",
        "comments", "Other", "Summary", "Nämnden", "tillstyrker", "avstyrker", "förslaget", "Vi", "Hej", "Med",
        "vänliga", "hälsningar", ":", ".", ")", "-", "–", "—", "…", ",", "&", "+", "**", "_", "#", "•", "·", "*",
        "/", "²", "Éva", "naïve",
    ]

    /// Pieces a heading starts with.
    static let starts = ["Målområde", "Mål", "Goal", "Område", "2.", "3)", "Övrigt", "Övriga", "Kunskap,", "Hållbar", "**", "-"]

    @Test func generatedLinesAreMarkedAsEveryReadingInTurnMarksThem() {
        let markers = AreaMarkers(goalAreas)
        var generator = SeededGenerator(state: 1301)
        var headings = 0
        for _ in 0..<30_000 {
            let count = Int.random(in: 1...7, using: &generator)
            var line = ""
            for index in 0..<count {
                // Half of the lines start as a heading may, so that headings are found as often as text.
                let starts = index == 0 && Bool.random(using: &generator)
                let piece = (starts ? Self.starts : Self.pieces).randomElement(using: &generator)!
                if index > 0 && Int.random(in: 0...3, using: &generator) > 0 { line += " " }
                line += piece
            }
            if Int.random(in: 0...4, using: &generator) == 0 { line = " " + line }
            let expected = Self.reference(markers, line[...])
            #expect(markers.marker(in: line[...]) == expected, "\(line)")
            if expected != nil { headings += 1 }
        }
        // The lines were made to hold headings as well as text: both sides of the check were exercised.
        #expect(headings > 1_000)
    }

    @Test func headingsOfEveryKindAreStillFound() {
        let markers = AreaMarkers(goalAreas)
        #expect(markers.marker(in: "Målområde 2:") == .areas([2], ""))
        #expect(markers.marker(in: "**Kunskap, hälsa och fritid:** Vi tillstyrker.") == .areas([3], "Vi tillstyrker."))
        #expect(markers.marker(in: "- Övriga synpunkter") == .general(""))
        #expect(markers.marker(in: "Goal area 1 – supported") == .areas([1], "supported"))
        #expect(markers.marker(in: "Nämnden tillstyrker målområde 2.") == nil)
        #expect(markers.marker(in: "Delaktighet") == nil)
    }
}
