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

/// Writes `message` and a newline to standard error, unbuffered.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            guard let base = bytes.baseAddress else { return }
            let written = write(2, base + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
