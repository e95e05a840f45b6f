import Foundation
import FuzzSupport
import SamradImport

/// The MIME reader: any bytes are read as one message or refused with a reason, never a crash.
@main
enum FuzzMIME {
    static func main() {
        FuzzDriver.run { input in
            guard let mail = try? MailReader.parse(Data(input)) else { return }
            // What the importer reads of a message.
            _ = (mail.text.count, mail.subject.count, mail.attachments.map(\.data.count), mail.forwarded.count, mail.warnings.count)
        }
    }
}
