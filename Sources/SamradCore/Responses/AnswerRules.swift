/// How the contributions of one response answer the goal areas.
public enum AnswerRules {
    /// The contributions of one response as answers: a general contribution with a stance covers
    /// the areas the response does not name, and lends its stance to named areas whose own text has
    /// none; a general contribution without a stance (a greeting, an apology) answers nothing when
    /// the response names areas.
    public static func effective(_ items: [(goalArea: Int?, stance: Stance)]) -> [(goalArea: Int?, stance: Stance)] {
        let named = items.contains { $0.goalArea != nil }
        let general = items.first { $0.goalArea == nil && $0.stance != .unstated }?.stance
        return items.compactMap { item in
            if item.goalArea == nil {
                return named && item.stance == .unstated ? nil : item
            }
            if item.stance == .unstated, let general { return (item.goalArea, general) }
            return item
        }
    }

    /// A body's standing stance per goal area, from its responses in the order they came: a later
    /// answer on an area replaces an earlier one; a general answer covers the areas not yet answered.
    public static func stances(_ responses: [[(goalArea: Int?, stance: Stance)]], areas: [Int]) -> [Int: Stance] {
        var stances: [Int: Stance] = [:]
        for response in responses {
            let items = effective(response)
            for item in items where item.goalArea == nil {
                for area in areas where stances[area] == nil { stances[area] = item.stance }
            }
            for item in items {
                if let area = item.goalArea { stances[area] = item.stance }
            }
        }
        return stances
    }
}
