// swift-tools-version:6.2
import PackageDescription

/// The daemon and the benchmarks link with lld and pack their relative relocations (DT_RELR,
/// glibc 2.36, Debian 12): the loader then reads a few kilobytes of relocations at start instead
/// of 750 KiB, which a Pi keeps resident (measured: 10.3 → 9.9 MiB RSS idle, start-up 3.4 →
/// 2.6 ms). Only these two executables, which no other package links, use the flags.
let executableLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux]))
]

let package = Package(
    name: "looselycoupled",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LooselyCoupled", targets: ["LooselyCoupled"]),
        .library(name: "LooselyCoupledCatalog", targets: ["LooselyCoupledCatalog"]),
        .library(name: "LooselyCoupledDaemon", targets: ["LooselyCoupledDaemon"]),
        .library(name: "LooselyCoupledTestKit", targets: ["LooselyCoupledTestKit"]),
        .library(name: "LooselyCoupledTimer", targets: ["LooselyCoupledTimer"]),
        .library(name: "LooselyCoupledGPIO", targets: ["LooselyCoupledGPIO"]),
        .library(name: "LooselyCoupledSerial", targets: ["LooselyCoupledSerial"]),
        .library(name: "LooselyCoupledController", targets: ["LooselyCoupledController"]),
        .library(name: "LooselyCoupledI2C", targets: ["LooselyCoupledI2C"]),
        .executable(name: "looselycoupled", targets: ["looselycoupled"]),
        .executable(name: "looselycoupled-bench", targets: ["LooselyCoupledBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // Errno: every errno the daemon reports travels as swift-system's type, with its text.
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.0"),
    ],
    targets: [
        // The project's one way to talk to the kernel, under the core: locks and set-once values,
        // threads, wake pipes, files, poll, Unix sockets, line reading and the signal pipe, on
        // swift-system's FileDescriptor and Errno. Not a product: the core re-exports the part
        // module authors use (Locked, SetOnce, Files, OSThread, WakePipe); the rest is `package`,
        // for the daemon and the module types here.
        .target(
            name: "LooselyCoupledPOSIX",
            dependencies: [
                "CPOSIX",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .target(
            name: "LooselyCoupled",
            dependencies: [
                "CYAML",
                "CPOSIX",
                "LooselyCoupledPOSIX",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // glibc calls Swift's Glibc module leaves out (ppoll, eventfd, pipe2), compiled with
        // _GNU_SOURCE in a C file of their own (see include/lc_posix.h for why not a shim).
        .target(name: "CPOSIX"),
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
        // The daemon as a library: CLI, signals, systemd notify, logging backend, control socket.
        // A package of its own builds a daemon with more module types on it.
        .target(
            name: "LooselyCoupledDaemon",
            dependencies: [
                "LooselyCoupled",
                "CPOSIX",
                "LooselyCoupledPOSIX",
                "LooselyCoupledCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // The `looselycoupled` executable: a thin main over the library, with the built-in types.
        .executableTarget(
            name: "looselycoupled",
            dependencies: ["LooselyCoupledDaemon"],
            linkerSettings: executableLinkerSettings
        ),
        // The one place that maps a config's `type:` to a module type: it sees every target
        // under Modules/, so the executable does not have to.
        .target(
            name: "LooselyCoupledCatalog",
            dependencies: [
                "LooselyCoupled", "LooselyCoupledTimer", "LooselyCoupledGPIO", "LooselyCoupledSerial",
                "LooselyCoupledI2C",
                "LooselyCoupledController",
            ]
        ),
        // Helpers for tests of the core, module types and the daemon: awaiting with timeouts.
        .target(
            name: "LooselyCoupledTestKit",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
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
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Modules/GPIO"
        ),
        // The `serial` module type: termios through Glibc (and CPOSIX for the ioctls Swift cannot
        // import), errno and descriptors through swift-system; no C library of its own.
        .target(
            name: "LooselyCoupledSerial",
            dependencies: [
                "LooselyCoupled",
                "CPOSIX",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Modules/Serial"
        ),
        // The `controller` module type: automation rules, checked against the other modules'
        // declared methods and entities, and run.
        .target(
            name: "LooselyCoupledController",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Modules/Controller"
        ),
        // The `i2c` module type: SMBus through libi2c, I2C_RDWR and the adapter ioctls through
        // CI2C's shim, errno and descriptors through swift-system.
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
                "CPOSIX",
                "LooselyCoupledGPIO",
                "LooselyCoupledSerial",
                "LooselyCoupledController",
                "LooselyCoupledI2C",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks",
            linkerSettings: executableLinkerSettings
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
            dependencies: ["LooselyCoupledTimer", "LooselyCoupled", "LooselyCoupledPOSIX", "LooselyCoupledTestKit"]
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
            dependencies: [
                "looselycoupled", "LooselyCoupledDaemon", "LooselyCoupled", "LooselyCoupledPOSIX",
                "LooselyCoupledTestKit",
            ]
        ),
        .testTarget(
            name: "LooselyCoupledControllerTests",
            dependencies: [
                "LooselyCoupledController", "LooselyCoupled", "LooselyCoupledTestKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LooselyCoupledGPIOTests",
            dependencies: [
                "LooselyCoupledGPIO", "LooselyCoupled", "LooselyCoupledTestKit",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Test-only C: a thread that gives up root for itself, to be refused a busy port.
        .systemLibrary(name: "CSerialTestSupport", path: "Tests/CSerialTestSupport"),
        .testTarget(
            name: "LooselyCoupledSerialTests",
            dependencies: [
                "LooselyCoupledSerial",
                "CSerialTestSupport",
                "CPOSIX",
                "LooselyCoupled",
                "LooselyCoupledTestKit",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "LooselyCoupledI2CTests",
            dependencies: [
                "LooselyCoupledI2C", "LooselyCoupled", "LooselyCoupledTestKit", "CI2C",
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
