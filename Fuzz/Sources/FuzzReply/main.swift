import FuzzSupport
import SamradCore

/// The reading of a reply's text: its stance and text per goal area.
@main
enum FuzzReply {
    static func main() {
        FuzzDriver.run { input in
            let reading = AnswerReader.read(reply: FuzzInput.text(input), goalAreas: FuzzInput.goalAreas)
            precondition(reading.areas.allSatisfy { (1...4).contains($0.area) }, "a reading of a goal area the round lacks")
        }
    }
}
