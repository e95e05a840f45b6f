import ArgumentParser

struct ConsultationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consultation",
        abstract: "Consultation rounds: add a round's file, list and show rounds.",
        subcommands: [Add.self, List.self, Show.self, Close.self]
    )
}
