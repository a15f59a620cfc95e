@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Stops the run with `message`: libFuzzer keeps the input that led here as a crash artifact.
func fail(_ message: String) -> Never {
    printError("looselycoupled-fuzz: \(message)")
    abort()
}

/// Fails the run when `condition` does not hold.
func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fail(message()) }
}

/// Writes `message` and a newline to standard error, unbuffered, as the daemon writes its log.
func printError(_ message: String) {
    StandardStream.error(message + "\n")
}
