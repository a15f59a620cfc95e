// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "looselycoupled",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LooselyCoupled", targets: ["LooselyCoupled"]),
        .executable(name: "looselycoupled-bench", targets: ["LooselyCoupledBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        .target(
            name: "LooselyCoupled",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(name: "LooselyCoupledGPIO", path: "Modules/GPIO"),
        .executableTarget(
            name: "LooselyCoupledBenchmarks",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks"
        ),
        .testTarget(
            name: "LooselyCoupledTests",
            dependencies: [
                "LooselyCoupled",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "LooselyCoupledGPIOTests", dependencies: ["LooselyCoupledGPIO"]),
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
