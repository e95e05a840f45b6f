/// libFuzzer's driver, started from the target's own `main`.
///
/// SwiftPM links an executable target's entry point as `main`, so libFuzzer's `main` is never
/// linked in; each target's `main` hands its test to `LLVMFuzzerRunDriver` instead, which reads
/// the same command line (`-runs=N`, `-max_total_time=S`, corpus folders) as libFuzzer's own.
///
/// ```swift
/// @main enum FuzzMIME {
///     static func main() { FuzzDriver.run { input in _ = try? MailReader.parse(Data(input)) } }
/// }
/// ```
public enum FuzzDriver {
    /// The test of the running target; set once by ``run(_:)`` before libFuzzer starts.
    nonisolated(unsafe) private static var test: (UnsafeRawBufferPointer) -> Void = { _ in }

    /// Runs libFuzzer with the process's arguments over `test` and exits with its status.
    public static func run(_ test: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        Self.test = test
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = withUnsafeMutablePointer(to: &argv) { argv in
            llvmFuzzerRunDriver(&argc, argv) { bytes, count in
                FuzzDriver.test(UnsafeRawBufferPointer(start: bytes, count: count))
                return 0
            }
        }
        exit(status)
    }
}

/// libFuzzer's entry for a program with its own `main` (compiler-rt's FuzzerInterface.h).
@_silgen_name("LLVMFuzzerRunDriver")
private func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@_silgen_name("exit")
private func exit(_ status: CInt) -> Never
