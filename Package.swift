// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "looselycoupled",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LooselyCoupled", targets: ["LooselyCoupled"]),
        .executable(name: "looselycoupled", targets: ["looselycoupled"]),
        .executable(name: "looselycoupled-bench", targets: ["LooselyCoupledBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
    ],
    targets: [
        .target(
            name: "LooselyCoupled",
            dependencies: [
                "CYAML",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libgpiod 1.6 (Debian 12) or 2.x (Debian 13, bookworm-backports): lc_gpiod.h picks the
        // API from the header it is compiled against (scripts/gpiod-v2.sh builds against 2.x).
        .systemLibrary(
            name: "CGPIOD",
            pkgConfig: "libgpiod",
            providers: [.apt(["libgpiod-dev"])]
        ),
        // libi2c (i2c-tools' SMBus library) ships no .pc file: the module map links it by name.
        .systemLibrary(
            name: "CI2C",
            providers: [.apt(["libi2c-dev"])]
        ),
        // The daemon: CLI, signals, systemd notify, logging backend, control socket. Thin: what it
        // runs comes from the core and the module types the catalog names.
        .executableTarget(
            name: "looselycoupled",
            dependencies: [
                "LooselyCoupled",
                "LooselyCoupledCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The one place that maps a config's `type:` to a module type: it sees every target
        // under Modules/, so the executable does not have to.
        .target(
            name: "LooselyCoupledCatalog",
            dependencies: ["LooselyCoupled", "LooselyCoupledTimer", "LooselyCoupledGPIO", "LooselyCoupledI2C"]
        ),
        // Helpers for tests of the core, module types and the daemon: awaiting with timeouts.
        .target(
            name: "LooselyCoupledTestKit",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LooselyCoupledTimer",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/Timer"
        ),
        .target(
            name: "LooselyCoupledGPIO",
            dependencies: [
                "LooselyCoupled",
                "CGPIOD",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/GPIO"
        ),
        .target(
            name: "LooselyCoupledI2C",
            dependencies: [
                "LooselyCoupled",
                "CI2C",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Modules/I2C"
        ),
        .executableTarget(
            name: "LooselyCoupledBenchmarks",
            dependencies: [
                "LooselyCoupled",
                "LooselyCoupledGPIO",
                "LooselyCoupledI2C",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks"
        ),
        .testTarget(
            name: "LooselyCoupledTests",
            dependencies: [
                "LooselyCoupled",
                "LooselyCoupledTestKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LooselyCoupledTimerTests",
            dependencies: ["LooselyCoupledTimer", "LooselyCoupled", "LooselyCoupledTestKit"]
        ),
        .testTarget(
            name: "LooselyCoupledCatalogTests",
            dependencies: [
                "LooselyCoupledCatalog",
                "LooselyCoupled",
                "LooselyCoupledTestKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs the built `looselycoupled` as a subprocess; the dependency makes `swift test`
        // build it first.
        .testTarget(
            name: "DaemonTests",
            dependencies: ["looselycoupled", "LooselyCoupled", "LooselyCoupledTestKit"]
        ),
        .testTarget(
            name: "LooselyCoupledGPIOTests",
            dependencies: ["LooselyCoupledGPIO", "LooselyCoupled", "LooselyCoupledTestKit"]
        ),
        .testTarget(
            name: "LooselyCoupledI2CTests",
            dependencies: [
                "LooselyCoupledI2C", "LooselyCoupled", "LooselyCoupledTestKit",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)

// Swift 6 language mode is the tools-version default; these settings apply to every target once.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    // Nonisolated async functions run on the caller's executor: a call through ModuleContext
    // does not hop to the global pool first.
    settings.append(.enableUpcomingFeature("NonisolatedNonsendingByDefault"))
    target.swiftSettings = settings
}
