import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `looselycoupled-fuzz TARGET [libFuzzer options] [corpus directories or files…]`
///
/// Runs libFuzzer on one target; everything after the target's name is libFuzzer's (`-help=1`
/// lists it). Given files instead of directories, it runs each once: that is how the seed corpus
/// and the kept regression cases are replayed.
@main
struct FuzzMain {
    /// The targets, by the name given on the command line.
    static var targets: [String: any FuzzTarget.Type] {
        [
            "json": JSONTarget.self,
            "config": ConfigTarget.self,
            "control": ControlTarget.self,
        ]
    }

    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = targets[arguments[1]] else {
            let names = targets.keys.sorted().joined(separator: ", ")
            printError("usage: looselycoupled-fuzz TARGET [libFuzzer options] [corpus…]; targets: \(names)")
            exit(2)
        }
        target.prepare()
        selected = target.fuzz
        // libFuzzer reads its own options from argv: hand it argv without the target's name.
        var argv: [UnsafeMutablePointer<CChar>?] =
            [strdup(arguments[0])] + arguments.dropFirst(2).map { strdup($0) } + [nil]
        var argc = CInt(argv.count - 1)
        let status = argv.withUnsafeMutableBufferPointer { buffer in
            var base = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &base) { data, size in
                FuzzMain.selected?(UnsafeRawBufferPointer(start: data, count: size))
                return 0
            }
        }
        exit(status)
    }

    /// The target being run; set once, before libFuzzer's first input.
    nonisolated(unsafe) static var selected: ((UnsafeRawBufferPointer) -> Void)?
}

/// One fuzz target: what a hostile peer can hand the daemon through one of its entry points.
/// A crash, an AddressSanitizer report, a leak or a timeout (libFuzzer's `-timeout`) fails it;
/// an error the daemon reports for the input is the expected outcome and passes.
protocol FuzzTarget {
    /// Runs once before the first input.
    static func prepare()
    /// Feeds one input to the entry point.
    static func fuzz(_ input: UnsafeRawBufferPointer)
}

extension FuzzTarget {
    static func prepare() {}
}

/// libFuzzer's entry point by name, which its runtime library needs to link; the driver above
/// passes its own callback, so this only forwards to the same target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMain.selected?(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
