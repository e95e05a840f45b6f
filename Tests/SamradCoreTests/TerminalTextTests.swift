import SamradCore
import Testing

@Suite("Text from outside on the terminal")
struct TerminalTextTests {
    @Test(arguments: [
        ("Svar från BUN", "Svar från BUN"),
        ("Hej\u{1B}[31mröd\u{1B}[0m", #"Hej\u{1B}[31mröd\u{1B}[0m"#),
        ("titel\u{1B}]0;pwned\u{07}", #"titel\u{1B}]0;pwned\u{7}"#),
        ("rad 1\r\nrad 2\tslut", #"rad 1\r\nrad 2\tslut"#),
        ("\u{202E}fdp.exe", #"\u{202E}fdp.exe"#),
        ("\u{2066}isolerad\u{2069} \u{200F}", #"\u{2066}isolerad\u{2069} \u{200F}"#),
        ("C1: \u{9B}2J och DEL \u{7F}", #"C1: \u{9B}2J och DEL \u{7F}"#),
        ("النص العربي", "النص العربي"),
    ])
    func aSingleLineValueShowsControlsAndDirectionOverridesAsEscapes(text: String, shown: String) {
        #expect(TerminalText.safe(text, singleLine: true) == shown)
    }

    @Test func textOfSeveralLinesKeepsItsLineBreaksAndTabs() {
        #expect(TerminalText.safe("rad 1\n\trad\u{1B} 2\r\n") == "rad 1\n\trad\\u{1B} 2\\r\n")
    }
}
