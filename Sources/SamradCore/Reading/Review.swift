import Foundation

/// What kind of thing a person should look at.
public enum ReviewKind: String, Sendable, Codable, CaseIterable {
    /// The answer names an area but no stance word could be read for it.
    case areaWithoutStance = "area-without-stance"
    /// A stance word stands in no clause that names an area, in an answer that names several areas.
    case stanceWithoutArea = "stance-without-area"
    /// The answer states two different stances on one area.
    case contradiction
    /// The message's text and its attached document disagree on an area; the document was taken.
    case disagreement
    /// An attached PDF has no text (a scan): a person must read it.
    case scan
    /// An attachment could not be read (too large, damaged, encrypted).
    case unreadAttachment = "unread-attachment"
    /// The text was longer than the reader reads; the rest was not read.
    case longText = "long-text"
    /// The answer came from an address that several bodies share.
    case sharedAddress = "shared-address"
    /// A message matched no body: it waits for `samrad assign`.
    case unmatched
}

/// Something a person should look at, as the import notes it.
public struct ReviewNote: Sendable, Equatable {
    /// What kind.
    public var kind: ReviewKind
    /// The goal area it is about, if one.
    public var area: Int?
    /// What to look at, in one sentence.
    public var detail: String
    /// The clauses it is about.
    public var evidence: [Evidence]

    /// Creates a note.
    public init(kind: ReviewKind, area: Int? = nil, detail: String, evidence: [Evidence] = []) {
        self.kind = kind
        self.area = area
        self.detail = detail
        self.evidence = evidence
    }

    /// The notes a reading's flags call for.
    public static func notes(for reading: AnswerReading) -> [ReviewNote] {
        reading.flags.map { flag in
            switch flag {
            case .areaWithoutStance(let area, let evidence):
                ReviewNote(
                    kind: .areaWithoutStance, area: area, detail: "goal area \(area) is named, but no stance could be read for it",
                    evidence: [evidence])
            case .stanceWithoutArea(let stance, let evidence):
                ReviewNote(
                    kind: .stanceWithoutArea,
                    detail: "'\(stance.swedish)' stands in no clause that names a goal area, in an answer that names several; "
                        + "it was taken for the areas with no stance of their own",
                    evidence: [evidence])
            case .contradiction(let area, let taken, let other, let takenStance, let otherStance):
                ReviewNote(
                    kind: .contradiction, area: area,
                    detail: "the answer says both '\(takenStance.swedish)' and '\(otherStance.swedish)' on goal area \(area); "
                        + "'\(takenStance.swedish)' was taken",
                    evidence: [taken, other])
            case .disagreement(let area, let document, let text, let documentStance, let textStance):
                ReviewNote(
                    kind: .disagreement, area: area,
                    detail: "the attached \(document.attachment ?? "document") says '\(documentStance.swedish)' on goal area \(area), "
                        + "the message says '\(textStance.swedish)'; the document was taken",
                    evidence: [document, text])
            }
        }
    }
}

/// An item of `samrad review`: a note with where it came from and whether a person has dealt with it.
public struct ReviewItem: Sendable, Equatable, Codable {
    /// A stable id: the same item has the same id in every listing.
    public var id: String
    /// The round.
    public var consultation: String
    /// The body, when known.
    public var body: String?
    /// What kind.
    public var kind: ReviewKind
    /// The goal area, when the item is about one.
    public var area: Int?
    /// What to look at.
    public var detail: String
    /// The clauses it is about.
    public var evidence: [Evidence]
    /// The message it came from: its Message-ID or form row.
    public var message: String?
    /// The register number of the message, e.g. `KS 2019/017-14`.
    public var registration: String?
    /// Bodies it may belong to, for an unmatched message.
    public var candidates: [String]
    /// When it was noted.
    public var createdAt: Date
    /// Whether a person has since recorded an answer for the body (and area), or assigned the message.
    public var resolved: Bool

    /// Creates an item.
    public init(
        id: String, consultation: String, body: String?, kind: ReviewKind, area: Int?, detail: String, evidence: [Evidence],
        message: String?, registration: String?, candidates: [String], createdAt: Date, resolved: Bool
    ) {
        self.id = id
        self.consultation = consultation
        self.body = body
        self.kind = kind
        self.area = area
        self.detail = detail
        self.evidence = evidence
        self.message = message
        self.registration = registration
        self.candidates = candidates
        self.createdAt = createdAt
        self.resolved = resolved
    }

    /// A stable id for an item: 10 hex digits of a 64-bit FNV-1a hash of what identifies it.
    public static func stableID(kind: ReviewKind, key: String, area: Int?, index: Int = 0) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(kind.rawValue)|\(key)|\(area.map(String.init) ?? "-")|\(index)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "r" + String((String(repeating: "0", count: max(0, 16 - hex.count)) + hex).prefix(10))
    }
}
