import Foundation
import SamradCLI

// A server that hangs up must end a delivery with an error, not kill the process.
signal(SIGPIPE, SIG_IGN)
SamradCommand.main()
