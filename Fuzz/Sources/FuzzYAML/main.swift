import FuzzSupport
import SamradCore

/// The YAML readers: the same text as a registry file, a round's file and a calendar of closed days.
@main
enum FuzzYAML {
    static func main() {
        FuzzDriver.run { input in
            let text = FuzzInput.text(input)
            _ = try? RegistryReader.read([RegistryReader.File(name: "fuzz.yaml", text: text)])
            _ = try? ConsultationReader.read(text, file: "fuzz.yaml", registry: FuzzInput.registry)
            _ = try? ClosedDaysReader.read(text, file: "fuzz.yaml")
        }
    }
}
