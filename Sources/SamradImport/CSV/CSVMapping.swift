import SamradCore

/// Which column holds what, from the round's file (`csv:`) when a form's columns are not named as Samråd expects.
///
/// The same value as the round's ``SamradCore/Consultation/csv``, so a round's mapping is passed as it is:
/// ```swift
/// let (answers, warnings) = try CSVResponses.read(table, file: path, goalAreas: round.goalAreas, mapping: round.csv)
/// ```
/// Every field left `nil` (or a goal area left out) is found by its column name instead.
public typealias CSVMapping = CSVColumns
