import Foundation
import FuzzSupport
import SamradImport

/// The mbox splitter: the messages it finds hold no more bytes than the mbox.
@main
enum FuzzMbox {
    static func main() {
        FuzzDriver.run { input in
            guard let items = try? MailSource.mboxItems(Data(input), name: "fuzz.mbox") else { return }
            let total = items.reduce(0) { $0 + $1.data.count }
            precondition(total <= input.count, "the messages of an mbox hold \(total) bytes, more than the mbox's \(input.count)")
        }
    }
}
