// swift-tools-version:6.2
import PackageDescription

/// The fuzz targets: one executable, `looselycoupled-fuzz TARGET [libFuzzer options] [corpus…]`,
/// built only by `scripts/fuzz.sh` with `-sanitize=fuzzer,address` (libFuzzer's driver and
/// AddressSanitizer, coverage on every module of the daemon). It is a package of its own so the
/// daemon's builds never see it: a libFuzzer executable cannot link without the sanitizer.
let package = Package(
    name: "looselycoupled-fuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "looselycoupled-fuzz", targets: ["LooselyCoupledFuzz"])
    ],
    dependencies: [
        .package(name: "looselycoupled", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.0"),
    ],
    targets: [
        // libFuzzer's driver entry point, which no Swift module declares.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "LooselyCoupledFuzz",
            dependencies: [
                "CLibFuzzer",
                .product(name: "LooselyCoupled", package: "looselycoupled"),
                .product(name: "LooselyCoupledDaemon", package: "looselycoupled"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)
