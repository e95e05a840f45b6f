import SamradCLI

SamradCommand.main()
