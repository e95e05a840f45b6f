import Foundation

/// What a body fills in on its page in the answer portal: per goal area a stance and a text, a general comment,
/// the decided document, and who answers.
public struct PortalForm: Sendable, Equatable, Codable {
    /// What the body says on one goal area.
    public struct Area: Sendable, Equatable, Codable {
        /// The goal area's id.
        public var id: Int
        /// The stance chosen, if any.
        public var stance: Stance?
        /// The text.
        public var text: String

        /// Creates an area's answer.
        public init(id: Int, stance: Stance?, text: String) {
            self.id = id
            self.stance = stance
            self.text = text
        }
    }

    /// The areas, in the round's order.
    public var areas: [Area]
    /// A comment on the proposal as a whole.
    public var general: String
    /// Who answers, e.g. the board's secretary.
    public var respondent: String
    /// Their role, e.g. "nämndsekreterare".
    public var role: String
    /// The decided yttrande or protokollsutdrag, kept in the attachment store.
    public var document: AttachmentRecord?

    /// Creates a form.
    public init(areas: [Area], general: String = "", respondent: String = "", role: String = "", document: AttachmentRecord? = nil) {
        self.areas = areas
        self.general = general
        self.respondent = respondent
        self.role = role
        self.document = document
    }

    /// An empty form for a round's goal areas.
    public static func empty(for consultation: Consultation) -> PortalForm {
        PortalForm(areas: consultation.goalAreas.map { Area(id: $0.id, stance: nil, text: "") })
    }

    /// The area with an id.
    public func area(_ id: Int) -> Area? {
        areas.first { $0.id == id }
    }

    /// Whether the form says anything at all: a stance, a text, or a document.
    public var isEmpty: Bool {
        areas.allSatisfy { $0.stance == nil && $0.text.isEmpty } && general.isEmpty && document == nil
    }
}

/// The stances the portal offers, in the order its radio buttons show them.
extension Stance {
    /// Tillstyrker, avstyrker, varken eller, avstår.
    public static let portalChoices: [Stance] = [.supports, .opposes, .neutral, .declines]

    /// The word on the portal's radio button.
    public var portalLabel: String {
        switch self {
        case .supports: "Tillstyrker"
        case .opposes: "Avstyrker"
        case .neutral: "Varken eller"
        case .declines: "Avstår"
        case .unstated: "Inget ställningstagande"
        }
    }
}
