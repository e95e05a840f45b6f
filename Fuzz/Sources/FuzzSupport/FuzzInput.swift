import Foundation
import SamradCore

/// What the fuzz targets share: the input as text, and the sample round's goal areas and registry.
public enum FuzzInput {
    /// The bytes as text, invalid UTF-8 repaired, as the importers see a decoded file.
    public static func text(_ input: UnsafeRawBufferPointer) -> String {
        String(decoding: input, as: UTF8.self)
    }

    /// The four goal areas of the sample round (Dnr KS 2019/017).
    public static let goalAreas = [
        GoalArea(id: 1, title: "Hållbar tillväxt och samhällsplanering"),
        GoalArea(id: 2, title: "Utbildning, arbete och näringsliv"),
        GoalArea(id: 3, title: "Kunskap, hälsa och fritid"),
        GoalArea(id: 4, title: "Delaktighet, tillgänglighet och trygghet"),
    ]

    /// A small registry that a round's file can name as recipients and dialogue participants.
    public static let registry: Registry = {
        let text = """
            organizations:
              - id: BUN
                name: Barn- och utbildningsnämnden
                kind: board
                mailbox: bun@kommun.example
                contacts:
                  - { name: Fiktiv Person, role: secretary, email: fiktiv.person@kommun.example }
                meetings: [2019-04-17, 2019-05-15]
              - id: SN
                name: Socialnämnden
                kind: board
                mailbox: sn@kommun.example
              - id: HEAB
                name: Hemsta Energi AB
                kind: company
                mailbox: heab@kommun.example
            """
        do {
            return Registry(try RegistryReader.read([RegistryReader.File(name: "fuzz.yaml", text: text)]))
        } catch {
            fatalError("the fuzz targets' sample registry does not read: \(error)")
        }
    }()
}
