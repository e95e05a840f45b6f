/// How a body's answers add up to its standing stance per goal area.
public enum AnswerRules {
    /// A body's standing stance per goal area, with the evidence it was read by, from its answers in the order
    /// they count.
    public static func standing(_ responses: [Response]) -> [Int: (stance: Stance, evidence: Evidence?)] {
        var standing: [Int: (stance: Stance, evidence: Evidence?)] = [:]
        for response in responses where response.withdrawnAt == nil {
            for item in response.contributions {
                guard let area = item.goalArea else { continue }
                standing[area] = item.stance.map { ($0, item.evidence) }
            }
        }
        return standing
    }

    /// Whether a body has answered every goal area, declining included.
    public static func isComplete(_ stances: [Int: Stance], areas: [Int]) -> Bool {
        !areas.isEmpty && areas.allSatisfy { stances[$0] != nil }
    }
}
