import ArgumentParser
import Foundation
import SamradApp
import SamradPortal

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a coordinator who may log in at /samordnare, or give one a new password.",
        discussion: """
            The password is asked for on a terminal (twice, not shown), or read as the first line of standard input; it is kept only as a bcrypt hash. Examples:
              samrad user add anna.karlsson
              printf '%s\\n' "$PASSWORD" | samrad user add anna.karlsson
            """
    )

    @ParentCommand var root: SamradCommand
    @Argument(help: "The user name, e.g. anna.karlsson.") var name: String

    func run() throws {
        try reporting {
            let password = try Self.readPassword()
            let new = try CoordinatorAccounts(try root.workspace()).set(name: name, password: password)
            say(new ? "Added the coordinator \(name)." : "Set a new password for \(name).")
            return 0
        }
    }

    /// The password: asked twice without echo on a terminal, else the first line of standard input.
    static func readPassword() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw SamradError(.usage, "no password on standard input; give it as the first line, or run the command on a terminal")
            }
            return line
        }
        let first = try prompt("Password: ")
        let second = try prompt("Password again: ")
        guard first == second else { throw SamradError(.usage, "the two passwords differ; run the command again") }
        return first
    }

    static func prompt(_ text: String) throws -> String {
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        FileHandle.standardError.write(Data(text.utf8))
        guard let line = readLine(strippingNewline: true) else { throw SamradError(.usage, "no password given") }
        return line
    }
}
