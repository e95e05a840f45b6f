import Foundation

/// The part of a reply that the body wrote: without the quoted text of our message and without the signature.
///
/// Quoted text goes in the forms mail clients write it:
/// - lines starting with `>` (at any depth), wherever they stand, so that an answer written above the quote
///   (top-posted), below it (bottom-posted) or between quoted blocks (interleaved) is kept;
/// - an attribution line before a quote: Gmail's "Den tors 11 apr. 2019 kl 08:00 skrev Kommunledningskontoret <…>:"
///   and "On Thu, Apr 11, 2019 at 8:00 AM … wrote:", Apple Mail's "11 apr. 2019 kl. 08:00 skrev …:", Thunderbird's
///   "Den 2019-04-11 kl. 08:00, skrev …:" (also when wrapped over two lines): a line that ends with a colon, has the
///   word "skrev" or "wrote", and a digit or an `@`. When the lines after it are not `>`-quoted, everything from it
///   on is the quote;
/// - Outlook's "-----Ursprungligt meddelande-----" and "-----Original Message-----" (and the forwarded-message
///   forms), and its header block "Från: … Skickat: … Till: … Ämne: …" ("From: … Sent: … To: … Subject: …",
///   "Datum"/"Date" for "Skickat"/"Sent"), on separate lines or on one: everything from there on is the quote,
///   since Outlook marks none of it.
///
/// The signature goes from a line "-- " (RFC 3676; also "--") on, or from a closing line ("Med vänlig hälsning",
/// "Med vänliga hälsningar", "Vänliga hälsningar", "Hälsningar", "Mvh", "Best regards", "Kind regards", "Regards",
/// "Sent from my iPhone", "Skickat från min iPhone", …, alone or followed by a name) when only a signature follows:
/// at most twelve short lines (name, title, phone, address; at most 80 characters each, or a privacy or environment
/// notice), none with a stance and none a "PS". Lines of dashes, underscores or equals signs left at the end go too.
///
/// Line endings become `\n`, trailing whitespace goes from every line, runs of blank lines become one, and a quote
/// taken out between two paragraphs leaves one blank line.
public enum ReplyText {
    /// The text the body wrote, without quoted text of our message and without the signature, trimmed.
    public static func ownText(_ text: String) -> String {
        ownText(text) { _ in false }
    }

    /// The text the body wrote, keeping a quoted heading that the body answered right under.
    ///
    /// A quoted line for which `isHeading` holds (given without its `>` marks) is kept, unquoted, when the body's own
    /// text follows it with nothing but blank lines or blank quoted lines in between; another quoted line in between
    /// drops it. This keeps the goal-area headings of our message that an interleaved answer stands under.
    static func ownText(_ text: String, keepingQuotedHeadings isHeading: (Substring) -> Bool) -> String {
        let lines = TextLines.lines(text)
        var own: [Substring] = []
        var pendingHeading: Substring?
        var index = 0
        func leaveGap() {
            if let last = own.last, !last.trimmingWhitespace.isEmpty { own.append("") }
        }
        scan: while index < lines.count {
            let line = lines[index]
            if isOriginalMessageSeparator(line) || isHeaderBlock(at: index, in: lines) { break scan }
            if let length = attributionLength(at: index, in: lines) {
                let following = lines[(index + length)...].first { !$0.trimmingWhitespace.isEmpty }
                guard let following, quotedContent(following) != nil else { break scan }
                leaveGap()
                pendingHeading = nil
                index += length
                continue
            }
            if let content = quotedContent(line) {
                if content.trimmingWhitespace.isEmpty {
                    // A blank quoted line keeps a pending heading.
                } else if isHeading(content) {
                    pendingHeading = content.trimmingWhitespace
                } else {
                    pendingHeading = nil
                }
                leaveGap()
                index += 1
                continue
            }
            if let heading = pendingHeading, !line.trimmingWhitespace.isEmpty {
                leaveGap()
                own.append(heading)
                pendingHeading = nil
            }
            own.append(line)
            index += 1
        }
        return TextLines.tidy(withoutSignature(own))
    }

    // MARK: - Forwards

    /// The text of a message forwarded in a reply — a registrar passing on a board's answer under "Vidarebefordrat
    /// meddelande", "-----Ursprungligt meddelande-----" or an Outlook header block — without its header lines; nil
    /// when the reply forwards nothing, or only quotes a message from one of `ownAddresses` (our own mailout).
    public static func forwardedText(_ text: String, notFrom ownAddresses: Set<String>) -> String? {
        let lines = TextLines.lines(text)
        for index in lines.indices {
            let separator = isOriginalMessageSeparator(lines[index]) || isForwardIntroduction(lines[index])
            guard separator || isHeaderBlock(at: index, in: lines) else { continue }
            var position = separator ? index + 1 : index
            while position < lines.count, lines[position].trimmingWhitespace.isEmpty { position += 1 }
            var sender: String?
            while position < lines.count, let (name, value) = headerLine(lines[position]) {
                if ["fran", "from"].contains(name) { sender = address(in: value) }
                position += 1
            }
            if let sender, ownAddresses.contains(sender) { return nil }
            let rest = lines[position...].joined(separator: "\n")
            return rest.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : rest
        }
        return nil
    }

    /// Whether the line introduces a forward as Apple Mail writes it: "Början på vidarebefordrat brev:".
    static func isForwardIntroduction(_ line: Substring) -> Bool {
        let folded = Folding.words(line).joined(separator: " ")
        return folded == "borjan pa vidarebefordrat brev" || folded == "begin forwarded message"
    }

    /// The field of a header line of a forward ("Från: …", "Skickat: …", "Subject: …"), folded, and its value.
    static func headerLine(_ line: Substring) -> (String, Substring)? {
        let trimmed = line.drop { $0.isWhitespaceFast || $0 == "*" || $0 == "_" }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let name = Folding.fold(trimmed[..<colon].filter { $0 != "*" && $0 != "_" }).trimmingCharacters(in: .whitespaces)
        let fields: Set<String> = [
            "fran", "from", "skickat", "sent", "datum", "date", "till", "to", "kopia", "cc", "amne", "subject", "svara till",
            "reply-to", "prioritet", "importance",
        ]
        guard fields.contains(name) else { return nil }
        return (name, trimmed[trimmed.index(after: colon)...])
    }

    /// The e-mail address in a header value ("Sofia Håkansson <sofia@kommun.example>"), lower-cased.
    static func address(in value: Substring) -> String? {
        let candidates = value.split {
            $0.isWhitespaceFast || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "[" || $0 == "]" || $0 == "(" || $0 == ")"
        }
        return candidates.first { $0.contains("@") }.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,;:")) }
    }

    // MARK: - Quotes

    /// The text of a `>`-quoted line without its marks, or nil when the line is not quoted.
    static func quotedContent(_ line: Substring) -> Substring? {
        let start = line.drop { $0 == " " || $0 == "\t" }
        guard start.first == ">" else { return nil }
        return start.drop { $0 == ">" || $0 == " " || $0 == "\t" }
    }

    /// The separator lines of Outlook and other clients, as their letters read.
    static let separatorWords: Set<String> = [
        "ursprungligtmeddelande", "originalmessage", "vidarebefordratmeddelande", "forwardedmessage", "beginforwardedmessage",
        "vidarebefordratbrev",
    ]

    /// The lengths of ``separatorWords``, shortest to longest.
    static let separatorLengths: ClosedRange<Int> = {
        let lengths = separatorWords.map(\.count)
        return (lengths.min() ?? 0)...(lengths.max() ?? 0)
    }()

    /// Whether the line is "-----Ursprungligt meddelande-----", "-----Original Message-----" or the like.
    static func isOriginalMessageSeparator(_ line: Substring) -> Bool {
        let trimmed = line.trimmingWhitespace
        if let profile = Folding.profile(trimmed), !separatorLengths.contains(profile.wordCharacters) { return false }
        guard trimmed.hasAtMost(80), trimmed.contains(where: \.isLetterFast) else { return false }
        return separatorWords.contains(Folding.words(trimmed).joined())
    }

    /// Whether an Outlook header block ("Från: … Skickat: … Till: … Ämne: …") starts at the line.
    static func isHeaderBlock(at index: Int, in lines: [Substring]) -> Bool {
        // An ASCII character other than "f" starts neither "från:" nor "from:" once folded.
        let lead = lines[index].utf8.first { !Self.headerLeadSkipped.contains($0) }
        if let lead, lead < 0x80, lead != UInt8(ascii: "f"), lead != UInt8(ascii: "F") { return false }
        let first = Folding.fold(lines[index].drop { $0.isWhitespaceFast || $0 == "*" || $0 == "_" })
        guard first.hasPrefix("fran:") || first.hasPrefix("from:") else { return false }
        let block = lines[index..<min(lines.count, index + 7)].map(Folding.fold).joined(separator: "\n")
        let hasDate = ["skickat", "sent", "datum", "date"].contains { hasField($0, in: block) }
        let hasTopic = ["till", "to", "amne", "subject"].contains { hasField($0, in: block) }
        return hasDate && hasTopic
    }

    /// The ASCII bytes dropped before a header block's first field: whitespace, "*" and "_".
    static let headerLeadSkipped: Set<UInt8> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, UInt8(ascii: "*"), UInt8(ascii: "_")]

    /// Whether the folded text has a header field ("skickat:") that starts a line or follows a space or a `*`.
    static func hasField(_ name: String, in folded: String) -> Bool {
        var searchStart = folded.startIndex
        while let found = folded[searchStart...].firstRange(of: name + ":") {
            if found.lowerBound == folded.startIndex { return true }
            let before = folded[folded.index(before: found.lowerBound)]
            if before.isWhitespaceFast || before == "*" || before == "_" { return true }
            searchStart = found.upperBound
        }
        return false
    }

    /// The number of lines (one or two, when wrapped) of an attribution line that starts at the line, or nil.
    static func attributionLength(at index: Int, in lines: [Substring]) -> Int? {
        let trimmed = lines[index].trimmingWhitespace
        // Without a colon at its end, only a line with a digit and one after it can start an attribution.
        if trimmed.utf8.last != UInt8(ascii: ":"), let profile = Folding.profile(trimmed),
            !profile.hasNumber || index + 1 >= lines.count
        {
            return nil
        }
        let first = Folding.fold(trimmed)
        guard !first.isEmpty, first.first != ">" else { return nil }
        if isAttribution(first) { return 1 }
        guard index + 1 < lines.count, !first.hasSuffix(":"), first.contains(where: \.isNumber) else { return nil }
        let words = Folding.words(first)
        guard words.first == "den" || words.first == "on" || words.contains("skrev") || words.contains("wrote") else { return nil }
        let second = Folding.fold(lines[index + 1].trimmingWhitespace)
        guard second.first != ">" else { return nil }
        return isAttribution(first + " " + second) ? 2 : nil
    }

    /// Whether a folded line reads as an attribution: ends with a colon, says "skrev" or "wrote", has a digit or an `@`.
    static func isAttribution(_ folded: String) -> Bool {
        guard folded.hasSuffix(":"), folded.count <= 300 else { return false }
        let words = Folding.words(folded)
        guard words.contains("skrev") || words.contains("wrote") else { return false }
        return folded.contains(where: \.isNumber) || folded.contains("@")
    }

    // MARK: - Signatures

    /// Closing lines that start a signature, folded.
    static let closings: [String] = [
        "med vanlig halsning", "med vanliga halsningar", "med vanlig halsningar", "vanliga halsningar", "vanlig halsning",
        "basta halsningar", "halsningar", "halsning", "mvh", "vh", "best regards", "kind regards", "warm regards",
        "with kind regards", "regards", "best wishes", "yours sincerely", "sincerely",
    ]

    /// Each of ``closings`` with the space a name after it starts with, made once.
    static let closingsFollowed = closings.map { $0 + " " }

    /// Lines a mail app adds below the text, folded.
    static let appLines: [String] = [
        "skickat fran min", "skickat fran outlook", "skickades fran", "hamta outlook for", "sent from my", "sent from outlook",
        "get outlook for",
    ]

    /// Words of the long notices a signature may carry (privacy, environment, confidentiality).
    static let noticeWords = ["personuppgift", "dataskydd", "gdpr", "miljon", "konfidentiell", "confidential", "disclaimer", "privacy"]

    /// The lines before the signature.
    static func withoutSignature(_ lines: [Substring]) -> [Substring] {
        var lines = lines
        if let dash = lines.firstIndex(where: { $0.trimmingTrailingWhitespace == "--" }) {
            lines.removeSubrange(dash...)
        }
        for index in lines.indices where isClosing(lines[index]) && isSignatureTail(lines[(index + 1)...]) {
            lines.removeSubrange(index...)
            break
        }
        while let last = lines.last, last.trimmingWhitespace.isEmpty || isRule(last) { lines.removeLast() }
        return lines
    }

    /// Whether the line is a closing ("Med vänlig hälsning", "Hälsningar Anna", "Sent from my iPhone").
    static func isClosing(_ line: Substring) -> Bool {
        // A closing and a name, or an app's line, are at most eight words.
        if let profile = Folding.profile(line), profile.words > 8 || profile.words == 0 { return false }
        let words = Folding.words(line)
        guard !words.isEmpty else { return false }
        let phrase = words.joined(separator: " ")
        if appLines.contains(where: { phrase.hasPrefix($0) }) { return words.count <= 8 }
        for (closing, followed) in zip(closings, closingsFollowed) where phrase == closing || phrase.hasPrefix(followed) {
            let nameWords = words.count - closing.split(separator: " ").count
            return nameWords <= 5 && StanceReader.stance(in: String(line)) == nil
        }
        return false
    }

    /// Whether the lines after a closing are only a signature: a few short lines, none with a stance.
    static func isSignatureTail(_ lines: ArraySlice<Substring>) -> Bool {
        let filled = lines.map(\.trimmingWhitespace).filter { !$0.isEmpty }
        guard filled.count <= 12 else { return false }
        return filled.allSatisfy { line in
            let folded = Folding.fold(line)
            if folded.hasPrefix("ps") && (folded.dropFirst(2).first.map { !$0.isLetterFast } ?? true) { return false }
            if folded.hasPrefix("p.s") { return false }
            if line.count > 80 && !noticeWords.contains(where: folded.contains) { return false }
            return StanceReader.stance(in: String(line)) == nil
        }
    }

    /// Whether the line is only dashes, underscores or equals signs (at least two).
    static func isRule(_ line: Substring) -> Bool {
        let trimmed = line.trimmingWhitespace
        // The characters first: most lines are no rule, and their first character says so.
        return trimmed.allSatisfy { $0 == "-" || $0 == "_" || $0 == "=" || $0 == "\u{2014}" } && trimmed.count >= 2
    }
}
