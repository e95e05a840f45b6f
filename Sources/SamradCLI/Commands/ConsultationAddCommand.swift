import ArgumentParser
import SamradApp

extension ConsultationCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a round from its file, or record a changed file as a new revision.",
            discussion: """
                Every reference is checked against the registry; errors name the file and line and change nothing. Adding the same file again changes nothing. A mailout or deadline on a closed day is warned about, with the working day used. Example:
                  samrad consultation add consultations/mal-2019.yaml
                """
        )

        @ParentCommand var root: SamradCommand
        @Argument(help: "The round's YAML file.") var file: String

        func run() throws {
            try reporting {
                let addition = try ConsultationRegistrar(try root.workspace()).add(file: file)
                say(RoundText.addition(addition).joined(separator: "\n"))
                if case .unchanged = addition.change { return 0 }
                warn(RoundWarnings.dates(addition.consultation, calendar: try root.calendar()))
                return 0
            }
        }
    }
}
