/// How a body's answers add up to its standing stance per goal area.
public enum AnswerRules {
    /// A body's standing stance per goal area, from its answers in the order they count (when each was received,
    /// or made, for a correction): a later answer on an area replaces an earlier one, and a correction with no
    /// stance clears it. A general contribution covers no area: the reading gives each area it covers a
    /// contribution of its own.
    public static func stances(_ answers: [[(goalArea: Int?, stance: Stance?)]]) -> [Int: Stance] {
        var stances: [Int: Stance] = [:]
        for answer in answers {
            for item in answer {
                guard let area = item.goalArea else { continue }
                stances[area] = item.stance
            }
        }
        return stances
    }

    /// A body's standing stance per goal area, with the evidence it was read by, from its answers in the order
    /// they count.
    public static func standing(_ answers: [GivenAnswer]) -> [Int: (stance: Stance, evidence: Evidence?)] {
        var standing: [Int: (stance: Stance, evidence: Evidence?)] = [:]
        for answer in answers {
            for item in answer.items {
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
