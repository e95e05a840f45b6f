/// Lines that say nothing of a body's own: greetings, addresses, references, lead-ins.
enum TrivialText {
    /// Whether the line is a greeting: "Hej!", "Hej Anna,", "Hello", "Dear colleagues,", "God dag".
    static func isGreeting(_ line: Substring) -> Bool {
        let words = Folding.words(line)
        guard let first = words.first, words.count <= 6 else { return false }
        if ["hej", "hejsan", "halla", "hi", "hello", "dear", "goddag"].contains(first) { return true }
        return first == "god" && ["dag", "morgon", "eftermiddag"].contains(words.dropFirst().first)
    }

    /// Whether the line addresses the office: "Till kommunstyrelsen", "Till Kommunledningskontoret, Sara Berg".
    static func isAddress(_ line: Substring) -> Bool {
        let words = Folding.words(line)
        return words.first == "till" && words.count <= 6 && !line.trimmingWhitespace.hasSuffix(".")
    }

    /// Whether the line names the matter: "Dnr KS 2019/017", "Ärende: …", "Yttrande över förslaget till nya mål".
    static func isReference(_ line: Substring) -> Bool {
        let words = Folding.words(line)
        let starts: Set<String> = [
            "dnr", "diarienummer", "arende", "angaende", "ang", "ref", "re", "sv", "yttrande", "remissvar", "subject", "amne",
            "regarding", "svar",
        ]
        return words.first.map(starts.contains) == true && words.count <= 15
    }

    /// Whether the line announces the answer: "Här kommer nämndens synpunkter:", "Nedan följer …", "Please find …".
    static func isLeadIn(_ line: Substring) -> Bool {
        let words = Folding.words(line)
        guard words.count <= 25 else { return false }
        if line.trimmingWhitespace.hasSuffix(":") { return true }
        let phrase = " " + words.joined(separator: " ") + " "
        let leads = [
            " har kommer ", " nedan ", " harmed ", " oversand", " oversander ", " skickar ", " bifogar ", " bifogat ",
            " foljande ", " here are ", " here is ", " please find ", " below ", " following ", " as follows ", " bifogad ",
            " bifogade ", " bifogas ", " bilaga ", " bilagan ", " bilagor ", " attached ", " attachment ",
        ]
        return leads.contains { phrase.contains($0) }
    }
}
