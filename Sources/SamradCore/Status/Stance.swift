/// A body's position on a goal area (tillstyrker, avstyrker, varken eller, avstår).
public enum Stance: String, Sendable, Codable, CaseIterable {
    /// Tillstyrker.
    case supports
    /// Avstyrker.
    case opposes
    /// Varken tillstyrker eller avstyrker.
    case neutral
    /// Avstår från att yttra sig.
    case declines
    /// Answered, with no stance that could be read.
    case unstated

    /// The Swedish word for reports.
    public var swedish: String {
        switch self {
        case .supports: "tillstyrker"
        case .opposes: "avstyrker"
        case .neutral: "varken eller"
        case .declines: "avstår"
        case .unstated: "svar utan ställningstagande"
        }
    }
}
